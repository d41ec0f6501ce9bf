"""A small city for the office's overview, built through the services and the step plan's
pages: three departments in this year's round (one of them also in last year's), steps
approved, submitted and overdue, volunteers in the register, coordinators' training."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from beleid.models import Department
from insurance import services as register
from insurance.models import Benefit
from tests import factories
from tests.workflows.conftest import review_step, start, submit_step
from workflows.models import StepPlanProcess

THIS_YEAR, LAST_YEAR = 2026, 2025


@dataclass
class City:
    framework: object
    library: Department  # Stad, Cultuur: vision approved, onboarding submitted
    museums: Department  # Stad, Cultuur: nothing done, vision overdue
    care: Department  # OCMW, Zorg, welfare decree: vision submitted (and overdue)
    consultant: object
    other_consultant: object
    auditor: object
    coordinator: object  # of the library
    yesterday: datetime.date
    later: datetime.date


def due_dates(*, vision, rest):
    return {"vision": vision, "onboarding": rest, "insurance": rest, "training": rest}


def start_round(framework, departments, *, year, dues, actor, capture):
    from workflows.services.rounds import round_start

    with capture(execute=True):
        return round_start(year=year, framework_version=framework, departments=departments,
                           due_dates=dues, actor=actor)


def plan(department, year=THIS_YEAR):
    return StepPlanProcess.objects.get(department=department, year=year)


@pytest.fixture
def city(client, framework, django_capture_on_commit_callbacks) -> City:
    capture = django_capture_on_commit_callbacks
    today = timezone.localdate()
    yesterday, later = today - datetime.timedelta(days=1), today + datetime.timedelta(days=60)
    library = factories.DepartmentFactory(name="Bibliotheek", slug="bibliotheek",
                                          cluster="Cultuur")
    museums = factories.DepartmentFactory(name="Musea", slug="musea", cluster="Cultuur")
    care = factories.DepartmentFactory(name="Woonzorgcentrum", slug="wzc", cluster="Zorg",
                                       organisation="ocmw", welfare_decree=True)
    coordinator = factories.coordinator_of(library, username="an")
    museum_coordinator = factories.coordinator_of(museums, username="bert")
    care_coordinator = factories.coordinator_of(care, username="carla")
    consultant = factories.consultant(username="sofie")
    other_consultant = factories.consultant(username="tom")
    auditor = factories.auditor(username="marc")

    # last year: the library and the museums; the library's vision approved (1 of 8 steps)
    start_round(framework, [library, museums], year=LAST_YEAR, actor=consultant, capture=capture,
                dues=due_dates(vision=later, rest=later))
    submit_step(client, plan(library, LAST_YEAR), "vision", coordinator, vision_text="Visie")
    review_step(client, plan(library, LAST_YEAR), "vision", consultant)

    # this year: all three
    start_round(framework, [library, museums, care], year=THIS_YEAR, actor=consultant,
                capture=capture, dues=due_dates(vision=yesterday, rest=later))
    submit_step(client, plan(library), "vision", coordinator, vision_text="Onze visie")
    review_step(client, plan(library), "vision", consultant)  # sofie reviewed the library
    submit_step(client, plan(library), "onboarding", coordinator)  # waiting for review
    submit_step(client, plan(care), "vision", care_coordinator, vision_text="Zorgvisie")
    client.logout()

    # the register: two persons active in the library (one also in the care home), one in
    # the care home with a benefit and no declaration, one in the museums whose cover was
    # removed by hand (an import error)
    lies = factories.active_volunteer(library, actor=coordinator)
    factories.active_volunteer(library, actor=coordinator, first_name="Jan",
                               last_name="Peeters")
    factories.active_volunteer(care, actor=care_coordinator)  # Lies again: the same person
    uitkering = factories.active_volunteer(care, actor=care_coordinator, first_name="Rik",
                                           last_name="Maes")
    register.volunteer_check_duty_to_report(actor=care_coordinator, volunteer=uitkering,
                                            benefit=Benefit.UNEMPLOYED)
    bare = factories.active_volunteer(museums, actor=museum_coordinator, first_name="Nora",
                                      last_name="Claes")
    bare.person.coverages.all().delete()
    assert lies.person.volunteers.count() == 2

    # training: the library's coordinator last month; the museums' nearly three years ago
    # (it counts 36 months: it lapses within 90 days); the care home's nobody
    factories.basic_training_attended(library, coordinator=coordinator, office=consultant)
    factories.basic_training_attended(museums, coordinator=museum_coordinator,
                                      office=consultant, days_ago=3 * 365 - 60)
    return City(framework=framework, library=library, museums=museums, care=care,
                consultant=consultant, other_consultant=other_consultant, auditor=auditor,
                coordinator=coordinator, yesterday=yesterday, later=later)


__all__ = ["City", "plan", "start", "review_step", "submit_step"]
