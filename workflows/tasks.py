"""Background work of the step plan (Celery). Tasks take ids and are safe to run twice."""

from celery import shared_task
from viewflow.workflow import timers
from viewflow.workflow.status import STATUS

from beleid.tasks import TRANSIENT_ERRORS

# The flows' nodes must be loaded for their timers to fire.
from .flows import StepPlanFlow
from .onboarding.flows import OnboardingFlow  # noqa: F401


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=5)
def prepare_plan(process_id: int) -> bool:
    """Prepare a started plan's checklists and let the process continue to its steps.

    Completes the plan's `prepare` Handle node; does nothing when that is already done.
    """
    task = StepPlanFlow.task_class.objects.filter(
        process_id=process_id, flow_task=StepPlanFlow.prepare, status=STATUS.NEW
    ).first()
    if task is None:
        return False
    StepPlanFlow.prepare.run(task)
    return True


# No retry: beat sends it again a minute later.
@shared_task
def fire_due_timers() -> int:
    """Fire the viewflow timers that are due (the `.OnTimeout` of the step tasks)."""
    return timers.fire_due_timers()
