"""The starting point of the browser journeys: a small city as the office would have set it
up, built through the services (the real framework file, departments, people, a round)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from beleid.models import Department, FrameworkVersion
from beleid.services.departments import coordinator_add, department_create
from beleid.services.framework import framework_load
from tests import factories
from workflows.models import StepPlanProcess
from workflows.services.plans import round_start

FRAMEWORK_FILE = settings.FRAMEWORK_DIR / "2025.1.yaml"


@dataclass
class City:
    framework: FrameworkVersion
    department: Department
    other_department: Department
    coordinator: object
    other_coordinator: object
    consultant: object
    auditor: object
    plan: StepPlanProcess
    due: datetime.date


def build_city(*, capture) -> City:
    """The real framework 2025.1 published; the library and the museums, each with a
    coordinator; a consultant and an auditor; this year's round started for both departments,
    its checklists prepared (as the worker does after the commit)."""
    framework = framework_load(path=FRAMEWORK_FILE, publish=True)
    library = department_create(
        actor=None, name="Bibliotheek De Krook", slug="bibliotheek-de-krook",
        organisation="stad", cluster="Cultuur, Sport en Vrije Tijd", welfare_decree=False,
    )
    museums = department_create(
        actor=None, name="Musea Gent", slug="musea-gent", organisation="stad",
        cluster="Cultuur, Sport en Vrije Tijd", welfare_decree=False,
    )
    coordinator = factories.UserFactory(username="an", first_name="An", last_name="Peeters")
    coordinator_add(actor=None, department=library, user=coordinator)
    other = factories.UserFactory(username="bert", first_name="Bert", last_name="Maes")
    coordinator_add(actor=None, department=museums, user=other)
    consultant = factories.consultant(username="sofie")
    consultant.first_name, consultant.last_name = "Sofie", "Claes"
    consultant.save()
    auditor = factories.auditor(username="marc")
    auditor.first_name, auditor.last_name = "Marc", "Wouters"
    auditor.save()
    year = timezone.localdate().year
    due = timezone.localdate() + datetime.timedelta(days=30)
    with capture(execute=True):
        round_start(
            year=year, framework_version=framework, departments=[library, museums],
            due_dates={step.code: due for step in framework.steps.all()}, actor=consultant,
        )
    return City(
        framework=framework, department=library, other_department=museums,
        coordinator=coordinator, other_coordinator=other, consultant=consultant,
        auditor=auditor, plan=StepPlanProcess.objects.get(department=library, year=year),
        due=due,
    )
