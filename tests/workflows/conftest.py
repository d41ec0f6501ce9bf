import datetime

import pytest
from viewflow.workflow.status import STATUS

from beleid.models import Step
from workflows.flows import StepPlanFlow
from workflows.models import StepPlanProcess, StepPlanTask
from workflows.services.plans import round_start

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
def plan(framework, department, coordinator, consultant, django_capture_on_commit_callbacks):
    """The department's plan of 2024, started and prepared."""
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    return StepPlanProcess.objects.get(department=department, year=2024)


__all__ = ["StepPlanFlow", "open_task", "start", "due_dates"]
