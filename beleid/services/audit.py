"""Writing the audit trail. Call it inside the transaction of the change it records.

This is the one place that builds audit rows: `audit_event` builds one (unsaved), `audit_log`
appends one, `audit_log_many` appends many in one query (the bulk services use it).
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

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


@transaction.atomic
def audit_trail_export(
    *,
    actor,
    department: Department,
    event_type: str = "",
    person=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> tuple[bytes, int]:
    """The department's audit trail, filtered as on the page, as CSV named for `actor`, and
    the number of events in it. Taking the trail is itself recorded (who, which filters)."""
    from beleid import exporters, selectors

    events = selectors.department_audit_trail(
        department=department, event_type=event_type, person=person,
        date_from=date_from, date_to=date_to,
    )
    rows = list(exporters.audit_trail_rows(events, user=actor))
    audit_log(
        actor=actor,
        event_type=AuditEventType.AUDIT_TRAIL_EXPORTED,
        department=department,
        after={
            "event_type": event_type or None,
            "actor_id": person.pk if person is not None else None,
            "date_from": date_from,
            "date_to": date_to,
            "rows": len(rows) - 1,
        },
    )
    return exporters.write_csv(rows), len(rows) - 1
