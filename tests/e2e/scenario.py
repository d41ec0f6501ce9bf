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
from workflows.services.rounds import round_start

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


# --- moving a plan on without pages: the services, and viewflow's activation of the task ---


def _complete_task(plan, node_name: str, user, work) -> None:
    """Complete the open task `node_name` of `plan` as `user`: `work()` calls the services
    (as the task's page does), then viewflow completes the task and creates the next ones."""
    from types import SimpleNamespace

    from django.db import transaction
    from viewflow.workflow.status import STATUS

    from workflows.flows import StepPlanFlow
    from workflows.models import StepPlanTask

    task = StepPlanTask.objects.get(
        process=plan, flow_task=getattr(StepPlanFlow, node_name),
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )
    activation = task.flow_task.activation_class(task)
    with transaction.atomic():
        activation.start(SimpleNamespace(user=user))
        work()
        activation.execute()


def submit_through_services(city: City, code: str, *, vision_text: str = "") -> None:
    """The coordinator sets every item of step `code` to met and submits it."""
    from workflows.models import ChecklistItem, PlanStep
    from workflows.services import checklists, steps

    plan_step = PlanStep.objects.get(process=city.plan, step__code=code)
    if code == "insurance" and not city.department.engagements.exists():
        # The insurance step needs somebody active (and so insured) in the register.
        factories.active_volunteer(city.department, actor=city.coordinator)
    if code == "training" and not city.coordinator.training_registrations.filter(
        attendance="present"
    ).exists():
        # The training step needs a coordinator who attended the basic training.
        factories.basic_training_attended(
            city.department, coordinator=city.coordinator, office=city.consultant
        )

    def work():
        for item in ChecklistItem.objects.filter(plan_step=plan_step):
            checklists.checklist_item_update(
                item=item, actor=city.coordinator, status="met", explanation="",
                interpretation=item.interpretation, comment=item.comment,
            )
        if vision_text:
            checklists.plan_step_vision_update(
                plan_step=plan_step, actor=city.coordinator, text=vision_text)
        steps.step_submit(plan_step=plan_step, actor=city.coordinator)

    _complete_task(city.plan, code, city.coordinator, work)


def review_through_services(city: City, code: str, *, approve: bool, comment: str = "") -> None:
    """The consultant approves step `code`, or returns it with `comment`."""
    from workflows.models import PlanStep
    from workflows.services import steps

    plan_step = PlanStep.objects.get(process=city.plan, step__code=code)

    def work():
        if approve:
            steps.step_approve(plan_step=plan_step, actor=city.consultant, comment=comment)
        else:
            steps.step_return(plan_step=plan_step, actor=city.consultant, comment=comment)

    _complete_task(city.plan, f"{code}_review", city.consultant, work)


def approve_through_services(city: City, *codes: str) -> None:
    """Steps `codes` submitted by the coordinator and approved by the consultant."""
    for code in codes:
        submit_through_services(city, code, vision_text="Onze visie." if code == "vision" else "")
        review_through_services(city, code, approve=True)
