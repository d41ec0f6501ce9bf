"""Writing the audit trail. Call it inside the transaction of the change it records."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from beleid.models import AuditEvent, Department


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
