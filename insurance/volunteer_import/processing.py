"""The background work on an uploaded register file (the Celery task's): check it (a dry run)
or import it once confirmed. Every step is safe to repeat: a state that is already past a step
makes that step do nothing, and the import itself happens once (its state changes to done in
the same transaction as the rows it writes)."""

import hashlib
import logging
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from ..models import ImportResultLine, ImportUpload
from .file_reader import ImportFileError, read_register_file
from .row_writer import ImportReport, volunteers_import

logger = logging.getLogger(__name__)

State = ImportUpload.State
RESULT_BATCH_SIZE = 1000
MAX_RUNS = 5


def report_summary(report: ImportReport) -> dict:
    """The totals kept on the upload; each line's result is an ImportResultLine."""
    return {"counts": report.counts, "warned": len(report.warned),
            "to_look_at": len(report.to_look_at)}


def _result_lines_replace(upload_id, report: ImportReport) -> None:
    ImportResultLine.objects.filter(upload_id=upload_id).delete()
    ImportResultLine.objects.bulk_create(
        (ImportResultLine(upload_id=upload_id, line=row.line, status=row.status,
                          reason=row.reason, name=row.name[:300], warnings=row.warnings,
                          to_look_at=row.status == ImportReport.ERROR or bool(row.warnings))
         for row in report.rows),
        batch_size=RESULT_BATCH_SIZE,
    )


def import_upload_process(*, upload_id) -> str | None:
    """The task's work: check a queued upload, or import a confirmed one. Returns the new
    state; None when the upload is gone (cancelled). Safe to run twice."""
    upload = ImportUpload.objects.filter(pk=upload_id).select_related("uploaded_by",
                                                                        "department").first()
    if upload is None:
        return None
    if upload.state in ImportUpload.RUNNING:
        # Counted before the work, in its own commit: work that killed its worker (the hard
        # time limit, the kernel) comes back with the next one (acks_late), and fails after
        # MAX_RUNS instead of killing that one too.
        ImportUpload.objects.filter(pk=upload.pk).update(runs=F("runs") + 1)
        if upload.runs >= MAX_RUNS:
            import_upload_fail(upload_id=upload.pk, message=gettext(
                "The file could not be processed: every try stopped the background work. "
                "Nothing was imported; send the file to the Vrijwilligerspunt."))
            return State.FAILED
    if upload.state in (State.QUEUED, State.CHECKING):
        return _check(upload)
    if upload.state == State.IMPORTING:
        return _import(upload)
    return upload.state  # checked, done or failed: nothing to do twice


@transaction.atomic
def import_upload_fail(*, upload_id, message: str) -> None:
    """Record that the work failed for good (nothing was imported). The file holds personal
    data and is of no more use: it is deleted at once (after commit), and the department's
    trail says so."""
    upload = ImportUpload.objects.select_for_update().filter(
        pk=upload_id, state__in=ImportUpload.RUNNING).first()
    if upload is None:
        return  # done, failed or discarded already
    storage, name = upload.file.storage, upload.file.name
    ImportUpload.objects.filter(pk=upload.pk).update(
        state=State.FAILED, message=message, finished_at=timezone.now(), file="")
    audit_log(
        actor=None, event_type=AuditEventType.IMPORT_FAILED, department=upload.department,
        obj=upload,
        before={"upload_id": str(upload.pk), "file": upload.original_name,
                "state": upload.state},
        after={"state": State.FAILED, "message": message},
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _read(upload: ImportUpload):
    with upload.file.open("rb") as handle:
        return read_register_file(handle.read())


def _check(upload: ImportUpload) -> str:
    try:
        rows = _read(upload)
    except ImportFileError as refused:
        import_upload_fail(upload_id=upload.pk, message=str(refused))
        return State.FAILED
    ImportUpload.objects.filter(pk=upload.pk).update(
        state=State.CHECKING, rows_done=0, rows_total=len(rows))
    with _ProgressWriter(upload.pk, len(rows)) as progress:
        report = volunteers_import(actor=upload.uploaded_by, department=upload.department,
                                   rows=rows, dry_run=True, progress=progress)
    with transaction.atomic():
        if not ImportUpload.objects.filter(pk=upload.pk, state=State.CHECKING).update(
                state=State.CHECKED, rows_done=len(rows), rows_total=len(rows),
                report=report_summary(report), finished_at=timezone.now()):
            return State.CHECKED  # checked by an earlier delivery, or discarded meanwhile
        _result_lines_replace(upload.pk, report)
    return State.CHECKED


def _import(upload: ImportUpload) -> str:
    try:
        rows = _read(upload)
    except ImportFileError as refused:  # the file was readable when checked
        import_upload_fail(upload_id=upload.pk, message=str(refused))
        return State.FAILED
    with _ProgressWriter(upload.pk, len(rows)) as progress, transaction.atomic():
        # One import at a time per upload; a second delivery waits here, then finds it done.
        _lock(upload.pk)
        if ImportUpload.objects.filter(pk=upload.pk).values_list(
                "state", flat=True).first() != State.IMPORTING:
            return State.DONE
        report = volunteers_import(actor=upload.uploaded_by, department=upload.department,
                                   rows=rows, progress=progress)
        # The file holds personal data: it goes once imported; the result per row stays
        # until the stale uploads are discarded.
        storage, name = upload.file.storage, upload.file.name
        ImportUpload.objects.filter(pk=upload.pk).update(
            state=State.DONE, rows_done=len(rows), rows_total=len(rows),
            report=report_summary(report), finished_at=timezone.now(), file="")
        _result_lines_replace(upload.pk, report)
        transaction.on_commit(lambda: storage.delete(name))
    return State.DONE


def _lock(upload_id) -> None:
    """A transaction-long lock on this upload that does not block the progress writes to
    its row (PostgreSQL advisory lock). SQLite lets one writer at a time anyway."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.blake2b(str(upload_id).encode(), digest_size=8).digest(),
                             "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class _ProgressWriter:
    """Writes rows done / total on the upload while the import's transaction is still open.

    The progress page reads it from another request, so on PostgreSQL it goes through a
    connection of its own (committed at once). Elsewhere (SQLite in development and tests)
    a second writer would wait for the import's lock: there the progress is written only
    when no transaction is open, and the page shows the state until the end.
    """

    def __init__(self, upload_id, rows_total: int):
        self.upload_id = upload_id
        self.rows_total = rows_total
        self.own: object | None = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.own is not None:
            self.own.close()

    def __call__(self, done: int, total: int) -> None:
        # The import counts the rows it writes; the rows refused while checking are done.
        done, total = done + self.rows_total - total, self.rows_total
        if not connection.in_atomic_block:
            ImportUpload.objects.filter(pk=self.upload_id).update(rows_done=done,
                                                                  rows_total=total)
            return
        if connection.vendor != "postgresql":
            return
        if self.own is None:
            self.own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with self.own.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportUpload._meta.db_table} "  # noqa: S608 - our table name
                    "SET rows_done = %s, rows_total = %s WHERE id = %s",
                    [done, total, self.upload_id],
                )
        except Exception:  # progress is a courtesy: never fail the import for it
            logger.warning("import progress not written", exc_info=True)
