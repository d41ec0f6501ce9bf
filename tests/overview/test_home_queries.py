"""Every home costs a fixed number of queries, whatever the number of departments: measured
with 5 departments, then again when the city has 50."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insurance import services as register
from insurance.models import Benefit
from tests import factories
from tests.e2e.scenario import review_through_services, submit_through_services
from tests.kennisdeling.conftest import make_session
from tests.kennisdeling.factories import article
from workflows.models import StepPlanProcess
from workflows.services.rounds import round_start

# The queries of each home (the session, the user, their roles and departments included).
# The office's homes: the register warnings are kept until the next audit event (one query to
# look: beleid/figures_cache.py) and counted over the departments' ids (one query).
EXPECTED = {"consultant": 19, "administrator": 19, "auditor": 9, "coordinator": 15}


@pytest.fixture
def frozen():
    moment = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield


def grow(framework, count, *, coordinator, consultant, capture, year=2025):
    """`count` more departments, coordinated by `coordinator`, in the round of `year` (started
    once, extended after), each with a volunteer without cover and one with a duty to report
    and no declaration; the first submitted its vision, the second's onboarding returned."""
    departments = [factories.DepartmentFactory() for _ in range(count)]
    for department in departments:
        department.coordinators.add(coordinator)
    due = {step.code: datetime.date(2025, 3, 1) for step in framework.steps.all()}
    with capture(execute=True):  # the round of `year` is started, or extended
        round_start(year=year, framework_version=framework, departments=departments,
                    due_dates=due, actor=consultant)
    for department, act in zip(departments[:2], ("submit", "return"), strict=True):
        plan = StepPlanProcess.objects.get(department=department, year=year)
        city = SimpleNamespace(plan=plan, department=department, coordinator=coordinator,
                               consultant=consultant)
        if act == "submit":
            submit_through_services(city, "vision", vision_text="Onze visie.")
        else:
            submit_through_services(city, "onboarding")
            review_through_services(city, "onboarding", approve=False, comment="Nog niet.")
    for index, department in enumerate(departments):
        person = register.volunteer_register(
            actor=coordinator, department=department, first_name=f"V{index}",
            last_name="Van Acker", date_of_birth=datetime.date(1990, 5, 17))
        register.engagement_start(actor=coordinator, volunteer=person,
                                  start_date=datetime.date(2025, 3, 1))
        person.person.coverages.all().delete()
        other = register.volunteer_register(
            actor=coordinator, department=department, first_name=f"U{index}",
            last_name="Peeters", date_of_birth=datetime.date(1985, 1, 2),
            benefit=Benefit.UNEMPLOYED)
        register.engagement_start(actor=coordinator, volunteer=other,
                                  start_date=datetime.date(2025, 3, 1))
    return departments


def queries_of_home(client, user) -> tuple[int, object]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("overview:index"))
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("role", ["consultant", "administrator", "auditor", "coordinator"])
def test_each_home_costs_the_same_queries_with_5_and_50_departments(
    client, frozen, framework, consultant, role, django_capture_on_commit_callbacks
):
    # given a city of 5 departments, its coordinator, an article and a training session
    coordinator = factories.UserFactory(username="coordinator")
    user = {
        "consultant": consultant,
        "administrator": factories.administrator(),
        "auditor": factories.auditor(),
        "coordinator": coordinator,
    }[role]
    article(actor=consultant)
    make_session(consultant)
    grow(framework, 5, coordinator=coordinator, consultant=consultant,
         capture=django_capture_on_commit_callbacks)
    few, response = queries_of_home(client, user)
    assert response.context["home"] is not None

    # when the city grows to 50 departments
    grow(framework, 45, coordinator=coordinator, consultant=consultant,
         capture=django_capture_on_commit_callbacks)
    coordinator.refresh_from_db()
    many, response = queries_of_home(client, user)

    # then the home costs the same
    assert (few, many) == (EXPECTED[role], EXPECTED[role])
