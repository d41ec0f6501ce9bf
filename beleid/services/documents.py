"""Documents (PDFs) as their readers lead them: ask for one, download it. The rendering itself
is the background work of `beleid.documents.rendering` (a Celery task, started after commit):
a web request never renders a PDF."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation

from beleid import access
from beleid.documents import get_kind
from beleid.models import AuditEventType, Document
from beleid.services.audit import audit_log


def _start(document: Document) -> None:
    from beleid.tasks import render_document

    document_id = str(document.pk)
    transaction.on_commit(lambda: render_document.delay(document_id))


@transaction.atomic
def document_request(*, actor, kind: str, params: dict[str, Any],
                     language: str | None = None) -> Document:
    """Ask for a document of `kind` with `params`, in `language` (the current language when
    None); it is rendered in the background after commit. PermissionDenied when `actor` may
    not ask for it, LookupError for a kind nobody registered."""
    document_kind = get_kind(kind)
    if document_kind is None:
        raise LookupError(f"No document kind {kind!r}.")
    if not access.can_request_document(actor, document_kind, params):
        raise PermissionDenied("This user may not ask for this document.")
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        title = str(document_kind.title(params))[:300]
    document = Document.objects.create(
        kind=kind, params=params, title=title, requested_by=actor,
        department=document_kind.department(params), language=language,
    )
    audit_log(
        actor=actor, event_type=AuditEventType.DOCUMENT_REQUESTED,
        department=document.department, obj=document,
        # Not the title: it may name a person (the event's object is named for each reader).
        after={"kind": kind, "language": language, "state": document.state},
    )
    _start(document)
    return document


@transaction.atomic
def document_request_again(*, actor, document: Document) -> Document:
    """Ask again for a document that failed: a new document of the same kind, parameters
    and language."""
    return document_request(actor=actor, kind=document.kind, params=document.params,
                            language=document.language)


@transaction.atomic
def document_download(*, actor, document: Document) -> None:
    """Record that `actor` downloads a ready document (the view hands out the file).
    PermissionDenied when they may not see it or it is not ready."""
    if document.state != Document.State.READY or not access.can_see_document(actor, document):
        raise PermissionDenied("This document is not this user's to download.")
    audit_log(
        actor=actor, event_type=AuditEventType.DOCUMENT_DOWNLOADED,
        department=document.department, obj=document,
        after={"filename": document.filename, "sha256": document.sha256},
    )
