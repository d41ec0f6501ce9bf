"""Writing the audit trail. Call it inside the transaction of the change it records.

This is the one place that builds audit rows: `audit_event` builds one (unsaved), `audit_log`
appends one, `audit_log_many` appends many in one query (the bulk services use it).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from beleid.models import AuditEvent, AuditEventType, Department


def audit_event(
    *,
    actor,
    event_type: AuditEventType,
    department: Department | None = None,
    department_id: int | None = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit event, not saved yet: who (`actor`, None for the system), what, on which
    department (an object or its id), about which object, before and after."""
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        event_type=event_type,
        department=department,
        department_id=department.pk if department is not None else department_id,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
    )


def audit_log(
    *,
    actor,
    event_type: AuditEventType,
    department: Department | None = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event (see `audit_event`)."""
    event = audit_event(
        actor=actor, event_type=event_type, department=department, obj=obj, before=before,
        after=after,
    )
    event.save()
    return event


def audit_log_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append events built with `audit_event`, in one query per thousand."""
    return AuditEvent.objects.bulk_create(events, batch_size=1000)
