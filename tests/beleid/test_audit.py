import pytest
from django.core.exceptions import PermissionDenied

from beleid.models import AuditEvent
from beleid.services.audit import audit_log


def test_audit_event_is_append_only(department, coordinator):
    event = audit_log(actor=coordinator, event_type="TEST_EVENT", department=department,
                      obj=department, before={"a": 1}, after={"a": 2})

    with pytest.raises(PermissionDenied, match="append-only"):
        event.save()
    with pytest.raises(PermissionDenied, match="append-only"):
        event.delete()
    with pytest.raises(PermissionDenied, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(event_type="CHANGED")
    with pytest.raises(PermissionDenied, match="append-only"):
        AuditEvent.objects.all().delete()

    event.refresh_from_db()
    assert event.event_type == "TEST_EVENT"
    assert event.object_repr == "Bibliotheek"
    assert (event.before, event.after) == ({"a": 1}, {"a": 2})
