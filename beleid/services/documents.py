"""Documents (PDFs) as their readers lead them: ask for one, download it, verify one. The
rendering itself is the background work of `beleid.documents.rendering` (a Celery task, started
after commit): a web request never renders a PDF."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from beleid import access
from beleid.documents.rendering import document_create
from beleid.models import AuditEventType, Document
from beleid.models.documents import normalise_verification_code
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
    document = document_create(actor=actor, kind=kind, params=params, language=language)
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


# --- verification: is a PDF (or a code) a genuine, unaltered document of this system? ---


class VerificationOutcome:
    """What the verification page answers (stored in the DOCUMENT_VERIFIED event)."""

    GENUINE = "genuine"  # the uploaded bytes are exactly those of a ready document
    CODE_KNOWN = "code_known"  # the code is a document's (compare its SHA-256 with yours)
    NOT_GENUINE = "not_genuine"  # no document of this system has these bytes
    UNKNOWN_CODE = "unknown_code"  # no document has this code


@dataclass(frozen=True)
class Verification:
    """The answer of one verification: how it was checked, the outcome, the document it
    found (None when none) and the SHA-256 of the uploaded file (empty for a code)."""

    method: str  # "code" or "file"
    outcome: str
    document: Document | None
    sha256: str = ""

    @property
    def found(self) -> bool:
        return self.document is not None


def _verified(*, actor, method: str, outcome: str, document: Document | None,
              sha256: str = "") -> Verification:
    after = {"method": method, "outcome": outcome}
    if sha256:
        after["sha256"] = sha256
    audit_log(actor=actor, event_type=AuditEventType.DOCUMENT_VERIFIED,
              department=document.department if document is not None else None,
              obj=document, after=after)
    return Verification(method=method, outcome=outcome, document=document, sha256=sha256)


@transaction.atomic
def document_verify_code(*, actor, code: str) -> Verification:
    """Which ready document carries the verification code `code` (as typed: case, spaces and
    dashes do not matter)? Audited, whatever the answer."""
    normalised = normalise_verification_code(code)
    document = (Document.objects.select_related("requested_by", "department")
                .filter(verification_code=normalised, state=Document.State.READY).first()
                if normalised else None)
    outcome = (VerificationOutcome.CODE_KNOWN if document is not None
               else VerificationOutcome.UNKNOWN_CODE)
    return _verified(actor=actor, method="code", outcome=outcome, document=document)


@transaction.atomic
def document_verify_file(*, actor, upload: UploadedFile) -> Verification:
    """Is the uploaded file, byte for byte, a ready document of this system (its SHA-256
    equal to one the renderer stored)? One changed byte and it is not. Audited, whatever the
    answer. The form bounds the size and refuses what is not a PDF."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    document = (Document.objects.select_related("requested_by", "department")
                .filter(sha256=sha256, state=Document.State.READY).order_by("created_at")
                .first())
    outcome = (VerificationOutcome.GENUINE if document is not None
               else VerificationOutcome.NOT_GENUINE)
    return _verified(actor=actor, method="file", outcome=outcome, document=document,
                     sha256=sha256)
