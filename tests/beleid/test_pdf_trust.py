"""What makes a document trustworthy (issue 11): a verification code in every page's footer,
the data embedded as report-data.json, a PAdES signature when a certificate is configured,
bookmarks from the headings, a tagged PDF/A-3b; and `document_render_now`, the same pipeline
at once for the command line."""

import hashlib
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from beleid import pdf as pdf_module
from beleid.documents.rendering import document_render_now
from beleid.models import AuditEvent, AuditEventType, Document
from beleid.models.documents import (
    VERIFICATION_ALPHABET,
    new_verification_code,
    normalise_verification_code,
)
from beleid.pdf import DATA_ATTACHMENT, embedded_data, render_pdf, sign_pdf
from beleid.services.documents import document_request
from tests.beleid.pdf_kind import note_kind, pdf_test_templates  # noqa: F401 (fixtures)
from tests.pdf_checks import fonts, pdf_text, pdfa_identification
from tests.trust_certificate import make_pkcs12, signature_status

KIND = "test_department_note"
SIGN = f"[{VERIFICATION_ALPHABET}]"
CODE_PATTERN = re.compile(rf"^{SIGN}{{4}}-{SIGN}{{4}}-{SIGN}{{4}}$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signing(settings, tmp_path):
    """A throwaway certificate, configured as the environment would."""
    certificate = make_pkcs12(tmp_path)
    settings.PDF_SIGNING_PKCS12 = str(certificate.path)
    settings.PDF_SIGNING_PASSPHRASE = certificate.passphrase
    return certificate


def make_document(user, department, capture, text="klaar") -> Document:
    with capture(execute=True):
        document = document_request(actor=user, kind=KIND,
                                    params={"department_id": department.pk, "text": text})
    document.refresh_from_db()
    assert document.state == Document.State.READY
    return document


def outline_titles(pdf: bytes) -> list:
    """The bookmarks as nested lists of titles."""
    def walk(items):
        titles = []
        for item in items:
            if isinstance(item, list):
                titles.append(walk(item))
            else:
                titles.append(item.title)
        return titles

    return walk(PdfReader(io.BytesIO(pdf)).outline)


# --- the verification code ---------------------------------------------------------------

def test_a_verification_code_is_twelve_unambiguous_signs_in_groups():
    codes = {new_verification_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(CODE_PATTERN.match(code) for code in codes)
    assert not set("015280OILSBZUV") & set(VERIFICATION_ALPHABET)


@pytest.mark.parametrize(("typed", "stored"), [
    ("7KQ4-MWXD-9PTA", "7KQ4-MWXD-9PTA"),
    (" 7kq4 mwxd 9pta ", "7KQ4-MWXD-9PTA"),
    ("7KQ4MWXD9PTA", "7KQ4-MWXD-9PTA"),
    ("7KQ4-MWXD-9PT", ""),  # too short
    ("7KQ4-MWXD-9PT0", ""),  # 0 is no sign of a code
    ("", ""),
])
def test_a_code_is_read_as_typed(typed, stored):
    assert normalise_verification_code(typed) == stored


def test_every_document_gets_its_own_code_in_every_pages_footer(
    note_kind, coordinator, department, django_capture_on_commit_callbacks, monkeypatch,  # noqa: F811
):
    build = note_kind.build

    def long_note(document):
        content = build(document)
        return type(content)(content.template_name,
                             {**content.context, "lines": ["Een lange notitie."] * 150},
                             content.filename, content.data)

    monkeypatch.setattr(note_kind, "build", long_note)

    first = make_document(coordinator, department, django_capture_on_commit_callbacks)
    second = make_document(coordinator, department, django_capture_on_commit_callbacks)

    assert CODE_PATTERN.match(first.verification_code)
    assert first.verification_code != second.verification_code
    pages = PdfReader(io.BytesIO(first.file.read())).pages
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        text = re.sub(r"\s+", " ", page.extract_text())
        assert f"Verificatiecode: {first.verification_code}" in text
        assert f"Pagina {number} van {len(pages)}" in text


def test_the_status_page_shows_the_code_the_hash_and_the_requester(
    client, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    document = make_document(coordinator, department, django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    html = client.get(reverse("beleid:document_status", args=[document.pk])).content.decode()

    assert f'<code id="document-verification-code">{document.verification_code}</code>' in html
    assert document.sha256 in html
    assert reverse("beleid:document_verify") in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_documents_a_code_each(django_user_model):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("beleid", "0005_documents")], [("beleid", "0006_document_verification_code")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    user = apps.get_model("auth", "User").objects.create(username="oud")
    old_document = apps.get_model("beleid", "Document")
    for number in range(3):
        old_document.objects.create(kind=KIND, title=f"Oud {number}", requested_by_id=user.pk,
                                    language="nl-be")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps

    codes = list(apps.get_model("beleid", "Document").objects.values_list(
        "verification_code", flat=True))
    assert len(set(codes)) == 3
    assert all(CODE_PATTERN.match(code) for code in codes)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- the embedded data ---------------------------------------------------------------------

def test_the_data_is_embedded_as_report_data_json(pdf_test_templates):  # noqa: F811
    data = {"department": "Bibliotheek", "year": 2025, "steps": [
        {"code": "vision", "status": "approved", "open": None}], "note": "één € ünïcode"}

    pdf = render_pdf(template_name="pdf_tests/sample.html",
                     context={"title": "Rapport", "name": "x"}, data=data)

    assert embedded_data(pdf) == data
    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == [DATA_ATTACHMENT]
    associated = {(str(spec.get_object()["/F"]), str(spec.get_object()["/AFRelationship"]))
                  for spec in reader.trailer["/Root"]["/AF"]}
    assert associated == {(DATA_ATTACHMENT, "/Data")}
    assert pdfa_identification(pdf) == ("3", "B")


def test_without_data_nothing_is_attached(pdf_test_templates):  # noqa: F811
    pdf = render_pdf(template_name="pdf_tests/sample.html", context={"title": "x", "name": "y"})

    assert embedded_data(pdf) is None
    assert dict(PdfReader(io.BytesIO(pdf)).attachments) == {}


def test_a_documents_data_comes_from_its_kind(
    note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    document = make_document(coordinator, department, django_capture_on_commit_callbacks,
                             text="Wat de pagina toont")

    assert embedded_data(document.file.read()) == {"department": "Bibliotheek",
                                                   "text": "Wat de pagina toont"}


# --- bookmarks, tags, PDF/A ------------------------------------------------------------------

def test_headings_are_bookmarks_in_a_tagged_pdf_a_3b_with_embedded_fonts(
    pdf_test_templates,  # noqa: F811
):
    pdf = render_pdf(template_name="pdf_tests/sections.html",
                     context={"title": "Rapport Bibliotheek 2025", "lines": ["regel"] * 80})

    assert outline_titles(pdf) == [
        "Rapport Bibliotheek 2025",
        ["Samenvatting", "Vereisten", ["VIS-01 Visie"], "Audittrail"],
    ]
    assert pdfa_identification(pdf) == ("3", "B")
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    used = fonts(pdf)
    assert used and all(used.values())
    text = pdf_text(pdf)
    assert "Pagina 1 van 4" in text and "Pagina 4 van 4" in text


# --- the signature ---------------------------------------------------------------------------

def test_without_a_certificate_a_pdf_is_not_signed(settings):
    settings.PDF_SIGNING_PKCS12 = ""

    assert sign_pdf(b"%PDF-1.7 unsigned") == b"%PDF-1.7 unsigned"


def test_a_document_is_signed_with_the_configured_certificate(
    signing, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    document = make_document(coordinator, department, django_capture_on_commit_callbacks)
    signed = document.file.read()

    status = signature_status(signed, signing)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True, True, True, True)
    assert status.coverage.name == "ENTIRE_FILE"
    # The SHA-256 is taken of the signed bytes: the verification page knows this file.
    assert document.sha256 == hashlib.sha256(signed).hexdigest()
    assert pdfa_identification(signed) == ("3", "B")
    assert embedded_data(signed) == {"department": "Bibliotheek", "text": "klaar"}
    assert document.verification_code in pdf_text(signed)


def test_one_changed_byte_breaks_the_signature(
    signing, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    document = make_document(coordinator, department, django_capture_on_commit_callbacks)
    changed = bytearray(document.file.read())
    changed[len(changed) // 3] ^= 0x01

    status = signature_status(bytes(changed), signing)

    assert (status.intact, status.bottom_line) == (False, False)


def test_an_unsigned_document_has_no_signature(
    settings, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
    tmp_path,
):
    settings.PDF_SIGNING_PKCS12 = ""
    document = make_document(coordinator, department, django_capture_on_commit_callbacks)

    assert signature_status(document.file.read(), make_pkcs12(tmp_path)) is None


def test_a_wrong_passphrase_fails_the_document_not_silently_unsigned(
    signing, settings, note_kind, coordinator, department,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    settings.PDF_SIGNING_PASSPHRASE = "fout"
    pdf_module._signer.cache_clear()

    with pytest.raises(ValueError, match="cannot be read with its passphrase"):
        with django_capture_on_commit_callbacks(execute=True):
            document_request(actor=coordinator, kind=KIND,
                             params={"department_id": department.pk, "text": "x"})

    document = Document.objects.get()
    assert document.state == Document.State.FAILED
    assert not document.file
    pdf_module._signer.cache_clear()


# --- document_render_now -----------------------------------------------------------------------

def test_render_now_makes_an_archived_document_through_the_same_pipeline(
    signing, note_kind, department,  # noqa: F811
):
    document = document_render_now(kind=KIND, language="nl-be",
                                   params={"department_id": department.pk, "text": "cli"})

    assert document.state == Document.State.READY
    assert document.requested_by is None
    assert document.department == department
    pdf = document.file.read()
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert f"Verificatiecode: {document.verification_code}" in pdf_text(pdf)
    assert embedded_data(pdf) == {"department": "Bibliotheek", "text": "cli"}
    assert signature_status(pdf, signing).bottom_line is True
    events = list(AuditEvent.objects.filter(event_type__startswith="DOCUMENT_")
                  .order_by("id").values_list("event_type", "actor"))
    assert events == [(AuditEventType.DOCUMENT_REQUESTED, None),
                      (AuditEventType.DOCUMENT_RENDERED, None)]


def test_render_now_in_english(note_kind, department):  # noqa: F811
    document = document_render_now(kind=KIND, language="en",
                                   params={"department_id": department.pk, "text": "cli"})

    text = pdf_text(document.file.read())
    assert "5 March 2026" in text
    assert f"Verification code: {document.verification_code}" in text


def test_render_now_for_someone_who_may_not_ask_makes_nothing(
    note_kind, department, other_coordinator,  # noqa: F811
):
    with pytest.raises(PermissionDenied):
        document_render_now(kind=KIND, language="nl-be", requested_by=other_coordinator,
                            params={"department_id": department.pk, "text": "x"})

    assert Document.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_render_now_of_an_unknown_kind_makes_nothing(db):
    with pytest.raises(LookupError):
        document_render_now(kind="geen_soort", language="nl-be", params={})

    assert Document.objects.count() == 0


def test_render_now_of_what_cannot_be_made_returns_the_failed_document(
    note_kind, department,  # noqa: F811
):
    document = document_render_now(kind=KIND, language="nl-be",
                                   params={"department_id": department.pk,
                                           "text": "unavailable"})

    assert (document.state, document.message) == (
        Document.State.FAILED, "De gegevens van deze notitie bestaan niet meer.")


def test_the_attendance_certificate_embeds_what_it_shows_and_its_code(
    client, coordinator, department, django_capture_on_commit_callbacks,
):
    from django.utils import formats, timezone, translation

    from tests import factories
    from tests.kennisdeling.certified import registration

    attended = registration(department, user=factories.UserFactory(username="an"))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("beleid:document_request", args=["attendance_certificate"]),
                    {"registration": attended.pk})

    document = Document.objects.get()
    pdf = document.file.read()
    with translation.override("nl-be"):
        issued_on = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert embedded_data(pdf) == {
        "kind": "attendance_certificate", "title": "Attest van deelname", "name": "An Peeters",
        "session_title": "Basisvorming vrijwilligerswerk",
        "provider": "Vlaams Steunpunt Vrijwilligerswerk", "date": "donderdag 5 maart 2026",
        "time": "09:30 tot 12:30", "duration": "3 uur",
        "place": "Stadhuis, Botermarkt 1, Gent", "is_basic_training": True,
        "department": "Bibliotheek", "issued_on": issued_on,
    }
    text = pdf_text(pdf)
    for value in embedded_data(pdf).values():
        if isinstance(value, str) and value != "attendance_certificate":
            assert value in text, value
    assert f"Verificatiecode: {document.verification_code}" in text


# --- safe rendering through the whole pipeline ---------------------------------------------------

def test_the_render_task_has_soft_and_hard_time_limits(settings):
    from beleid.tasks import render_document

    assert render_document.soft_time_limit == settings.DOCUMENT_RENDER_SECONDS
    assert render_document.time_limit == settings.DOCUMENT_RENDER_SECONDS + 30
    assert render_document.acks_late is True


def test_hostile_user_text_asks_for_nothing_through_the_pipeline(
    signing, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    from pathlib import Path

    from tests.pdf_checks import counting_server

    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    with counting_server() as server:
        port = server.server_port
        hostile = (f'<img src="http://127.0.0.1:{port}/x"> <a href="file:///etc/passwd">pw</a> '
                   f'<style>body {{ background: url(http://127.0.0.1:{port}/y) }}</style> '
                   f'url(http://127.0.0.1:{port}/z)')
        document = make_document(coordinator, department, django_capture_on_commit_callbacks,
                                 text=hostile)

    assert server.paths == []
    pdf = document.file.read()
    assert f'<img src="http://127.0.0.1:{port}/x">' in pdf_text(pdf)  # shown as text
    assert passwd not in pdf_text(pdf)
    assert passwd.encode() not in pdf
    assert embedded_data(pdf)["text"] == hostile  # the data holds the text as it was given
    assert signature_status(pdf, signing).bottom_line is True
