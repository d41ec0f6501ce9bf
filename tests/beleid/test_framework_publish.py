"""Publishing a framework version, and the difference with the version before it."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from beleid.models import AuditEvent, AuditEventType, FrameworkVersion, Requirement
from beleid.services.framework import (
    FrameworkDiff,
    FrameworkError,
    framework_diff,
    framework_load,
    framework_publish,
)

FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "beleid" / "framework"


def test_the_diff_between_2024_1_and_2025_1_names_added_changed_and_removed(db):
    # given the two framework versions of the repository
    old = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml")
    new = framework_load(path=FRAMEWORK_DIR / "2025.1.yaml")

    # when they are compared
    diff = framework_diff(old=old, new=new)

    # then the requirements added, changed (with the changed fields) and removed are named
    assert diff == FrameworkDiff(
        added=["INT-03"],
        changed={
            "BGL-02": ["guidance", "guidance_en"],
            "VRM-04": ["guidance", "guidance_en", "mandatory"],
            "WRV-01": ["guidance", "guidance_en"],
        },
        removed=["WRV-02"],
    )
    assert not diff.is_empty
    assert diff.as_dict() == {
        "added": ["INT-03"],
        "changed": {
            "BGL-02": ["guidance", "guidance_en"],
            "VRM-04": ["guidance", "guidance_en", "mandatory"],
            "WRV-01": ["guidance", "guidance_en"],
        },
        "removed": ["WRV-02"],
    }


def test_a_moved_requirement_is_changed_in_its_step(framework):
    # given a copy of the published framework in which one requirement moved to another step
    draft = FrameworkVersion.objects.create(code="2099.1", title="Kopie")
    steps = {}
    for step in framework.steps.all():
        steps[step.code] = draft.steps.create(code=step.code, title=step.title, order=step.order)
    for requirement in framework.requirements.select_related("step"):
        step_code = "training" if requirement.code == "VIS-02" else requirement.step.code
        Requirement.objects.create(
            version=draft,
            step=steps[step_code],
            code=requirement.code,
            title=requirement.title,
            applies_to=requirement.applies_to,
            order=requirement.order,
        )

    # when the versions are compared
    diff = framework_diff(old=framework, new=draft)

    # then only the moved requirement changed, in its step
    assert diff.as_dict() == {"added": [], "changed": {"VIS-02": ["step"]}, "removed": []}


def test_the_diff_with_no_previous_version_adds_everything_and_one_with_itself_is_empty(
    framework,
):
    # given the published framework
    # when it is compared with nothing, and with itself
    from_nothing = framework_diff(old=None, new=framework)
    with_itself = framework_diff(old=framework, new=framework)

    # then everything is added, and nothing differs from itself
    assert from_nothing.added == [
        "ONB-01", "ONB-02", "ONB-99", "VIS-01", "VIS-02", "VRM-01", "VRM-02", "VRZ-01", "VRZ-02",
    ]
    assert (from_nothing.changed, from_nothing.removed) == ({}, [])
    assert with_itself.is_empty
    assert with_itself.as_dict() == {"added": [], "changed": {}, "removed": []}


def test_the_diff_takes_the_same_few_queries_however_many_requirements(
    db, django_assert_num_queries
):
    # given the two framework versions of the repository (29 requirements each)
    old = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml")
    new = framework_load(path=FRAMEWORK_DIR / "2025.1.yaml")

    # when they are compared, then that takes two queries: one per version
    with django_assert_num_queries(2):
        framework_diff(old=old, new=new)


@time_machine.travel(datetime.datetime(2025, 1, 20, 9, 0, tzinfo=datetime.UTC))
def test_publishing_retires_the_previous_version_and_records_the_diff(db, administrator):
    # given 2024.1 published and 2025.1 loaded as a draft
    old = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml", publish=True)
    new = framework_load(path=FRAMEWORK_DIR / "2025.1.yaml")
    events_before = AuditEvent.objects.count()

    # when 2025.1 is published
    diff = framework_publish(version=new, actor=administrator)

    # then it is published today, 2024.1 is retired and is its previous version
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.status, new.published_on, new.previous) == (
        "published", datetime.date(2025, 1, 20), old,
    )
    assert (old.status, old.published_on) == ("retired", datetime.date(2025, 1, 20))
    assert list(FrameworkVersion.objects.filter(status="published")) == [new]
    # and the diff is what departments are asked to re-confirm
    assert diff == framework_diff(old=old, new=new)
    assert diff.added == ["INT-03"]
    # and both changes are in the audit trail
    events = list(AuditEvent.objects.order_by("id")[events_before:])
    assert [(e.event_type, e.actor, e.department, e.object_repr) for e in events] == [
        (AuditEventType.FRAMEWORK_RETIRED, administrator, None, str(old)),
        (AuditEventType.FRAMEWORK_PUBLISHED, administrator, None, str(new)),
    ]
    assert (events[0].before, events[0].after) == (
        {"status": "published"},
        {"status": "retired", "successor": "2025.1"},
    )
    assert (events[1].before, events[1].after) == (
        {"status": "draft"},
        {
            "status": "published",
            "published_on": "2025-01-20",
            "previous": "2024.1",
            "diff": diff.as_dict(),
        },
    )


def test_the_first_published_version_has_no_previous(db):
    # given a single draft
    version = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml")

    # when it is published
    diff = framework_publish(version=version)

    # then every requirement is new and nothing was retired
    version.refresh_from_db()
    assert (version.status, version.previous) == ("published", None)
    assert len(diff.added) == 29
    assert list(AuditEvent.objects.values_list("event_type", flat=True).order_by("id")) == [
        "FRAMEWORK_LOADED", "FRAMEWORK_PUBLISHED",
    ]


@pytest.mark.parametrize("status", ["published", "retired"])
def test_only_a_draft_can_be_published(framework, status):
    # given a version that is not a draft
    FrameworkVersion.objects.filter(pk=framework.pk).update(status=status)
    events = AuditEvent.objects.count()

    # when it is published
    with translation.override("en"), pytest.raises(
        FrameworkError, match="only a draft can be published"
    ) as refused:
        framework_publish(version=framework)

    # then it is refused and nothing changed
    assert refused.value.errors == [
        f"version 2024.1 is {status}: only a draft can be published"
    ]
    framework.refresh_from_db()
    assert (framework.status, framework.published_on) == (status, datetime.date(2024, 1, 15))
    assert AuditEvent.objects.count() == events


def test_an_older_version_cannot_be_published_after_a_newer_one(db):
    # given 2025.1 published and 2024.1 loaded as a draft after it
    framework_load(path=FRAMEWORK_DIR / "2025.1.yaml", publish=True)
    old = framework_load(path=FRAMEWORK_DIR / "2024.1.yaml")
    events = AuditEvent.objects.count()

    # when 2024.1 is published
    with translation.override("en"), pytest.raises(
        FrameworkError, match=re.escape('version 2024.1 is older than 2025.1, whi')
    ) as refused:
        framework_publish(version=old)

    # then it is refused and nothing changed
    assert refused.value.errors == [
        "version 2024.1 is older than 2025.1, which was published already"
    ]
    assert list(FrameworkVersion.objects.values_list("code", "status")) == [
        ("2025.1", "published"), ("2024.1", "draft"),
    ]
    assert AuditEvent.objects.count() == events
