"""Claiming and releasing a task of the step plan, and the office's cancel, undo and revive."""

from django.db import transaction

from beleid.models import AuditEventType
from beleid.services.audit import audit_log


@transaction.atomic
def task_assign(*, activation, user) -> None:
    """`user` takes the task, so that the other coordinators or consultants see it is taken."""
    activation.assign(user)
    audit_log(
        actor=user,
        event_type=AuditEventType.TASK_ASSIGNED,
        department=activation.process.department,
        obj=activation.task,
        after={"task": activation.flow_task.name, "owner": user.username},
    )


@transaction.atomic
def task_unassign(*, activation, user) -> None:
    """Give the task back to everyone it is meant for."""
    owner = activation.task.owner.username if activation.task.owner_id else None
    activation.unassign()
    audit_log(
        actor=user,
        event_type=AuditEventType.TASK_UNASSIGNED,
        department=activation.process.department,
        obj=activation.task,
        before={"task": activation.flow_task.name, "owner": owner},
        after={"owner": None},
    )


def audited_task_action(*, activation, user, event_type: str, action: str):
    """Run viewflow's `action` (cancel, undo, revive) on the task and audit it, in one
    transaction (callers wrap it in `transaction.atomic`). Returns what viewflow returns."""
    before = activation.task.status
    result = getattr(activation, action)()
    after = {"task": activation.flow_task.name, "status": activation.task.status}
    if result is not None:
        after["new_task"] = result.pk
    audit_log(
        actor=user,
        event_type=event_type,
        department=activation.process.department,
        obj=activation.task,
        before={"task": activation.flow_task.name, "status": before},
        after=after,
    )
    return result


def _plan_step_of(activation):
    from ..models import PlanStep

    code = activation.task.data.get("step") if activation.task.data else None
    if not code:
        return None
    return PlanStep.objects.filter(process_id=activation.process.pk, step__code=code).first()


@transaction.atomic
def task_cancel(*, activation, user) -> None:
    """The office cancels an open task of a plan; the step of a checklist or review task is
    then marked as cancelled (nobody completes it any more)."""
    from .steps import plan_step_cancel

    audited_task_action(activation=activation, user=user, event_type=AuditEventType.TASK_CANCELLED,
                        action="cancel")
    plan_step = _plan_step_of(activation)
    if plan_step is not None:
        plan_step_cancel(plan_step=plan_step, actor=user)


@transaction.atomic
def task_undo(*, activation, user) -> None:
    """The office undoes a finished task whose following tasks were cancelled."""
    audited_task_action(
        activation=activation, user=user, event_type=AuditEventType.TASK_UNDONE, action="undo"
    )


@transaction.atomic
def task_revive(*, activation, user):
    """The office revives a cancelled (or failed) task; returns the new task. A cancelled step
    is open again, with whom the revived task is for."""
    from ..managers import CONSULTANT_TASK
    from .steps import plan_step_reopen

    new_task = audited_task_action(
        activation=activation, user=user, event_type=AuditEventType.TASK_REVIVED, action="revive"
    )
    plan_step = _plan_step_of(activation)
    if plan_step is not None:
        plan_step_reopen(
            plan_step=plan_step,
            actor=user,
            submitted=getattr(activation.flow_task, "audience", "") == CONSULTANT_TASK,
        )
    return new_task
