"""viewflow's own actions on an onboarding process, each audited.

Kept as they were while the onboarding moves to `workflows/` (issue 8): the workflow layer's
audited task actions replace them, and this module goes at the merge.
"""

from django.db import transaction

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

# -- viewflow's own actions on an onboarding process, each audited ---------------------------

def _onboarding_task_action(*, activation, user, event_type: str, action: str):
    from workflows.services.tasks import audited_task_action

    return audited_task_action(activation=activation, user=user, event_type=event_type,
                               action=action)


@transaction.atomic
def onboarding_task_assign(*, activation, user) -> None:
    """A coordinator of the department takes an onboarding task."""
    activation.assign(user)
    audit_log(
        actor=user, event_type=AuditEventType.ONBOARDING_TASK_ASSIGNED,
        department=activation.process.department, obj=activation.task,
        after={"task": activation.flow_task.name, "owner": user.username},
    )


@transaction.atomic
def onboarding_task_unassign(*, activation, user) -> None:
    """Give an onboarding task back to the department's coordinators."""
    owner = activation.task.owner.username if activation.task.owner_id else None
    activation.unassign()
    audit_log(
        actor=user, event_type=AuditEventType.ONBOARDING_TASK_UNASSIGNED,
        department=activation.process.department, obj=activation.task,
        before={"task": activation.flow_task.name, "owner": owner}, after={"owner": None},
    )


@transaction.atomic
def onboarding_task_cancel(*, activation, user) -> None:
    """The office cancels an open onboarding task."""
    _onboarding_task_action(activation=activation, user=user,
                            event_type=AuditEventType.ONBOARDING_TASK_CANCELLED, action="cancel")


@transaction.atomic
def onboarding_task_undo(*, activation, user) -> None:
    """The office undoes a finished onboarding task whose following tasks were cancelled."""
    _onboarding_task_action(activation=activation, user=user,
                            event_type=AuditEventType.ONBOARDING_TASK_UNDONE, action="undo")


@transaction.atomic
def onboarding_task_revive(*, activation, user):
    """The office revives a cancelled onboarding task; returns the new task."""
    return _onboarding_task_action(activation=activation, user=user,
                                   event_type=AuditEventType.ONBOARDING_TASK_REVIVED,
                                   action="revive")


@transaction.atomic
def onboarding_cancel(*, process, actor) -> None:
    """The office cancels a whole onboarding (every open task is cancelled by viewflow)."""
    before = process.status
    process.flow_class.instance.cancel(process)
    audit_log(
        actor=actor, event_type=AuditEventType.ONBOARDING_CANCELLED, department=process.department,
        obj=process, before={"status": before}, after={"status": process.status},
    )
