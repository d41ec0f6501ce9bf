"""Throwing an uploaded register file away: by who uploaded it (cancel), or when it was never
confirmed (a periodic task). The upload holds personal data, so it is recorded."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from beleid.models import AuditEventType
from beleid.services.audit import audit_event, audit_log_many

from ..models import ImportUpload

State = ImportUpload.State


# Why an upload was discarded (the audit event says it).
CANCELLED = "cancelled"  # by who uploaded it
STALE = "stale"  # by the periodic clean-up: never confirmed, or imported long ago


def _discard(*, actor, uploads: list[ImportUpload], reason: dict) -> None:
    """Delete `uploads` (locked, not being imported) and record it; their files go once the
    deletion is committed."""
    audit_log_many([
        audit_event(
            actor=actor, event_type=AuditEventType.IMPORT_DISCARDED,
            department_id=upload.department_id, obj=upload,
            before={"upload_id": str(upload.pk), "file": upload.original_name,
                    "state": upload.state},
            after=reason,
        )
        for upload in uploads
    ])
    files = [(upload.file.storage, upload.file.name) for upload in uploads if upload.file]
    ImportUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()

    def delete_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


@transaction.atomic
def import_upload_discard(*, actor, upload: ImportUpload) -> bool:
    """Throw an upload away (cancel), unless it is being imported right now (False)."""
    locked = ImportUpload.objects.select_for_update().filter(pk=upload.pk).first()
    if locked is None:
        return True  # already gone (a second click)
    if locked.state == State.IMPORTING:
        return False
    _discard(actor=actor, uploads=[locked], reason={"reason": CANCELLED})
    return True


# An import takes minutes at most: one still "importing" after this long lost its worker.
STUCK_AFTER = datetime.timedelta(days=7)


@transaction.atomic
def import_uploads_discard_stale(*, older_than_hours: int = 24) -> int:
    """Delete register files uploaded for a preview that was never confirmed (they hold
    personal data), and the results of imports done that long ago. An upload being imported
    stays, unless it has been "importing" for a week (its worker was lost). Safe to run
    twice."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(hours=older_than_hours)
    stale = list(ImportUpload.objects.select_for_update().filter(
        (Q(created_at__lt=cutoff) & ~Q(state=State.IMPORTING))
        | Q(created_at__lt=now - STUCK_AFTER, state=State.IMPORTING)))
    if stale:
        _discard(actor=None, uploads=stale,
                   reason={"reason": STALE, "older_than_hours": older_than_hours})
    return len(stale)
