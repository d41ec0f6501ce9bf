"""Writing the audit trail. Call it inside the transaction of the change it records."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from beleid.models import AuditEvent, AuditEventType, Department


def audit_log(
    *,
    actor,
    event_type: str,
    department: Department | None = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event: who (`actor`, None for the system), what, on which department."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        event_type=event_type,
        department=department,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
    )


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
