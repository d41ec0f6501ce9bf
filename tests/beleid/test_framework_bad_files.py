"""A bad framework file is refused with a message naming the place, and nothing is written."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from beleid.models import (
    AuditEvent,
    FrameworkVersion,
    QualityLine,
    Requirement,
    RequirementInterpretation,
    Step,
)
from beleid.services.framework import FrameworkFileError, framework_load

DATA = Path(__file__).parent / "data"


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


@pytest.mark.parametrize(
    ("filename", "errors"),
    [
        (
            "bad_syntax.yaml",
            ["YAML syntax error at line 29, column 31: mapping values are not allowed here"],
        ),
        (
            "unknown_step.yaml",
            [
                'step visoin (line 46): step "visoin" is unknown (choose from: vision, '
                "recruitment, intake, onboarding, insurance, training, guidance, appreciation, "
                "evaluation, exit)"
            ],
        ),
        (
            "duplicate_code.yaml",
            ["requirement VIS-01 (line 38): duplicate requirement code VIS-01 (first at line 20)"],
        ),
        ("missing_title.yaml", ["requirement ONB-01 (line 28): title is missing"]),
        (
            "unknown_applies_to.yaml",
            [
                'requirement ONB-02 (line 31): applies_to "welzijn" is unknown '
                "(choose from: all, welfare_decree, not_welfare_decree)"
            ],
        ),
        (
            "wrong_type.yaml",
            ["requirement VRM-01 (line 43): mandatory must be true or false, not 'ja'"],
        ),
        (
            "unquoted_version.yaml",
            ['top level: version must be text, not 2030.1 (put it in quotes: "2030.1")'],
        ),
        (
            "unknown_field.yaml",
            [
                'requirement ONB-01 (line 28): unknown field "wettelijke_basis" (known fields: '
                "code, title, title_en, guidance, guidance_en, legal_basis, expected_evidence, "
                "expected_evidence_en, mandatory, applies_to, valid_months)"
            ],
        ),
        ("duplicate_key.yaml", ['line 45: field "title" appears twice in the same block']),
        ("missing_mission_step.yaml", ['top level: the mission step "training" is missing']),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(db, filename, errors):
    # given a framework already loaded as a draft (a bad file must not touch it either)
    framework_load(path=DATA / "framework_small.yaml")
    before = table_counts()
    titles = list(Requirement.objects.order_by("code").values_list("code", "title"))

    # when a bad file is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match=re.escape(errors[0])
    ) as refused:
        framework_load(path=DATA / filename)

    # then it is refused with a message naming the place, and nothing is written
    assert refused.value.errors == errors
    assert table_counts() == before
    assert list(Requirement.objects.order_by("code").values_list("code", "title")) == titles


def test_every_problem_of_a_file_is_reported_at_once(db, tmp_path):
    # given a file with several problems in different places
    path = tmp_path / "many.yaml"
    path.write_text(
        'version: "2031-1"\n'
        "titel: Kader\n"
        "training_valid_months: 0\n"
        "steps:\n"
        "  - code: vision\n"
        "    quality_line: KL9\n"
        "    title: Visie\n"
        "    requirements:\n"
        "      - code: vis1\n"
        "        title: Visie\n"
        "      - title: Zonder code\n"
        "  - code: onboarding\n"
        "    title: Onthaal\n"
        "  - code: insurance\n"
        "    title: Verzekering\n"
        "    requirements: geen\n"
        "  - Vorming\n",
        encoding="utf-8",
    )

    # when it is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match='unknown field "titel"'
    ) as refused:
        framework_load(path=path)

    # then every problem is named, in file order, and nothing is written
    assert refused.value.errors == [
        'top level: unknown field "titel" (known fields: version, title, title_en, vision, '
        "vision_en, training_valid_months, quality_lines, steps)",
        "top level: title is missing",
        "top level: training_valid_months must be between 1 and 120",
        'top level: version "2031-1" is not of the form 2024.1 (year.number)',
        'step vision (line 5): quality line "KL9" is unknown',
        "requirement vis1 (line 9): code vis1 is not of the form ABC-01",
        "requirement (line 11): code is missing",
        "step onboarding (line 12): a mission step needs at least one requirement",
        "step insurance (line 14): requirements must be a list, not 'geen'",
        "step insurance (line 14): a mission step needs at least one requirement",
        "step no. 4: expected a block of fields",
        'top level: the mission step "training" is missing',
    ]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


@pytest.mark.parametrize(
    ("content", "errors"),
    [
        (b"", ["top level: expected a block of fields"]),
        (b"- een\n- lijst\n", ["top level: expected a block of fields"]),
        (b'version: "2031.1"\ntitle: \xff\n', ["{path}: the file is not UTF-8 text"]),
        (
            b'version: "2031.1"\ntitle: "niet gesloten\n',
            ["YAML syntax error at line 3, column 1: found unexpected end of stream"],
        ),
    ],
)
def test_an_empty_or_unreadable_file_is_refused(db, tmp_path, content, errors):
    # given a file that is not a framework at all
    path = tmp_path / "kapot.yaml"
    path.write_bytes(content)

    # when it is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match=re.escape(errors[0].format(path=path))
    ) as refused:
        framework_load(path=path)

    # then it is refused and nothing is written
    assert refused.value.errors == [error.format(path=path) for error in errors]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_a_missing_file_is_refused(db, tmp_path):
    # given a path where no file is
    path = tmp_path / "bestaat-niet.yaml"

    # when it is loaded
    with translation.override("en"), pytest.raises(
        FrameworkFileError, match="cannot read the file"
    ) as refused:
        framework_load(path=path)

    # then it is refused
    assert refused.value.errors == [f"{path}: cannot read the file (No such file or directory)"]
    assert FrameworkVersion.objects.count() == 0


def test_the_messages_are_dutch_in_a_dutch_interface(db):
    # given the Dutch interface (the default language)
    # when a bad file is loaded
    with translation.override("nl-be"), pytest.raises(
        FrameworkFileError, match=re.escape('vereiste ONB-01 (regel 28): title ontbre')
    ) as refused:
        framework_load(path=DATA / "missing_title.yaml")

    # then the message is Dutch
    assert refused.value.errors == ["vereiste ONB-01 (regel 28): title ontbreekt"]
