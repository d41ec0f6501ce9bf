"""Periodic work of the register."""

from celery import shared_task
from django.conf import settings

from .services import volunteers_anonymise


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def anonymise_ended_volunteers() -> int:
    """Daily: anonymise volunteers whose engagements ended long ago. Idempotent: a second
    run finds nobody left to anonymise."""
    return volunteers_anonymise(actor=None, older_than_years=settings.ANONYMISE_AFTER_YEARS)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def discard_stale_uploads() -> int:
    """Hourly or daily: remove uploaded register files whose preview was never confirmed."""
    from .services import import_uploads_discard_stale

    return import_uploads_discard_stale(older_than_hours=24)
