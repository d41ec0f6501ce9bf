"""Taking a department's audit trail away as CSV: itself a recorded event."""

import datetime

from django.db import transaction

from beleid import exporters, selectors
from beleid.models import AuditEventType, Department

from .audit import audit_log


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
