"""Background work of the foundation, and what every app's tasks share."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerOperationalError

# Errors that a later try can mend: the database or the broker away for a moment. Tasks retry
# on these only (`autoretry_for=TRANSIENT_ERRORS`); any other error is a fault that the same
# input would meet again, so the task fails at once and says so in the log.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError)

logger = logging.getLogger(__name__)


@shared_task
def ping() -> str:
    """Health check of the broker and the workers (used by the integration tests)."""
    return "pong"


@shared_task(bind=True, max_retries=3, acks_late=True,
             soft_time_limit=settings.DOCUMENT_RENDER_SECONDS,
             time_limit=settings.DOCUMENT_RENDER_SECONDS + 30)
def render_document(self, document_id: str) -> str | None:
    """Render a requested document (see `beleid.documents.rendering`).

    Takes the document's id; a second delivery does nothing twice. A database that is away
    for a moment is retried; past the soft time limit (DOCUMENT_RENDER_SECONDS), out of memory,
    on any other error or on the last retry, the document fails with a message in its
    language and the worker goes on with the next task.
    """
    from django.utils import translation

    from beleid.documents.rendering import document_fail, document_render
    from beleid.models import Document

    def fail(message) -> None:
        language = Document.objects.filter(pk=document_id).values_list(
            "language", flat=True).first()
        with translation.override(language or settings.LANGUAGE_CODE):
            document_fail(document_id=document_id, message=str(message))

    try:
        return document_render(document_id=document_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=2 ** self.request.retries) from error
        fail(_("The database could not be reached. Ask for the document again later."))
        raise
    except SoftTimeLimitExceeded:
        fail(_("Making the document took too long and was stopped. Ask for it again later, "
               "or tell the Vrijwilligerspunt."))
        logger.warning("Document %s stopped: time limit", document_id)
        return Document.State.FAILED
    except MemoryError:
        fail(_("Making the document needed more memory than the background work may use. "
               "Tell the Vrijwilligerspunt."))
        logger.warning("Document %s stopped: out of memory", document_id)
        return Document.State.FAILED
    except Exception:
        fail(_("Something went wrong while making the document. Ask for it again, or tell "
               "the Vrijwilligerspunt."))
        raise
