"""The life of an uploaded register file, as its uploader leads it: upload, then confirm.

    queued -> checking -> checked -> importing -> done
          \\-> failed (the file cannot be read, or the work failed: nothing was written)

The check and the import run in a Celery task (`insurance.tasks.process_import_upload`,
doing `processing.import_upload_process`), started after commit; the upload holds its state,
the progress (rows done / total) and the result per row. Throwing an upload away (by its
uploader, or when it was never confirmed): `discarding`.
"""

from django.db import transaction

from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_log

from ..models import ImportUpload
from ..tasks import process_import_upload

State = ImportUpload.State


def _start(upload: ImportUpload) -> None:
    upload_id = str(upload.pk)
    transaction.on_commit(lambda: process_import_upload.delay(upload_id))


@transaction.atomic
def import_upload_create(*, actor, department: Department, file) -> ImportUpload:
    """Keep an uploaded register file and check it in the background (after commit)."""
    upload = ImportUpload(uploaded_by=actor, department=department,
                          original_name=file.name[:255])
    upload.file.save(str(upload.pk), file, save=False)
    upload.save()
    audit_log(
        actor=actor, event_type=AuditEventType.IMPORT_UPLOADED, department=department,
        obj=upload, after={"upload_id": str(upload.pk), "state": upload.state},
    )
    _start(upload)
    return upload


@transaction.atomic
def import_upload_confirm(*, actor, upload: ImportUpload) -> bool:
    """Import a checked file (in the background, after commit). Only a checked upload can
    be confirmed, by the user who uploaded it; a second confirm does nothing (False)."""
    locked = ImportUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.state != State.CHECKED or locked.uploaded_by_id != actor.pk:
        return False
    locked.state, locked.rows_done, locked.message = State.IMPORTING, 0, ""
    locked.save(update_fields=["state", "rows_done", "message"])
    audit_log(actor=actor, event_type=AuditEventType.IMPORT_CONFIRMED, department=locked.department,
              obj=locked, before={"state": State.CHECKED}, after={"state": State.IMPORTING})
    _start(locked)
    upload.state = locked.state
    return True
