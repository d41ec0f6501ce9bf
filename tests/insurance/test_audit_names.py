"""How the trail names a volunteer: by the name the department entered, to who may see that
department's volunteers; to everyone else as "vrijwilliger <nr>", the person's number, the
same in every department and for every kind of event (record, engagement, cover)."""

import datetime

import pytest
from django.utils import translation

from beleid import selectors as trail
from beleid.models import AuditEvent

from .conftest import also_in

D = datetime.date


@pytest.fixture
def lies_in_two(register, coordinator, other_department, other_coordinator):
    # someone else first, so that record and person numbers differ
    register(first_name="Eerst", last_name="Iemand", born=D(1970, 1, 1))
    library, _engagement = register(start=D(2025, 3, 1))
    museum = also_in(library, other_department, actor=other_coordinator,
                     first_name="LIES", last_name="van acker")
    from insurance import services

    services.engagement_start(actor=other_coordinator, volunteer=museum,
                              start_date=D(2025, 1, 6))
    assert library.pk != library.person_id or museum.pk != museum.person_id
    return library, museum


def subjects(user, department):
    events = AuditEvent.objects.filter(department=department, object_id__gt="").exclude(
        event_type="VOLUNTEERS_IMPORTED").select_related("actor", "object_type", "department")
    with translation.override("nl-be"):
        return {(row.event.event_type, row.subject) for row in trail.audit_rows(events, user)}


def test_each_department_reads_its_own_name_for_the_person(
    lies_in_two, department, other_department, coordinator, other_coordinator
):
    assert subjects(coordinator, department) >= {
        ("VOLUNTEER_REGISTERED", "Lies Van Acker"), ("ENGAGEMENT_STARTED", "Lies Van Acker"),
        ("VOLUNTEER_INSURED", "Lies Van Acker")}
    assert subjects(other_coordinator, other_department) == {
        ("VOLUNTEER_REGISTERED", "LIES van acker"), ("ENGAGEMENT_STARTED", "LIES van acker"),
        ("VOLUNTEER_INSURED", "LIES van acker")}


def test_who_may_not_see_names_reads_the_same_number_everywhere(
    lies_in_two, department, other_department, auditor
):
    library, _museum = lies_in_two
    number = f"vrijwilliger {library.person_id}"
    about_lies = {subject for _type, subject in subjects(auditor, department)
                  if subject != f"vrijwilliger {library.person_id - 1}"}
    assert about_lies == {number}
    assert {subject for _type, subject in subjects(auditor, other_department)} == {number}
