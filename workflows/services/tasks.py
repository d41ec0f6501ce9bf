"""Claiming and releasing a task of the step plan, and the office's cancel, undo and revive."""

from django.db import transaction

from beleid.services.audit import audit_log

from ..events import (
    TASK_ASSIGNED,
    TASK_CANCELLED,
    TASK_REVIVED,
    TASK_UNASSIGNED,
    TASK_UNDONE,
)


@transaction.atomic
def task_assign(*, activation, user) -> None:
    """`user` takes the task, so that the other coordinators or consultants see it is taken."""
    activation.assign(user)
    audit_log(
        actor=user,
        event_type=TASK_ASSIGNED,
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
        event_type=TASK_UNASSIGNED,
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


@transaction.atomic
def task_cancel(*, activation, user) -> None:
    """The office cancels an open task of a plan."""
    audited_task_action(activation=activation, user=user, event_type=TASK_CANCELLED,
                        action="cancel")


@transaction.atomic
def task_undo(*, activation, user) -> None:
    """The office undoes a finished task whose following tasks were cancelled."""
    audited_task_action(activation=activation, user=user, event_type=TASK_UNDONE, action="undo")


@transaction.atomic
def task_revive(*, activation, user):
    """The office revives a cancelled (or failed) task; returns the new task."""
    return audited_task_action(activation=activation, user=user, event_type=TASK_REVIVED,
                               action="revive")
