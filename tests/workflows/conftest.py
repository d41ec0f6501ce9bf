import datetime

import pytest
import time_machine
from viewflow.workflow.status import STATUS

import config.urls  # noqa: F401  (mounts the flow in the site, so its URLs reverse)
from beleid.models import Step
from workflows.flows import StepPlanFlow
from workflows.models import StepPlanProcess, StepPlanTask
from workflows.services.rounds import round_start

DUE = datetime.date(2024, 12, 1)


def due_dates(due=DUE):
    return {kind.value: due for kind in Step.Kind}


def start(framework, departments, *, year=2024, actor=None, capture=None, due=DUE):
    """Start a round; with `capture` (django_capture_on_commit_callbacks) the checklists are
    prepared as the Celery task would after the commit."""
    if capture is None:
        return round_start(
            year=year,
            framework_version=framework,
            departments=departments,
            due_dates=due_dates(due),
            actor=actor,
        )
    with capture(execute=True):
        return round_start(
            year=year,
            framework_version=framework,
            departments=departments,
            due_dates=due_dates(due),
            actor=actor,
        )


def open_task(process, node):
    return StepPlanTask.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


@pytest.fixture
def frozen_today():
    """Friday 14 March 2025, 11:00 in Ghent (the onboarding's dates are relative to it)."""
    moment = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield moment.date()


@pytest.fixture
def plan(framework, department, coordinator, consultant, django_capture_on_commit_callbacks):
    """The department's plan of 2024, started and prepared."""
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    return StepPlanProcess.objects.get(department=department, year=2024)


__all__ = ["StepPlanFlow", "open_task", "start", "due_dates"]


def execute_url(task):
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def checklist_data(plan_step, *, status="met", action="submit", **extra):
    from workflows.models import ChecklistItem

    data = {"action": action, **extra}
    for item in ChecklistItem.objects.filter(plan_step=plan_step):
        data[f"item-{item.pk}-status"] = status
        data[f"item-{item.pk}-explanation"] = item.explanation
        data[f"item-{item.pk}-interpretation"] = item.interpretation
        data[f"item-{item.pk}-comment"] = item.comment
    return data


def submit_step(client, process, code, coordinator, **extra):
    from workflows.models import PlanStep

    client.force_login(coordinator)
    task = open_task(process, getattr(StepPlanFlow, code))
    plan_step = PlanStep.objects.get(process=process, step__code=code)
    response = client.post(execute_url(task), checklist_data(plan_step, **extra))
    assert response.status_code == 302, response.content.decode()[:3000]


def review_step(client, process, code, consultant, decision="approve", comment=""):
    client.force_login(consultant)
    task = open_task(process, getattr(StepPlanFlow, f"{code}_review"))
    response = client.post(execute_url(task), {"decision": decision, "comment": comment})
    assert response.status_code == 302
    return response


def complete_year(client, process, coordinator, consultant):
    """Submit and approve every step, then sign the year off."""
    from kennisdeling.models import Registration
    from tests.factories import active_volunteer, basic_training_attended
    from workflows.models import PlanStep

    # The insurance step needs somebody active (and so insured) in the register.
    if not process.department.engagements.exists():
        active_volunteer(process.department, actor=coordinator)
    # The training step needs a coordinator who attended the basic training.
    if not Registration.objects.filter(user=coordinator, attendance="present").exists():
        basic_training_attended(process.department, coordinator=coordinator, office=consultant)
    codes = list(PlanStep.objects.filter(process=process).values_list("step__code", flat=True))
    for code in codes:
        extra = {"vision_text": "Onze visie."} if code == "vision" else {}
        submit_step(client, process, code, coordinator, **extra)
        review_step(client, process, code, consultant)
    client.force_login(consultant)
    response = client.post(execute_url(open_task(process, StepPlanFlow.sign_off)), {})
    assert response.status_code == 302
