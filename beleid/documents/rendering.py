"""The background work on a document (the Celery task's, `beleid.tasks.render_document`):
render it once. Every step is safe to repeat: a document that is ready or failed is left as it
is, and it turns ready in one transaction with its file, its SHA-256 and its audit event.

The pipeline: the kind builds template, context and data; the renderer adds the document's
verification code to the context (every page's footer), embeds the data, signs the PDF when
a certificate is configured, and only then takes the SHA-256 of the bytes it stores.
`document_render_now` runs the same pipeline at once (the command line)."""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from beleid import access
from beleid.models import AuditEventType, Document
from beleid.pdf import render_pdf, sign_pdf
from beleid.services.audit import audit_log

from . import DocumentUnavailable, get_kind

logger = logging.getLogger(__name__)

State = Document.State
# A document whose rendering killed its worker this often (the hard time limit, the kernel)
# fails instead of killing the next one too.
MAX_RUNS = 3


def document_render(*, document_id) -> str | None:
    """Render a queued document; returns its state (None when it no longer exists)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    if document.state not in Document.RUNNING:
        return document.state  # ready or failed: nothing to do twice
    # Counted before the work, in its own commit: see MAX_RUNS.
    Document.objects.filter(pk=document.pk, state__in=Document.RUNNING).update(
        state=State.RENDERING, runs=F("runs") + 1)
    with translation.override(document.language):
        if document.runs >= MAX_RUNS:
            document_fail(document_id=document.pk, message=gettext(
                "The document could not be made: every try stopped the background work. "
                "Ask for it again later, or tell the Vrijwilligerspunt."))
            return State.FAILED
        kind = get_kind(document.kind)
        if kind is None:
            document_fail(document_id=document.pk, message=gettext(
                "This kind of document can no longer be made."))
            return State.FAILED
        try:
            content = kind.build(document)
        except DocumentUnavailable as unavailable:
            document_fail(document_id=document.pk, message=str(unavailable))
            return State.FAILED
    pdf = render_pdf(
        template_name=content.template_name,
        context={**content.context, "verification_code": document.verification_code},
        language=document.language, data=content.data,
    )
    return _store(document, sign_pdf(pdf), content.filename)


def document_render_now(*, kind: str, params: dict, language: str,
                        requested_by=None) -> Document:
    """Make a document of `kind` at once, through the same pipeline as the background work
    (archived as a Document with its verification code, data and signature, audited), for the
    command line: `requested_by` None is "made on the command line". Returns the document,
    ready or failed (its `message` says why). LookupError for an unknown kind;
    PermissionDenied when `requested_by` may not ask for it."""
    document = document_create(actor=requested_by, kind=kind, params=params, language=language)
    try:
        document_render(document_id=document.pk)
    except Exception:
        with translation.override(language):
            document_fail(document_id=document.pk, message=gettext(
                "Something went wrong while making the document. Ask for it again, or tell "
                "the Vrijwilligerspunt."))
        raise
    document.refresh_from_db()
    return document


@transaction.atomic
def _store(document: Document, pdf: bytes, filename: str) -> str:
    locked = Document.objects.select_for_update().filter(
        pk=document.pk, state=State.RENDERING).first()
    if locked is None:
        # Finished by an earlier delivery meanwhile.
        return Document.objects.filter(pk=document.pk).values_list("state", flat=True).first()
    # Written under the lock: a second delivery cannot write it too. (Should the commit fail,
    # the file stays behind unnamed by any row; the next delivery writes another.)
    locked.file.save("document.pdf", ContentFile(pdf), save=False)
    locked.state, locked.message = State.READY, ""
    locked.filename = filename[:200]
    locked.sha256 = hashlib.sha256(pdf).hexdigest()
    locked.size = len(pdf)
    locked.finished_at = timezone.now()
    locked.save()
    audit_log(
        actor=None, event_type=AuditEventType.DOCUMENT_RENDERED, department=locked.department,
        obj=locked,
        before={"state": document.state},
        after={"state": locked.state, "filename": locked.filename, "sha256": locked.sha256,
               "size": locked.size},
    )
    return State.READY


@transaction.atomic
def document_fail(*, document_id, message: str) -> None:
    """Record that the document could not be made, with a message for its reader (in the
    document's language). A document that is ready or failed already stays as it is."""
    document = Document.objects.select_for_update().filter(
        pk=document_id, state__in=Document.RUNNING).first()
    if document is None:
        return
    before = document.state
    document.state, document.message, document.finished_at = (
        State.FAILED, message, timezone.now())
    document.save(update_fields=["state", "message", "finished_at"])
    audit_log(
        actor=None, event_type=AuditEventType.DOCUMENT_FAILED, department=document.department,
        obj=document, before={"state": before},
        after={"state": document.state, "message": message},
    )
    logger.warning("Document %s (%s) failed: %s", document.pk, document.kind, message)


@transaction.atomic
def document_create(*, actor, kind: str, params: dict[str, Any],
                    language: str | None = None) -> Document:
    """The archived record of an asked-for document, queued, with its verification code,
    audited; nothing rendered or started yet (`document_request` starts the background work,
    `document_render_now` renders at once). `actor` None: the command line, which may ask
    for anything. PermissionDenied when `actor` may not ask for it, LookupError for a kind
    nobody registered."""
    document_kind = get_kind(kind)
    if document_kind is None:
        raise LookupError(f"No document kind {kind!r}.")
    if actor is not None and not access.can_request_document(actor, document_kind, params):
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
    return document
