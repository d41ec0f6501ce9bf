"""viewflow's own actions on a task of either flow -- take, give back, cancel, undo, revive --
each in one transaction with its audit event. The flow says which event type each writes."""

from enum import StrEnum

from django.db import transaction

from beleid.models import AuditEventType
from beleid.services.audit import audit_log


class TaskAction(StrEnum):
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    CANCEL = "cancel"
    UNDO = "undo"
    REVIVE = "revive"


def _owner(task) -> str | None:
    return task.owner.username if task.owner_id else None


@transaction.atomic
def task_act(*, activation, actor, action: TaskAction, event_type: AuditEventType):
    """Run viewflow's `action` on the task of `activation` for `actor` and write `event_type`.

    Taking and giving back record who owns the task; cancel, undo and revive record its
    status (and, for a revive, the new task). Returns what viewflow returns: the new task of a
    revive, else None. viewflow's transition refuses an action the task's state does not allow.
    """
    task, name = activation.task, activation.flow_task.name
    if action == TaskAction.ASSIGN:
        activation.assign(actor)
        before, after, result = None, {"task": name, "owner": actor.username}, None
    elif action == TaskAction.UNASSIGN:
        before = {"task": name, "owner": _owner(task)}
        activation.unassign()
        after, result = {"owner": None}, None
    else:
        before = {"task": name, "status": task.status}
        result = getattr(activation, action)()
        after = {"task": name, "status": task.status}
        if result is not None:
            after["new_task"] = result.pk
    audit_log(
        actor=actor,
        event_type=event_type,
        department=activation.process.department,
        obj=task,
        before=before,
        after=after,
    )
    return result
