"""Documents rendered in the background: the registry of kinds.

Every PDF of the product is a `Document` (beleid.models.documents): asked for on a page
(`beleid.services.documents.document_request`), rendered by a Celery task
(`beleid.tasks.render_document`, doing `rendering.document_render`), then downloaded from its
status page. An app says what its kind of document is by registering a `DocumentKind` from its
`AppConfig.ready()`:

    register_kind(AttendanceCertificate())

A kind turns the posted form into parameters (ids), names the document and its department,
says who may ask for it (through `beleid.access`), and builds the template, context and file
name from a stored document, in the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import QueryDict

    from beleid.models import Department, Document


class DocumentUnavailable(Exception):
    """What a document shows is gone or changed (e.g. the attendance was undone): the
    document fails with this message, in the document's language."""


@dataclass(frozen=True)
class DocumentContent:
    """What the renderer needs: a template extending `pdf/base.html`, its context (plain
    values, already in the document's language), and the file name of the download. `data`
    (plain JSON values: exactly what the pages show) is embedded in the PDF as the attachment
    "report-data.json", for a machine to check against the pages. The renderer adds
    `verification_code` to the context."""

    template_name: str
    context: dict[str, Any]
    filename: str
    data: dict[str, Any] | None = None


class DocumentKind:
    """One kind of document. Subclass, set `code` and `label`, and implement the methods."""

    code: str = ""
    label: str = ""

    def params_from_request(self, user, data: QueryDict) -> dict[str, Any]:
        """The parameters of a request posted by `user` (ids as JSON values). Raises Http404
        when what it names does not exist for them."""
        raise NotImplementedError

    def title(self, params: dict[str, Any]) -> str:
        """The document's name for people, fixed when it is asked for."""
        raise NotImplementedError

    def department(self, params: dict[str, Any]) -> Department | None:
        """The department whose data the document shows (None: the whole city)."""
        return None

    def may_request(self, user, params: dict[str, Any]) -> bool:
        """May `user` ask for this document? Decide through `beleid.access`."""
        raise NotImplementedError

    def may_see(self, user, document: Document) -> bool:
        """May `user` see (and download) `document`? By default: only who asked for it, and
        only while they may still ask for it."""
        return document.requested_by_id == user.pk and self.may_request(user, document.params)

    def build(self, document: Document) -> DocumentContent:
        """Template, context and file name of `document` (in the worker, under the document's
        language). Raises DocumentUnavailable when it can no longer be made."""
        raise NotImplementedError

    def public_title(self, document: Document) -> str:
        """The document's name for whoever enters its verification code without being
        allowed to see it (an auditor with a code from a footer): nothing personal. By
        default the kind's label; a kind whose titles name no person may return the title."""
        return str(self.label)

    def back_url(self, document: Document, user) -> str | None:
        """Where the status page's "back" link leads `user` (None: no such link; the menu is
        there)."""
        return None


_kinds: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> DocumentKind:
    """Make `kind` known (from an AppConfig.ready()); registering a code again replaces it."""
    if not kind.code:
        raise ValueError("A document kind needs a code.")
    _kinds[kind.code] = kind
    return kind


def unregister_kind(code: str) -> None:
    """Forget a kind (tests)."""
    _kinds.pop(code, None)


def get_kind(code: str) -> DocumentKind | None:
    """The registered kind of this code, None when there is none."""
    return _kinds.get(code)
