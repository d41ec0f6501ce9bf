"""Background work of the foundation, and what every app's tasks share."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

# Errors that a later try can mend: the database or the broker away for a moment. Tasks retry
# on these only (`autoretry_for=TRANSIENT_ERRORS`); any other error is a fault that the same
# input would meet again, so the task fails at once and says so in the log.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError)


@shared_task
def ping() -> str:
    """Health check of the broker and the workers (used by the integration tests)."""
    return "pong"
