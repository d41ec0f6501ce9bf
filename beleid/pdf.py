"""The one PDF module of the product: every PDF (attendance certificates, audit reports) is HTML
from a Django template, rendered by WeasyPrint as PDF/A-3b with the project's own fonts.

    render_pdf(template_name="pdf/...html", context={...}, language="nl-be", data={...}) -> bytes
    sign_pdf(pdf) -> bytes   # a PAdES signature, when PDF_SIGNING_PKCS12 is configured

Call it from a Celery task only (see `beleid.services.documents`): rendering takes seconds and
memory that a web request must not spend. The HTML may hold user text; whatever it links to is
fetched by `static_files_fetcher()`, which serves the project's own static files (fonts, logo,
CSS) and refuses everything else: no network, no `data:`, no file outside the static folders.
Templates link static files with `{% load pdf %}{% pdf_static "fonts/DejaVuSans.ttf" %}`.
"""

import io
import json
import logging
import mimetypes
import os
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Conformance level of every PDF: archivable (PDF/A-3, level B: visual appearance), with the
# sRGB output intent and XMP metadata that WeasyPrint adds for this variant.
PDF_VARIANT = "pdf/a-3b"
# WeasyPrint's options of every PDF: PDF/A-3b, tagged (structure tree: headings, tables,
# paragraphs; readers and screen readers find their way). Tagging costs time (about a quarter
# more on a table-heavy document) and size (several times the untagged file): a benchmark's
# floor (WeasyPrint on static HTML) renders with these same options to compare like with like.
WRITE_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
# The name of the embedded machine-readable data (PDF/A-3 allows any attached file).
DATA_ATTACHMENT = "report-data.json"
# The signature field of a signed PDF.
SIGNATURE_FIELD = "Vrijwilligerspunt"


class FetchRefused(ValueError):
    """A resource that a PDF may not load (anything but the project's static files)."""


@cache
def static_roots() -> tuple[Path, ...]:
    """The folders whose files a PDF may load: those the staticfiles finders search (the
    project's `static/` and each app's `static/`), resolved (symbolic links followed)."""
    roots: list[Path] = []
    for finder in finders.get_finders():
        for _prefix, root in getattr(finder, "locations", ()):
            roots.append(Path(root))
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
    return tuple(dict.fromkeys(root.resolve() for root in roots if os.path.isdir(root)))


def static_file_url(path: str) -> str:
    """The `file:` URL of a static file by its static path ("fonts/DejaVuSans.ttf"), for a PDF
    template. Raises FetchRefused when no static folder has it (or the path leaves them)."""
    found = finders.find(path)
    if not found:
        raise FetchRefused(f"No static file {path!r}.")
    return _inside_static(Path(found)).as_uri()


def _inside_static(path: Path) -> Path:
    resolved = path.resolve()
    if not any(resolved.is_relative_to(root) for root in static_roots()):
        raise FetchRefused(f"Outside the static folders: {path}")
    if not resolved.is_file():
        raise FetchRefused(f"No such static file: {path}")
    return resolved


def _static_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"Not a static file: {url[:200]}")
    return _inside_static(Path(url2pathname(parts.path)))  # url2pathname unquotes


@cache
def _fetcher_class():
    # WeasyPrint is imported when a PDF is made, not by every process that loads this module
    # (its import lays out its own stylesheets: a noticeable start-up cost).
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """WeasyPrint's URL fetcher for the product: a `file:` URL of a file inside the static
        folders is served from disk; any other URL (http, https, ftp, data, a file elsewhere,
        a path that climbs out with `..` or a symbolic link) is refused. Nothing is ever asked
        of the network, so there is no redirect to follow either. A refused resource is left
        out of the PDF (WeasyPrint logs it), logged here and listed in `refused`."""

        def __init__(self):
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                path = _static_path(url)
            except FetchRefused:
                self.refused.append(url[:200])
                logger.warning("PDF resource refused: %.200s", url)
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

        def open(self, url, data=None, timeout=None):
            # Nothing of urllib's openers (network, redirects) is ever used.
            return self.fetch(url if isinstance(url, str) else url.full_url)

    return StaticFilesFetcher


def static_files_fetcher():
    """A new URL fetcher for one rendering (see `_fetcher_class`)."""
    return _fetcher_class()()


def render_pdf(*, template_name: str, context: dict, language: str | None = None,
               data: dict | None = None) -> bytes:
    """A PDF/A-3b document from a Django template (extending `pdf/base.html`).

    Dates and texts come out in `language` (the site's default, Dutch, when None): the
    template runs, and the PDF is laid out, under `translation.override(language)`. The title,
    author and language of the PDF's metadata come from the HTML (`<title>`, `<meta
    name="author">`, `<html lang>`). Every font is the project's (static/fonts/) and embedded.
    The PDF is tagged (structure tree, /MarkInfo) and its headings (h1-h6) are its bookmarks.
    `data` (plain JSON values: what the pages show) is embedded as the attachment
    DATA_ATTACHMENT, related to the document as its /Data (PDF/A-3's associated file).
    """
    from weasyprint import HTML, Attachment

    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
        fetcher = static_files_fetcher()
        document = HTML(
            string=html,
            base_url=static_roots()[0].as_uri() + "/",
            url_fetcher=fetcher,
            media_type="print",
        )
        attachments = []
        if data is not None:
            attachments.append(Attachment(
                string=json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
                name=DATA_ATTACHMENT, relationship="Data", url_fetcher=fetcher,
                description="The data shown on the pages, as JSON",
            ))
        return document.write_pdf(**WRITE_OPTIONS, attachments=attachments or None)


def embedded_data(pdf: bytes) -> dict | None:
    """The data embedded by `render_pdf` (DATA_ATTACHMENT), None when there is none."""
    from pypdf import PdfReader

    contents = PdfReader(io.BytesIO(pdf)).attachments.get(DATA_ATTACHMENT)
    return json.loads(contents[0]) if contents else None


def signing_configured() -> bool:
    """Is a signing certificate configured (PDF_SIGNING_PKCS12, from the environment)?"""
    return bool(settings.PDF_SIGNING_PKCS12)


@cache
def _signer(path: str, passphrase: str):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() or None)
    if signer is None:
        raise ValueError(f"The signing certificate {path} cannot be read with its passphrase.")
    return signer


def sign_pdf(pdf: bytes) -> bytes:
    """`pdf` with a PAdES signature (pyHanko, an incremental update covering the whole file,
    SHA-256) by the certificate of PDF_SIGNING_PKCS12 (passphrase PDF_SIGNING_PASSPHRASE);
    `pdf` unchanged when no certificate is configured. A PDF reader shows a signed PDF as
    signed and unaltered when it trusts the certificate; one changed byte breaks it."""
    if not signing_configured():
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(str(settings.PDF_SIGNING_PKCS12), settings.PDF_SIGNING_PASSPHRASE)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256", name="Vrijwilligerspunt Stad Gent",
    )
    signed = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return signed.getvalue()
