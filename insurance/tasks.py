"""Periodic work of the register."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from beleid.tasks import TRANSIENT_ERRORS

from .models import ImportUpload
from .services import volunteers_anonymise
from .volunteer_import.discarding import import_uploads_discard_stale
from .volunteer_import.processing import import_upload_fail, import_upload_process

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=3)
def anonymise_ended_volunteers() -> int:
    """Daily: anonymise volunteers whose engagements ended long ago. Idempotent: a second
    run finds nobody left to anonymise."""
    return volunteers_anonymise(actor=None, older_than_years=settings.ANONYMISE_AFTER_YEARS)


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=3)
def discard_stale_uploads() -> int:
    """Hourly or daily: remove uploaded register files whose preview was never confirmed."""
    return import_uploads_discard_stale(older_than_hours=24)


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_import_upload(self, upload_id: str) -> str | None:
    """Check a queued register file, or import a confirmed one (see
    `volunteer_import.processing`).

    Takes the upload's id; a second delivery does nothing twice. A database that is away
    for a moment is retried. A file that needs more memory or time than the worker gives a
    task (WORKER_MAX_MEMORY_MB, CELERY_TASK_SOFT_TIME_LIMIT), anything else, or the last
    retry marks the upload failed (nothing was imported: the import is one transaction) and
    the worker goes on with the next task.
    """
    from django.utils.translation import gettext

    try:
        return import_upload_process(upload_id=upload_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=2 ** self.request.retries) from error
        import_upload_fail(upload_id=upload_id, message=gettext(
            "The database could not be reached. Nothing was imported; try again later."))
        raise
    except MemoryError:
        # Whatever the task built is garbage now; the upload's row is small to write.
        import_upload_fail(upload_id=upload_id, message=gettext(
            "The file needs more memory than a list of volunteers can; it was not read to "
            "the end. Save only the list (one sheet, no images) and upload it again."))
        logger.warning("Import %s refused: out of memory", upload_id)
        return ImportUpload.State.FAILED
    except SoftTimeLimitExceeded:
        import_upload_fail(upload_id=upload_id, message=gettext(
            "Processing the file took longer than %(seconds)s seconds and was stopped. Split "
            "it into smaller lists.") % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT})
        logger.warning("Import %s refused: time limit", upload_id)
        return ImportUpload.State.FAILED
    except Exception:
        import_upload_fail(upload_id=upload_id, message=gettext(
            "Something went wrong while processing the file. Nothing was imported; try "
            "again, or send the file to the Vrijwilligerspunt."))
        raise
