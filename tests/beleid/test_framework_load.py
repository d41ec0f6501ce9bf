"""Loading the framework from its versioned data file."""

import hashlib
import re
from pathlib import Path

import pytest
from django.db.models import ProtectedError, QuerySet
from django.utils import translation

from beleid.models import (
    AuditEvent,
    AuditEventType,
    FrameworkVersion,
    QualityLine,
    Requirement,
    RequirementInterpretation,
    Step,
)
from beleid.services.framework import (
    FrameworkFileError,
    framework_import,
    framework_load,
    framework_publish,
)

DATA = Path(__file__).parent / "data"
FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "beleid" / "framework"


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            FrameworkVersion,
            QualityLine,
            Step,
            Requirement,
            RequirementInterpretation,
            AuditEvent,
        )
    }


def rows_of(version: FrameworkVersion) -> list[tuple]:
    return list(
        Requirement.objects.filter(version=version)
        .order_by("code")
        .values_list("pk", "code", "step__code", "title", "mandatory", "applies_to", "order")
    )


def test_framework_v1_loads_as_a_draft_with_every_step_and_requirement(db, administrator):
    # given the framework v1 of the repository
    path = FRAMEWORK_DIR / "2024.1.yaml"

    # when it is loaded
    version = framework_load(path=path, actor=administrator)

    # then it is a draft with its 5 quality lines, 10 steps and 29 requirements
    assert (version.code, version.status, version.published_on) == ("2024.1", "draft", None)
    assert version.title == "Minimaal kader vrijwilligersbeleid 2024"
    assert version.title_en == "Minimal framework for volunteer policy 2024"
    assert version.training_valid_months == 36
    assert version.vision.startswith("Stad en OCMW Gent zien vrijwilligers")
    assert version.vision_en.startswith("The City and OCMW of Ghent see volunteers")
    assert len(version.source_sha256) == 64
    assert list(version.quality_lines.values_list("code", flat=True)) == [
        "KL1", "KL2", "KL3", "KL4", "KL5",
    ]
    assert list(version.steps.values_list("code", "order")) == [
        ("vision", 1), ("recruitment", 2), ("intake", 3), ("onboarding", 4), ("insurance", 5),
        ("training", 6), ("guidance", 7), ("appreciation", 8), ("evaluation", 9), ("exit", 10),
    ]
    per_step = {
        step.code: list(step.requirements.order_by("order").values_list("code", flat=True))
        for step in version.steps.all()
    }
    assert per_step == {
        "vision": ["VIS-01", "VIS-02", "VIS-03", "VIS-04"],
        "recruitment": ["WRV-01", "WRV-02"],
        "intake": ["INT-01", "INT-02"],
        "onboarding": ["ONB-01", "ONB-02", "ONB-03", "ONB-04", "ONB-05"],
        "insurance": ["VRZ-01", "VRZ-02", "VRZ-03", "VRZ-04"],
        "training": ["VRM-01", "VRM-02", "VRM-03", "VRM-04"],
        "guidance": ["BGL-01", "BGL-02", "BGL-03"],
        "appreciation": ["WRD-01"],
        "evaluation": ["EVA-01", "EVA-02"],
        "exit": ["EXT-01", "EXT-02"],
    }
    assert version.steps.get(code="insurance").quality_line.code == "KL3"
    # the agreement note applies only to departments under the welfare decree
    assert list(
        version.requirements.exclude(applies_to="all").values_list("code", "applies_to")
    ) == [("ONB-03", "welfare_decree")]
    assert list(
        version.requirements.filter(mandatory=False).order_by("code").values_list("code", flat=True)
    ) == ["EVA-01", "EXT-01", "ONB-05", "VRM-03", "VRM-04", "WRD-01", "WRV-02"]
    information_note = version.requirements.get(code="ONB-01")
    assert information_note.legal_basis == (
        "Wet van 3 juli 2005 betreffende de rechten van vrijwilligers, art. 4"
    )
    assert information_note.title_en == "Information note with all legal information"
    assert all(
        r.title and r.title_en and r.guidance and r.guidance_en and r.expected_evidence
        and r.expected_evidence_en
        for r in version.requirements.all()
    )
    event = AuditEvent.objects.get()
    assert (event.event_type, event.actor, event.department, event.object_repr) == (
        AuditEventType.FRAMEWORK_LOADED, administrator, None, str(version),
    )
    assert event.before is None
    assert event.after["source"] == "2024.1.yaml"
    assert event.after["source_sha256"] == version.source_sha256
    assert (event.after["quality_lines"], event.after["steps"], event.after["requirements"]) == (
        5, 10, 29,
    )
    assert len(event.after["changes"]["added"]) == 29


def test_every_framework_file_of_the_repository_loads(db):
    # given every framework file in the repository
    paths = sorted(FRAMEWORK_DIR.glob("*.yaml"))

    # when each is loaded
    versions = [framework_load(path=path) for path in paths]

    # then each becomes a draft version named like its file
    assert [v.code for v in versions] == [path.stem for path in paths]
    assert [p.name for p in paths][:2] == ["2024.1.yaml", "2025.1.yaml"]
    for version in versions:
        assert set(version.steps.values_list("code", flat=True)) >= set(Step.MISSION_KINDS)
        for kind in Step.MISSION_KINDS:
            assert version.requirements.filter(step__code=kind).count() >= 3


def test_loading_the_same_file_twice_changes_nothing(db, administrator):
    # given a loaded file
    path = DATA / "framework_small.yaml"
    version = framework_load(path=path, actor=administrator)
    rows, counts = rows_of(version), table_counts()

    # when it is loaded again
    result = framework_import(path=path, actor=administrator)

    # then nothing changed and no second audit event was written
    assert result.outcome == "unchanged"
    assert result.changes.is_empty
    assert result.version.pk == version.pk
    assert rows_of(version) == rows
    assert table_counts() == counts
    assert counts == {
        "FrameworkVersion": 1,
        "QualityLine": 2,
        "Step": 5,
        "Requirement": 5,
        "RequirementInterpretation": 0,
        "AuditEvent": 1,
    }


def test_loading_a_changed_file_syncs_the_draft_in_place(db, administrator, tmp_path):
    # given a loaded draft
    version = framework_load(path=DATA / "framework_small.yaml")
    kept = dict(Requirement.objects.filter(version=version).values_list("code", "pk"))
    # and its file, edited: VRZ-01 changed, ONB-02 removed, VRM-02 added, KL2 dropped
    text = (DATA / "framework_small.yaml").read_text(encoding="utf-8")
    text = text.replace("Aangemeld vanaf dag een", "Aangemeld vanaf de eerste dag")
    text = text.replace(
        "      - code: ONB-02\n        title: Afsprakennota\n        applies_to: welfare_decree\n",
        "",
    )
    text = text.replace(
        "        mandatory: false\n",
        "        mandatory: false\n      - code: VRM-02\n        title: Begeleiders gevormd\n",
    )
    text = text.replace("  - code: KL2\n    title: Bescherming\n    title_en: Protection\n", "")
    text = text.replace("    quality_line: KL2\n", "")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")

    # when the edited file is loaded
    result = framework_import(path=edited, actor=administrator)

    # then the same draft follows the file, keeping the rows of unchanged requirements
    assert (result.outcome, result.version.pk, result.version.status) == (
        "updated", version.pk, "draft",
    )
    assert result.changes.as_dict() == {
        "added": ["VRM-02"],
        "changed": {"VRZ-01": ["title"]},
        "removed": ["ONB-02"],
    }
    assert sorted(version.requirements.values_list("code", flat=True)) == [
        "ONB-01", "VIS-01", "VRM-01", "VRM-02", "VRZ-01",
    ]
    now = dict(Requirement.objects.filter(version=version).values_list("code", "pk"))
    assert {code: now[code] for code in ("ONB-01", "VIS-01", "VRM-01", "VRZ-01")} == {
        code: kept[code] for code in ("ONB-01", "VIS-01", "VRM-01", "VRZ-01")
    }
    assert version.requirements.get(code="VRZ-01").title == "Aangemeld vanaf de eerste dag"
    assert version.requirements.get(code="VRM-02").order == 2
    assert list(version.quality_lines.values_list("code", flat=True)) == ["KL1"]
    assert version.steps.get(code="insurance").quality_line is None
    version.refresh_from_db()
    assert version.source_sha256 == result.version.source_sha256
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.actor) == (AuditEventType.FRAMEWORK_LOADED, administrator)
    assert event.before["requirements"] == 5
    assert event.after["changes"] == result.changes.as_dict()
    assert AuditEvent.objects.count() == 2


def test_a_draft_edited_in_the_database_is_restored_by_its_file(db):
    # given a loaded draft whose requirement was changed outside the file
    path = DATA / "framework_small.yaml"
    version = framework_load(path=path)
    Requirement.objects.filter(version=version, code="VIS-01").update(title="Iets anders")

    # when the file is loaded again
    result = framework_import(path=path)

    # then the draft follows the file again
    assert result.outcome == "updated"
    assert result.changes.as_dict() == {
        "added": [], "changed": {"VIS-01": ["title"]}, "removed": [],
    }
    assert version.requirements.get(code="VIS-01").title == "Schriftelijke visie"


def test_a_published_version_reloaded_from_its_file_or_a_reformatted_copy_is_unchanged(db):
    # given a published version
    version = framework_load(path=DATA / "framework_small.yaml", publish=True)
    counts = table_counts()

    # when its file, or a copy with other comments, is loaded again
    same = framework_import(path=DATA / "framework_small.yaml")
    comments = framework_import(path=DATA / "framework_small_comments.yaml")

    # then nothing is written
    assert (same.outcome, comments.outcome) == ("unchanged", "unchanged")
    assert table_counts() == counts
    version.refresh_from_db()
    assert version.status == "published"


def test_a_published_version_whose_file_changed_is_refused(db):
    # given a published version
    version = framework_load(path=DATA / "framework_small.yaml", publish=True)
    rows, counts = rows_of(version), table_counts()

    # when a file with the same version code but other content is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match=re.escape('version 2030.1 is published and the file')
    ) as refused:
        framework_load(path=DATA / "framework_small_changed.yaml")

    # then it is refused and nothing is written
    assert refused.value.errors == [
        "version 2030.1 is published and the file differs from it: "
        "published versions are immutable; make a new version"
    ]
    assert rows_of(version) == rows
    assert table_counts() == counts


def test_a_retired_version_is_immutable_too(db, tmp_path):
    # given a retired version: 2030.1 published, then 2030.2 published after it
    old = framework_load(path=DATA / "framework_small.yaml", publish=True)
    text = (DATA / "framework_small.yaml").read_text(encoding="utf-8")
    newer = tmp_path / "2030.2.yaml"
    newer.write_text(text.replace('version: "2030.1"', 'version: "2030.2"'), encoding="utf-8")
    framework_load(path=newer, publish=True)
    old.refresh_from_db()
    assert old.status == "retired"
    counts = table_counts()

    # when the changed file of the retired version is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match=re.escape('version 2030.1 is retired and the file d')
    ) as refused:
        framework_load(path=DATA / "framework_small_changed.yaml")

    # then it is refused and nothing is written
    assert refused.value.errors == [
        "version 2030.1 is retired and the file differs from it: "
        "published versions are immutable; make a new version"
    ]
    assert table_counts() == counts


def test_load_with_publish_publishes_the_draft_in_the_same_call(db, administrator):
    # given no framework yet
    # when a file is loaded with publish
    result = framework_import(path=DATA / "framework_small.yaml", actor=administrator, publish=True)

    # then the version is published today and both events are recorded
    version = result.version
    assert version.status == "published"
    assert version.published_on is not None
    assert result.published.as_dict() == {
        "added": ["ONB-01", "ONB-02", "VIS-01", "VRM-01", "VRZ-01"],
        "changed": {},
        "removed": [],
    }
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "FRAMEWORK_LOADED", "FRAMEWORK_PUBLISHED",
    ]
    # and loading it again with publish does nothing more
    again = framework_import(path=DATA / "framework_small.yaml", publish=True)
    assert (again.outcome, again.published) == ("unchanged", None)
    assert AuditEvent.objects.count() == 2


def test_a_draft_can_be_published_later(db):
    # given a loaded draft
    version = framework_load(path=DATA / "framework_small.yaml")

    # when it is published
    framework_publish(version=version)

    # then it is published
    version.refresh_from_db()
    assert version.status == "published"


def test_a_draft_sync_that_would_remove_a_requirement_in_use_writes_nothing(
    db, tmp_path, monkeypatch
):
    # given a loaded draft whose requirement ONB-02 is still referenced elsewhere (another
    # app's PROTECT reference, simulated here so the test does not depend on that app)
    version = framework_load(path=DATA / "framework_small.yaml")
    onb_02 = version.requirements.get(code="ONB-02")
    rows, counts = rows_of(version), table_counts()
    original_delete = QuerySet.delete

    def delete(queryset):
        if queryset.model is Requirement and queryset.filter(pk=onb_02.pk).exists():
            raise ProtectedError("in use", {onb_02})
        return original_delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", delete)
    # and a file that changes VRZ-01 (written first) and removes ONB-02 (deleted after)
    text = (DATA / "framework_small.yaml").read_text(encoding="utf-8")
    text = text.replace("Aangemeld vanaf dag een", "Aangemeld vanaf de eerste dag")
    text = text.replace(
        "      - code: ONB-02\n        title: Afsprakennota\n        applies_to: welfare_decree\n",
        "",
    )
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")

    # when the file is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match=re.escape('version 2030.1: the file removes rows th')
    ) as refused:
        framework_load(path=edited)

    # then it is refused, and the update written before the refusal is rolled back too
    assert refused.value.errors == [
        "version 2030.1: the file removes rows that are still in use: ONB-02 Afsprakennota"
    ]
    assert rows_of(version) == rows
    assert table_counts() == counts
    version.refresh_from_db()
    assert version.source_sha256 == hashlib.sha256(
        (DATA / "framework_small.yaml").read_bytes()
    ).hexdigest()


def test_framework_v1_covers_every_legal_rule_of_the_domain(db):
    # given the framework v1 of the repository
    version = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml")
    requirements = {r.code: r for r in version.requirements.select_related("step")}

    def text(code):
        r = requirements[code]
        return " ".join((r.title, r.guidance, r.legal_basis, r.expected_evidence))

    # then each legal rule is a mandatory requirement of the right step
    rules = {
        # information duty (art. 4) and its dated proof
        "ONB-01": ("onboarding", "art. 4", ["doel", "juridisch statuut", "verzekeringen",
                                            "onkosten", "discretieplicht", "beroepsgeheim"]),
        "ONB-02": ("onboarding", "art. 4", ["gedateerde handtekening", "vóór"]),
        # civil-liability insurance (art. 5-6)
        "VRZ-01": ("insurance", "art. 5 en 6", ["burgerlijke aansprakelijkheid"]),
        # bodily-accident registration from day one, de-registration at the end
        "VRZ-02": ("insurance", "polis lichamelijke ongevallen", ["eerste dag"]),
        "VRZ-03": ("insurance", "polis lichamelijke ongevallen", ["engagement eindigt"]),
        # duty to report: C45B, mutualiteit, leefloon
        "INT-02": ("intake", "C45B", ["12 werkdagen", "mutualiteit", "leefloon"]),
        # vision written and approved
        "VIS-01": ("vision", "", ["visie"]),
        "VIS-02": ("vision", "", ["goedkeuring"]),
        # staff basic training
        "VRM-01": ("training", "", ["basisvorming", "36 maanden"]),
        # signed agreement note, welfare-decree departments only
        "ONB-03": ("onboarding", "welzijn", ["ondertekend"]),
        # expense-reimbursement caps (2024 figures) and the 7-year list
        "BGL-02": ("guidance", "vergoedingen", ["41,48", "1.659,29", "3.047,43", "2.000 km"]),
        "BGL-03": ("guidance", "vergoedingen", ["zeven jaar"]),
        # privacy statement
        "ONB-04": ("onboarding", "AVG", ["privacyverklaring", "rijksregisternummer"]),
    }
    for code, (step, legal_basis, phrases) in rules.items():
        requirement = requirements[code]
        assert (code, requirement.step.code, requirement.mandatory) == (code, step, True)
        assert legal_basis in requirement.legal_basis
        for phrase in phrases:
            assert phrase in text(code), (code, phrase)
    assert requirements["ONB-03"].applies_to == "welfare_decree"
    assert {r.applies_to for c, r in requirements.items() if c != "ONB-03"} == {"all"}
    assert version.training_valid_months == 36
