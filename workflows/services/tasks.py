"""Claiming and releasing a task of the step plan."""

from django.db import transaction

from beleid.services.audit import audit_log

from ..events import TASK_ASSIGNED, TASK_UNASSIGNED


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
