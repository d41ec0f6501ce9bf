"""Documents rendered in the background (beleid/documents/, beleid/services/documents.py,
beleid.tasks.render_document): a request only queues; the task renders once; the status page
and the download are the requester's only; every step is in the audit trail."""

import hashlib

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection
from django.urls import reverse

from beleid.documents import rendering
from beleid.models import AuditEvent, AuditEventType, Document
from beleid.selectors import audit_rows
from beleid.services.documents import document_request
from beleid.tasks import render_document
from tests import factories
from tests.beleid.pdf_kind import note_kind, pdf_test_templates  # noqa: F401 (fixtures)
from tests.pdf_checks import pdf_text
from tests.test_operations import FailingQueries, as_in_a_worker  # noqa: F401 (fixture)

KIND = "test_department_note"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type))


def ask(client, department, capture, *, text="Eerste notitie", execute=True):
    with capture(execute=execute) as callbacks:
        response = client.post(reverse("beleid:document_request", args=[KIND]),
                               {"department": department.slug, "text": text})
    return response, callbacks


@pytest.fixture
def ready_document(note_kind, coordinator, department, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(actor=coordinator, kind=KIND,
                                    params={"department_id": department.pk, "text": "klaar"})
    document.refresh_from_db()
    assert document.state == Document.State.READY
    return document


def test_a_request_only_queues_the_document(
    client, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
    monkeypatch,
):
    def no_render_in_a_request(**kwargs):
        raise AssertionError("rendered inside the request")

    monkeypatch.setattr(rendering, "render_pdf", no_render_in_a_request)
    client.force_login(coordinator)

    response, callbacks = ask(client, department, django_capture_on_commit_callbacks,
                              execute=False)

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("beleid:document_status", args=[document.pk])
    assert document.state == Document.State.QUEUED
    assert document.requested_by == coordinator
    assert document.department == department
    assert document.title == "Notitie Bibliotheek"
    assert document.language == "nl-be"
    assert not document.file
    assert len(callbacks) == 1  # the task, started after commit
    [requested] = events(AuditEventType.DOCUMENT_REQUESTED)
    assert requested.actor == coordinator and requested.department == department
    assert requested.after == {"kind": KIND, "language": "nl-be", "state": "queued"}
    assert requested.object_repr == "document"  # never the title: it may name a person


def test_the_task_renders_the_document_once(
    client, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(coordinator)

    ask(client, department, django_capture_on_commit_callbacks)

    document = Document.objects.get()
    assert document.state == Document.State.READY
    content = document.file.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.filename == "notitie-bibliotheek.pdf"
    assert document.file.name.startswith("documents/")
    assert document.finished_at is not None
    assert "Eerste notitie" in pdf_text(content)
    [rendered] = events(AuditEventType.DOCUMENT_RENDERED)
    assert rendered.actor is None
    assert rendered.after["sha256"] == document.sha256

    # A second delivery of the task does nothing twice.
    assert render_document.apply(args=[str(document.pk)]).get() == Document.State.READY
    document.refresh_from_db()
    assert document.file.read() == content
    assert len(events(AuditEventType.DOCUMENT_RENDERED)) == 1


def test_the_status_page_refreshes_while_the_document_is_made(
    client, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(coordinator)
    response, callbacks = ask(client, department, django_capture_on_commit_callbacks,
                              execute=False)

    waiting = client.get(response["Location"])

    html = waiting.content.decode()
    assert waiting.status_code == 200
    assert 'data-refresh-after-ms="1500"' in html
    assert "Het document wacht om gemaakt te worden." in html
    assert "downloaden" not in html

    for callback in callbacks:
        callback()
    ready = client.get(response["Location"]).content.decode()
    assert "data-refresh-after-ms" not in ready
    assert "Het document is klaar." in ready
    document = Document.objects.get()
    assert reverse("beleid:document_download", args=[document.pk]) in ready
    assert "notitie-bibliotheek.pdf" in ready


def test_the_download_is_an_audited_attachment(client, ready_document, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("beleid:document_download", args=[ready_document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="notitie-bibliotheek.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == ready_document.file.read()
    [downloaded] = events(AuditEventType.DOCUMENT_DOWNLOADED)
    assert downloaded.actor == coordinator
    assert downloaded.department == ready_document.department
    assert downloaded.after == {"filename": "notitie-bibliotheek.pdf",
                                "sha256": ready_document.sha256}


def test_the_file_is_not_served_as_a_media_or_static_file(client, ready_document, coordinator):
    client.force_login(coordinator)

    assert client.get(f"/media/{ready_document.file.name}").status_code == 404
    assert client.get(f"/static/{ready_document.file.name}").status_code == 404


@pytest.mark.parametrize("who", ["other_coordinator", "colleague", "consultant", "auditor"])
def test_someone_elses_document_does_not_exist_for_them(
    client, ready_document, who, request, department,
):
    user = (factories.coordinator_of(department, username="collega") if who == "colleague"
            else request.getfixturevalue(who))
    client.force_login(user)

    status = client.get(reverse("beleid:document_status", args=[ready_document.pk]))
    download = client.get(reverse("beleid:document_download", args=[ready_document.pk]))
    again = client.post(reverse("beleid:document_status", args=[ready_document.pk]))

    assert (status.status_code, download.status_code, again.status_code) == (404, 404, 404)
    assert events(AuditEventType.DOCUMENT_DOWNLOADED) == []
    assert Document.objects.count() == 1


def test_a_document_no_longer_allowed_is_no_longer_downloadable(
    client, ready_document, coordinator, department,
):
    department.coordinators.remove(coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("beleid:document_download", args=[ready_document.pk]))

    assert response.status_code == 404
    assert events(AuditEventType.DOCUMENT_DOWNLOADED) == []


@pytest.mark.parametrize("who", ["other_coordinator", "auditor"])
def test_who_may_not_ask_gets_a_404_and_nothing_is_queued(
    client, note_kind, department, who, request, django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(request.getfixturevalue(who))

    response, callbacks = ask(client, department, django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert Document.objects.count() == 0
    assert callbacks == []
    assert events(AuditEventType.DOCUMENT_REQUESTED) == []


def test_the_office_may_ask_for_any_departments_document(
    client, note_kind, consultant, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(consultant)

    response, _callbacks = ask(client, department, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_kind_or_a_get_is_refused(client, note_kind, coordinator, department):  # noqa: F811
    client.force_login(coordinator)

    unknown = client.post(reverse("beleid:document_request", args=["geen_soort"]))
    get = client.get(reverse("beleid:document_request", args=[KIND]))

    assert (unknown.status_code, get.status_code) == (404, 405)
    assert Document.objects.count() == 0


def test_the_pages_need_a_login(client, ready_document):
    for url in [reverse("beleid:document_status", args=[ready_document.pk]),
                reverse("beleid:document_download", args=[ready_document.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_document_that_cannot_be_made_fails_with_a_message_and_can_be_asked_again(
    client, note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(coordinator)

    response, _callbacks = ask(client, department, django_capture_on_commit_callbacks,
                               text="unavailable")

    document = Document.objects.get()
    assert document.state == Document.State.FAILED
    assert document.message == "De gegevens van deze notitie bestaan niet meer."
    assert not document.file
    [failed] = events(AuditEventType.DOCUMENT_FAILED)
    assert failed.after == {"state": "failed", "message": document.message}
    page = client.get(response["Location"]).content.decode()
    assert "De gegevens van deze notitie bestaan niet meer." in page
    assert "Opnieuw aanvragen" in page
    assert "data-refresh-after-ms" not in page

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(response["Location"])

    newer = Document.objects.exclude(pk=document.pk).get()
    assert again["Location"] == reverse("beleid:document_status", args=[newer.pk])
    assert (newer.kind, newer.params) == (document.kind, document.params)


@pytest.mark.parametrize(("error", "message"), [
    (SoftTimeLimitExceeded(), "Het maken van het document duurde te lang en werd gestopt. "
     "Vraag het later opnieuw aan, of laat het het Vrijwilligerspunt weten."),
    (MemoryError(), "Het maken van het document vroeg meer geheugen dan het achtergrondwerk "
     "mag gebruiken. Laat het het Vrijwilligerspunt weten."),
])
def test_a_render_past_its_limits_fails_with_a_dutch_message(
    note_kind, coordinator, department, django_capture_on_commit_callbacks, monkeypatch,  # noqa: F811
    error, message,
):
    def render(**kwargs):
        raise error

    monkeypatch.setattr(rendering, "render_pdf", render)

    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(actor=coordinator, kind=KIND,
                                    params={"department_id": department.pk, "text": "x"})

    document.refresh_from_db()
    assert (document.state, document.message) == (Document.State.FAILED, message)


def test_an_unexpected_error_fails_the_document_and_the_task(
    note_kind, coordinator, department, django_capture_on_commit_callbacks, monkeypatch,  # noqa: F811
):
    def render(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(rendering, "render_pdf", render)
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(actor=coordinator, kind=KIND,
                                    params={"department_id": department.pk, "text": "x"})

    with pytest.raises(RuntimeError):
        render_document.apply(args=[str(document.pk)], throw=True)

    document.refresh_from_db()
    assert document.state == Document.State.FAILED
    assert document.message == ("Er ging iets mis bij het maken van het document. Vraag het "
                                "opnieuw aan, of laat het het Vrijwilligerspunt weten.")


def test_a_document_that_keeps_killing_its_worker_fails(
    note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(actor=coordinator, kind=KIND,
                                    params={"department_id": department.pk, "text": "x"})
    Document.objects.filter(pk=document.pk).update(state=Document.State.RENDERING,
                                                   runs=rendering.MAX_RUNS)

    assert rendering.document_render(document_id=document.pk) == Document.State.FAILED
    document.refresh_from_db()
    assert document.state == Document.State.FAILED
    assert document.message.startswith("Het document kon niet gemaakt worden")


def test_a_document_in_english_is_made_in_english(
    note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(actor=coordinator, kind=KIND, language="en",
                                    params={"department_id": department.pk, "text": "x"})

    document.refresh_from_db()
    assert "5 March 2026" in pdf_text(document.file.read())


def test_the_audit_trail_tells_the_documents_events_in_words(ready_document, client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("beleid:document_download", args=[ready_document.pk]))

    rows = audit_rows(AuditEvent.objects.filter(event_type__startswith="DOCUMENT_")
                      .order_by("id"), coordinator)

    assert [row.event_label for row in rows] == [
        "Document aangevraagd", "Document gemaakt", "Document gedownload"]
    assert all(row.subject == "Notitie Bibliotheek" for row in rows)
    texts = [row.changes_text for row in rows]
    assert "soort: Notitie" in texts[0] and "taal: Nederlands" in texts[0]
    assert "bestandsnaam: notitie-bibliotheek.pdf" in texts[1]
    assert f"SHA-256 van het bestand: {ready_document.sha256}" in texts[2]
    assert not any("{" in text or "'" in text for text in texts)


def test_an_auditor_reads_the_documents_kind_not_its_title(ready_document, auditor):
    rows = audit_rows(AuditEvent.objects.filter(event_type__startswith="DOCUMENT_"), auditor)

    assert {row.subject for row in rows} == {"Notitie"}


def test_a_database_away_for_a_moment_is_retried(
    note_kind, coordinator, department, django_capture_on_commit_callbacks,  # noqa: F811
    as_in_a_worker,  # noqa: F811
):

    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(actor=coordinator, kind=KIND,
                                    params={"department_id": department.pk, "text": "x"})

    with connection.execute_wrapper(FailingQueries(OperationalError("weg"), times=1)):
        render_document.apply(args=[str(document.pk)])

    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert document.runs == 1
