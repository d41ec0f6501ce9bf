"""Department services: every change writes its audit event in the same transaction."""

import pytest
from django.core.exceptions import ValidationError

from beleid.models import AuditEvent, Department, RequirementInterpretation
from beleid.services.departments import (
    coordinator_add,
    coordinator_remove,
    department_create,
    department_update,
    interpretation_update,
)
from tests.factories import UserFactory


@pytest.mark.django_db
def test_department_create_writes_audit_event(administrator):
    department = department_create(
        actor=administrator,
        name="WZC Zonnebloem",
        slug="wzc-zonnebloem",
        organisation="ocmw",
        cluster="Zorg",
        welfare_decree=True,
    )

    event = AuditEvent.objects.get(event_type="DEPARTMENT_CREATED")
    assert event.department == department
    assert event.actor == administrator
    assert event.after["welfare_decree"] is True


@pytest.mark.django_db
def test_department_create_refuses_duplicate_slug(administrator, department):
    with pytest.raises(ValidationError, match="slug"):
        department_create(actor=administrator, name="Andere", slug=department.slug)

    assert Department.objects.count() == 1
    assert not AuditEvent.objects.filter(event_type="DEPARTMENT_CREATED").exists()


def test_department_update_records_only_changed_fields(administrator, department):
    department_update(
        actor=administrator, department=department, cluster="Cultuur", name=department.name
    )

    event = AuditEvent.objects.get(event_type="DEPARTMENT_UPDATED")
    assert event.before == {"cluster": "Cultuur, Sport en Vrije Tijd"}
    assert event.after == {"cluster": "Cultuur"}


def test_department_update_without_change_writes_nothing(administrator, department):
    department_update(actor=administrator, department=department, name=department.name)

    assert not AuditEvent.objects.exists()


def test_coordinator_add_and_remove(administrator, department):
    user = UserFactory(username="nieuw")

    assert coordinator_add(actor=administrator, department=department, user=user) is True
    assert coordinator_add(actor=administrator, department=department, user=user) is False
    assert coordinator_remove(actor=administrator, department=department, user=user) is True

    assert list(department.coordinators.all()) == []
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "COORDINATOR_ADDED",
        "COORDINATOR_REMOVED",
    ]


def test_interpretation_update_writes_before_and_after(coordinator, department, framework):
    requirement = framework.requirements.get(code="ONB-01")

    interpretation_update(
        actor=coordinator,
        department=department,
        requirement=requirement,
        text="Onthaalmap bij de start",
    )
    interpretation_update(
        actor=coordinator,
        department=department,
        requirement=requirement,
        text="Onthaalmap en rondleiding",
    )

    interpretation = RequirementInterpretation.objects.get()
    assert interpretation.text == "Onthaalmap en rondleiding"
    assert interpretation.updated_by == coordinator
    events = AuditEvent.objects.filter(event_type="INTERPRETATION_UPDATED").order_by("id")
    assert [(e.before["text"], e.after["text"]) for e in events] == [
        ("", "Onthaalmap bij de start"),
        ("Onthaalmap bij de start", "Onthaalmap en rondleiding"),
    ]


def test_interpretation_refused_for_requirement_that_does_not_apply(
    coordinator, department, framework
):
    welfare_only = framework.requirements.get(code="ONB-99")

    with pytest.raises(ValueError, match="does not apply to"):
        interpretation_update(
            actor=coordinator, department=department, requirement=welfare_only, text="x"
        )

    assert not RequirementInterpretation.objects.exists()
    assert not AuditEvent.objects.exists()
