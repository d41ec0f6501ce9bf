"""The Celery tasks of the step plan: safe to run twice, named as the beat schedule says."""

from django.conf import settings
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from workflows import tasks
from workflows.flows import StepPlanFlow
from workflows.models import ChecklistItem, PlanStep, StepPlanProcess, StepPlanTask

from .conftest import start


def test_prepare_plan_runs_once(framework, department):
    # given a started plan whose preparation was queued but not run yet
    start(framework, [department])
    process = StepPlanProcess.objects.get()
    prepare = StepPlanTask.objects.get(process=process, flow_task=StepPlanFlow.prepare)
    assert prepare.status == STATUS.NEW
    # when the task is delivered twice
    assert tasks.prepare_plan.run(process.pk) is True
    counts = (PlanStep.objects.count(), ChecklistItem.objects.count(), StepPlanTask.objects.count())
    events = AuditEvent.objects.count()
    assert tasks.prepare_plan.run(process.pk) is False
    # then the second delivery changed nothing
    assert counts == (4, 8, StepPlanTask.objects.count())
    assert AuditEvent.objects.count() == events
    prepare.refresh_from_db()
    assert prepare.status == STATUS.DONE


def test_beat_schedule_names_the_timer_task():
    assert settings.CELERY_BEAT_SCHEDULE["fire-due-timers"]["task"] == tasks.fire_due_timers.name
