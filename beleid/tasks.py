"""Background work of the foundation."""

from celery import shared_task


@shared_task
def ping() -> str:
    """Health check of the broker and the workers (used by the integration tests)."""
    return "pong"
