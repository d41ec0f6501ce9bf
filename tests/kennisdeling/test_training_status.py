"""The training step computed from attendance: met while a coordinator's basic training
counts (the requirement's period), with who, when and until when; lapsed after."""

import datetime

import pytest
import time_machine

from beleid.models import Requirement
from kennisdeling.training_selectors import add_months, training_valid_until
from tests import factories
from workflows import step_status

from .conftest import make_session

ATTENDED = datetime.datetime(2024, 3, 14, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Ghent


@pytest.fixture
def attended(department, coordinator, consultant):
    """The coordinator attended the basic training on 14 March 2024."""
    return _attend(department, coordinator, consultant)


def _attend(department, coordinator, consultant, *, basic=True, present="present"):
    from kennisdeling.training_services import registration_create, session_attendance_record

    with time_machine.travel(ATTENDED - datetime.timedelta(days=20), tick=False):
        session = make_session(consultant, days_ahead=20, basic=basic)
        registration = registration_create(
            actor=coordinator, session=session, department=department, user=coordinator
        )
    with time_machine.travel(ATTENDED + datetime.timedelta(hours=4), tick=False):
        session_attendance_record(
            actor=consultant, session=session, attendance={registration.pk: present}
        )
    return registration


def status_on(day, department, framework):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False):
        return step_status.training_status(department=department, framework_version=framework)


def test_met_within_the_period_with_who_when_and_until_when(framework, department, attended):
    framework.requirements.filter(code="VRM-01").update(valid_months=36)
    status = status_on(datetime.date(2027, 3, 13), department, framework)
    assert status.met is True
    assert status.explanation == (
        f"{attended.name} volgde de basisvorming “Basisvorming vrijwilligerscoördinator” op "
        "14 maart 2024; die telt tot en met 13 maart 2027."
    )
    assert status.source == "Volgens de aanwezigheden op vormingen"


def test_lapses_after_the_period(framework, department, attended):
    framework.requirements.filter(code="VRM-01").update(valid_months=36)
    status = status_on(datetime.date(2027, 3, 14), department, framework)
    assert status.met is False
    assert status.explanation.endswith(
        "die telde tot en met 13 maart 2027. Een coördinator volgt de basisvorming opnieuw."
    )


def test_the_period_is_the_requirements(framework, department, attended):
    # a framework whose basic training counts 12 months: lapsed after a year
    framework.requirements.filter(code="VRM-01").update(valid_months=12)
    assert status_on(datetime.date(2025, 3, 13), department, framework).met is True
    assert status_on(datetime.date(2025, 3, 14), department, framework).met is False


def test_without_a_period_on_the_requirement_the_versions_default(framework, department, attended):
    Requirement.objects.filter(version=framework).update(valid_months=None)
    framework.training_valid_months = 6
    framework.save()
    assert status_on(datetime.date(2024, 9, 13), department, framework).met is True
    assert status_on(datetime.date(2024, 9, 14), department, framework).met is False


def test_not_met_without_attendance(framework, department, coordinator, consultant):
    # registered, but absent; and present at a session that is no basic training
    _attend(department, coordinator, consultant, present="absent")
    _attend(department, coordinator, consultant, basic=False)
    status = status_on(datetime.date(2024, 6, 1), department, framework)
    assert status.met is False
    assert "Nog geen enkele coördinator" in status.explanation


def test_only_the_departments_own_coordinators_count(
    framework, department, other_department, coordinator, consultant
):
    # the coordinator of `department` attended on behalf of it; `other_department` has its own
    _attend(department, coordinator, consultant)
    assert status_on(datetime.date(2024, 6, 1), other_department, framework).met is False
    # a coordinator of both departments carries both
    other_department.coordinators.add(coordinator)
    assert status_on(datetime.date(2024, 6, 1), other_department, framework).met is True


def test_one_query_for_many_departments(
    django_assert_num_queries, department, coordinator, consultant
):
    _attend(department, coordinator, consultant)
    others = [factories.DepartmentFactory() for _ in range(30)]
    for other in others[:10]:
        other.coordinators.add(factories.coordinator_of(other))
    with django_assert_num_queries(1):
        found = training_valid_until(
            department_ids=[department.pk, *(d.pk for d in others)],
            months=36,
            today=datetime.date(2024, 6, 1),
        )
    assert list(found) == [department.pk]
    assert found[department.pk].valid_until == datetime.date(2027, 3, 13)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2024, 3, 14), 36, datetime.date(2027, 3, 14)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 11, 30), 3, datetime.date(2025, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
