"""The verification page (beleid:document_verify): anyone logged in uploads a PDF or enters a
verification code and learns whether it is a genuine, unaltered document of this system and
which one — only the title, date and SHA-256 an auditor may learn when they may not see it.
Every check is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone

from beleid.models import AuditEvent, AuditEventType, Document
from beleid.selectors import audit_rows
from beleid.services.documents import document_request
from tests.beleid.pdf_kind import note_kind, pdf_test_templates  # noqa: F401 (fixtures)

KIND = "test_department_note"
URL = reverse("beleid:document_verify")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def document(note_kind, coordinator, department, django_capture_on_commit_callbacks):  # noqa: F811
    coordinator.first_name, coordinator.last_name = "Veerle", "Claes"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = document_request(actor=coordinator, kind=KIND,
                                params={"department_id": department.pk, "text": "echt"})
    made.refresh_from_db()
    assert made.state == Document.State.READY
    return made


def upload(client, content: bytes, name="document.pdf"):
    return client.post(URL, {"check": "file",
                             "file-pdf": SimpleUploadedFile(name, content, "application/pdf")})


def verified_events():
    return list(AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_VERIFIED)
                .order_by("id"))


def made_on(document) -> str:
    return formats.date_format(timezone.localtime(document.finished_at), "DATETIME_FORMAT")


def test_the_page_needs_a_login(client, document):
    for response in (client.get(URL), client.post(URL, {"check": "code",
                                                         "code-code": document.verification_code})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert verified_events() == []


@pytest.mark.parametrize("who", ["coordinator", "other_coordinator", "consultant", "auditor"])
def test_everybody_logged_in_finds_the_page_in_the_menu(client, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("beleid:framework_list"))
    page = client.get(URL)

    assert f'href="{URL}"' in response.content.decode()
    assert page.status_code == 200
    assert "Een document controleren" in page.content.decode()


def test_the_genuine_file_is_recognised_and_named(client, document, auditor):
    client.force_login(auditor)

    response = upload(client, document.file.read())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="genuine"' in html
    assert (f"Echt en ongewijzigd: Notitie Bibliotheek, gemaakt op {made_on(document)} voor "
            "Veerle Claes.") in html
    assert document.sha256 in html
    assert reverse("beleid:document_download", args=[document.pk]) not in html
    [event] = verified_events()
    assert event.actor == auditor
    assert event.department == document.department
    assert event.object_id == str(document.pk)
    assert event.after == {"method": "file", "outcome": "genuine", "sha256": document.sha256}


def test_one_changed_byte_is_not_genuine(client, document, auditor):
    changed = bytearray(document.file.read())
    changed[len(changed) // 2] ^= 0x01
    client.force_login(auditor)

    response = upload(client, bytes(changed))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="not_genuine"' in html
    assert "Niet echt: geen ongewijzigd document van dit systeem." in html
    assert "Notitie Bibliotheek" not in html
    assert document.sha256 not in html
    [event] = verified_events()
    assert event.department is None and event.object_id in ("", None)
    assert event.after["outcome"] == "not_genuine"
    assert event.after["sha256"] != document.sha256


def test_a_file_that_is_no_pdf_is_refused_without_a_check(client, document, auditor):
    client.force_login(auditor)

    response = upload(client, b"GIF89a not a pdf", name="foto.pdf")

    assert response.status_code == 400
    assert "Dit bestand is geen pdf." in response.content.decode()
    assert verified_events() == []


def test_a_file_too_large_is_refused(client, document, auditor, settings):
    settings.DOCUMENT_VERIFY_MAX_MB = 0
    client.force_login(auditor)

    response = upload(client, document.file.read())

    assert response.status_code == 400
    assert "Het bestand is groter dan 0 MB" in response.content.decode()
    assert verified_events() == []


def test_a_code_tells_an_auditor_only_the_kind_the_date_and_the_hash(client, document, auditor):
    client.force_login(auditor)
    typed = document.verification_code.lower().replace("-", " ")

    response = client.post(URL, {"check": "code", "code-code": typed})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="code_known"' in html
    assert (f"Deze code hoort bij een document van dit systeem: Notitie, gemaakt op "
            f"{made_on(document)}.") in html
    assert document.sha256 in html
    assert "Notitie Bibliotheek" not in html  # the title may name a person
    assert "Veerle Claes" not in html and "coordinator" not in html
    assert reverse("beleid:document_status", args=[document.pk]) not in html
    assert reverse("beleid:document_download", args=[document.pk]) not in html
    [event] = verified_events()
    assert event.after == {"method": "code", "outcome": "code_known"}
    assert event.object_id == str(document.pk)


def test_a_code_tells_who_may_see_the_document_all_of_it(client, document, coordinator):
    client.force_login(coordinator)

    response = client.post(URL, {"check": "code", "code-code": document.verification_code})

    html = response.content.decode()
    assert "Notitie Bibliotheek" in html
    assert "Veerle Claes" in html
    assert reverse("beleid:document_status", args=[document.pk]) in html


def test_an_unknown_code_is_not_genuine(client, document, auditor):
    client.force_login(auditor)
    unknown = next(code for code in ("7KQ4-MWXD-9PTA", "3333-4444-6666")
                   if code != document.verification_code)

    response = client.post(URL, {"check": "code", "code-code": unknown})

    html = response.content.decode()
    assert 'data-outcome="unknown_code"' in html
    assert "Niet echt: geen document van dit systeem." in html
    [event] = verified_events()
    assert event.after == {"method": "code", "outcome": "unknown_code"}


def test_the_code_of_a_document_not_ready_is_unknown(client, document, auditor):
    Document.objects.filter(pk=document.pk).update(state=Document.State.FAILED)
    client.force_login(auditor)

    response = client.post(URL, {"check": "code", "code-code": document.verification_code})

    assert 'data-outcome="unknown_code"' in response.content.decode()


def test_text_that_cannot_be_a_code_is_refused_without_a_check(client, document, auditor):
    client.force_login(auditor)

    response = client.post(URL, {"check": "code", "code-code": "ABC"})

    assert response.status_code == 400
    assert "Een verificatiecode heeft 12 letters en cijfers" in response.content.decode()
    assert verified_events() == []


def test_a_check_takes_few_queries(client, document, auditor, django_assert_max_num_queries):
    client.force_login(auditor)

    with django_assert_max_num_queries(10):
        client.post(URL, {"check": "code", "code-code": document.verification_code})


def test_the_audit_trail_tells_a_verification_in_words(client, document, auditor, consultant):
    client.force_login(auditor)
    upload(client, document.file.read())

    [row] = audit_rows(AuditEvent.objects.filter(
        event_type=AuditEventType.DOCUMENT_VERIFIED), consultant)

    assert row.event_label == "Document gecontroleerd"
    assert "gecontroleerd met: opgeladen pdf" in row.changes_text
    assert "uitkomst: echt en ongewijzigd" in row.changes_text
    assert f"SHA-256 van het bestand: {document.sha256}" in row.changes_text
