"""Upload -> check -> preview -> confirm -> import, with the work in a Celery task (eager in
tests) that stores its state and progress on the ImportUpload."""

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beleid.models import AuditEvent
from insurance.models import Engagement, ImportUpload, InsuranceCoverage, Volunteer
from insurance.tasks import process_import_upload
from insurance.volunteer_import import discarding, processing
from tests import factories

CSV = (b"voornaam;achternaam;geboortedatum;startdatum\r\n"
       b"Lies;Van Acker;17/05/1990;01/03/2025\r\n"
       b";Peeters;17/05/1990;01/03/2025\r\n")


@pytest.fixture(autouse=True)
def _remove_kept_files(db):
    yield
    for upload in ImportUpload.objects.all():
        upload.file.delete(save=False)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def upload_url(department):
    return reverse("insurance:import_upload", args=[department.slug])


def page_url(upload):
    return reverse("insurance:import_preview", args=[upload.department.slug, upload.pk])


def upload_file(client, department, data=CSV, *, run_task=True, capture=None):
    """POST a file; with `run_task` the task started on commit runs (eagerly)."""
    with capture(execute=run_task) as callbacks:
        response = client.post(upload_url(department),
                               {"file": SimpleUploadedFile("lijst.csv", data)})
    # the task is started after commit, once (a file that fails its check is then deleted
    # after the task's commit: a second callback)
    assert callbacks[0].__qualname__.startswith("_start.") and len(callbacks) <= 2
    upload = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response.url == page_url(upload)
    return upload


def import_summaries():
    return AuditEvent.objects.filter(event_type="VOLUNTEERS_IMPORTED",
                                     after__dry_run=False).count()


def test_a_small_file_shows_its_preview_straight_away_and_is_imported_on_confirm(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    # when the file is uploaded (the check ran eagerly after commit)
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    # then the preview shows a result per row, in Dutch, and nothing is written
    upload.refresh_from_db()
    assert (upload.state, upload.rows_done, upload.rows_total) == ("checked", 2, 2)
    preview = coordinator_client.get(page_url(upload))
    assert [(row.line, row.status, row.reason) for row in preview.context["page_obj"]] == [
        (2, "new", ""), (3, "error", "voornaam ontbreekt")]
    content = preview.content.decode()
    assert "<li>1 nieuwe vrijwilliger</li>" in content
    assert "1 regel die niet geïmporteerd kan worden (zie hieronder)</li>" in content
    assert "niet geïmporteerd: voornaam ontbreekt" in content
    assert 'name="confirm"' in content
    assert "import-progress" not in content
    assert Volunteer.objects.count() == 0
    # when confirmed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(page_url(upload), {"confirm": "1"})
    # then the import ran (once), the file is gone and the result is shown
    assert len(callbacks) == 2  # the task, then (inside it) the file's removal
    assert response.url == page_url(upload)
    upload.refresh_from_db()
    assert upload.state == "done"
    assert not upload.file
    assert list(Volunteer.objects.values_list("last_name", flat=True)) == ["Van Acker"]
    assert import_summaries() == 1
    assert list(AuditEvent.objects.filter(object_id=str(upload.pk)).order_by("id").values_list(
        "event_type", flat=True)) == ["IMPORT_UPLOADED", "IMPORT_CONFIRMED"]
    result = coordinator_client.get(page_url(upload)).content.decode()
    assert "Importresultaat" in result
    assert "Geïmporteerd:" in result and "<li>1 nieuwe vrijwilliger</li>" in result
    assert 'name="confirm"' not in result


def test_a_second_confirm_does_nothing_twice(coordinator_client, department, frozen_today,
                                            django_capture_on_commit_callbacks):
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(page_url(upload), {"confirm": "1"}, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["De import is gestart."]
    before = (Volunteer.objects.count(), Engagement.objects.count(), AuditEvent.objects.count())
    # when confirmed again (a double click, a second tab)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(page_url(upload), {"confirm": "1"}, follow=True)
    # then nothing happens
    assert callbacks == []
    assert (Volunteer.objects.count(), Engagement.objects.count(),
            AuditEvent.objects.count()) == before
    assert import_summaries() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Dit bestand werd al bevestigd, of is nog niet nagekeken: er is niets gebeurd."]


def register_state(upload):
    """Everything an import may change, to compare before and after."""
    upload.refresh_from_db()
    return (
        list(Volunteer.objects.order_by("pk").values_list("pk", "last_name")),
        list(Engagement.objects.order_by("pk").values_list("pk", "start_date", "end_date")),
        list(InsuranceCoverage.objects.order_by("pk").values_list(
            "pk", "insured_from", "insured_to")),
        AuditEvent.objects.count(),
        (upload.state, upload.rows_done, upload.rows_total, upload.report),
    )


def test_a_second_and_a_third_delivery_of_the_task_import_nothing_twice(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(page_url(upload), {"confirm": "1"})
    before = register_state(upload)
    assert before[4][0] == "done"
    # when the broker delivers the task again, and again
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert process_import_upload.delay(str(upload.pk)).get() == "done"
        assert process_import_upload.delay(str(upload.pk)).get() == "done"
    # then nothing changed, and nothing was started
    assert callbacks == []
    assert register_state(upload) == before
    assert import_summaries() == 1


def test_the_task_is_retried_when_the_database_is_away_and_the_retry_imports(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks,
    monkeypatch
):
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    real = processing.volunteers_import
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs.get("dry_run", False))
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(processing, "volunteers_import", flaky)
    # when the first delivery meets a database that is away (Celery schedules a retry)
    with pytest.raises(Retry, match="Retry in 1s"), \
            django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(page_url(upload), {"confirm": "1"})
    upload.refresh_from_db()
    assert (upload.state, Volunteer.objects.count(), import_summaries()) == ("importing", 0, 0)
    # and the retry is delivered
    assert process_import_upload.delay(str(upload.pk)).get() == "done"
    # then it imported once
    assert calls == [False, False]
    assert (Volunteer.objects.count(), import_summaries()) == (1, 1)


def test_a_failure_while_importing_marks_the_upload_failed_and_writes_nothing(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks,
    monkeypatch
):
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    events = AuditEvent.objects.count()
    storage, stored_name = upload.file.storage, upload.file.name
    assert storage.exists(stored_name)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(processing, "volunteers_import", broken)
    with pytest.raises(RuntimeError, match="disk full"), \
            django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(page_url(upload), {"confirm": "1"})
    # the task's error stopped the test's run of the callbacks: the last one registered, by
    # the failure, is the file's deletion (outside a test, the task's commit runs it)
    _, delete_file, _ = connection.run_on_commit[-1]
    delete_file()
    upload.refresh_from_db()
    assert upload.state == "failed"
    assert upload.message == (
        "Er ging iets mis bij het verwerken van het bestand. Er is niets geïmporteerd; "
        "probeer het opnieuw, of bezorg het bestand aan het Vrijwilligerspunt.")
    assert Volunteer.objects.count() == 0
    # the file (personal data) is deleted at once, and the trail says so
    assert not storage.exists(stored_name) and not upload.file
    assert list(AuditEvent.objects.order_by("pk").values_list("event_type", flat=True)
                [events:]) == ["IMPORT_CONFIRMED", "IMPORT_FAILED"]
    page = coordinator_client.get(page_url(upload)).content.decode()
    assert "Er werd niets geïmporteerd." in page
    assert 'name="confirm"' not in page


def test_while_the_task_waits_the_page_shows_progress_and_refreshes_itself(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    # given an upload whose task has not run yet
    upload = upload_file(coordinator_client, department, run_task=False,
                         capture=django_capture_on_commit_callbacks)
    # when
    response = coordinator_client.get(page_url(upload))
    # then
    content = response.content.decode()
    assert response.context["refresh_ms"] == 1500
    assert 'id="import-progress"' in content
    assert "Het bestand wacht om nagekeken te worden." in content
    assert 'data-refresh-after-ms="1500"' in content  # static/js/site.js refreshes
    assert 'name="confirm"' not in content


def test_progress_is_shown_as_rows_done_of_total(coordinator_client, department,
                                                 frozen_today,
                                                 django_capture_on_commit_callbacks):
    upload = upload_file(coordinator_client, department, run_task=False,
                         capture=django_capture_on_commit_callbacks)
    ImportUpload.objects.filter(pk=upload.pk).update(state="importing", rows_done=12000,
                                                     rows_total=35000)
    content = coordinator_client.get(page_url(upload)).content.decode()
    assert "Bezig met importeren…" in content
    assert "12000 van 35000 regels" in content
    assert 'value="34"' in content


def test_confirm_before_the_check_does_nothing(coordinator_client, department, frozen_today,
                                              django_capture_on_commit_callbacks):
    upload = upload_file(coordinator_client, department, run_task=False,
                         capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        coordinator_client.post(page_url(upload), {"confirm": "1"})
    assert callbacks == []
    upload.refresh_from_db()
    assert upload.state == "queued"
    assert Volunteer.objects.count() == 0


def test_confirm_needs_the_csrf_token(coordinator, department, frozen_today,
                                      django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    upload = ImportUpload(uploaded_by=coordinator, department=department,
                          original_name="x.csv", state="checked")
    upload.file.save(str(upload.pk), SimpleUploadedFile("x.csv", CSV), save=False)
    upload.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(page_url(upload), {"confirm": "1"})
    assert response.status_code == 403
    assert callbacks == []
    upload.refresh_from_db()
    assert upload.state == "checked"


def test_only_the_uploader_in_an_editable_department_may_confirm(
    client, coordinator, consultant, auditor, department, other_department, frozen_today,
    django_capture_on_commit_callbacks
):
    # given a checked upload of the department's coordinator
    client.force_login(coordinator)
    upload = upload_file(client, department, capture=django_capture_on_commit_callbacks)
    colleague = factories.coordinator_of(department, username="collega")
    events = AuditEvent.objects.count()
    # when others try: the upload does not exist for another coordinator of the department
    # nor for the office; an auditor may not change the department's register at all
    for user, status in ((colleague, 404), (consultant, 404), (auditor, 403)):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert client.get(page_url(upload)).status_code == status
            assert client.post(page_url(upload), {"confirm": "1"}).status_code == status
            assert client.post(page_url(upload), {"cancel": "1"}).status_code == status
        assert callbacks == []
    # nor the coordinator through another department
    client.force_login(coordinator)
    other = reverse("insurance:import_preview", args=[other_department.slug, upload.pk])
    assert client.post(other, {"confirm": "1"}).status_code == 404
    # then nothing changed
    upload.refresh_from_db()
    assert upload.state == "checked"
    assert upload.file
    assert Volunteer.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_an_unreadable_file_fails_with_the_reason(coordinator_client, department,
                                                  django_capture_on_commit_callbacks):
    upload = upload_file(coordinator_client, department, b"\x00\x00binary",
                         capture=django_capture_on_commit_callbacks)
    upload.refresh_from_db()
    assert (upload.state, upload.message) == (
        "failed", "Dit is geen tekstbestand (CSV) of Excelbestand (XLSX).")
    content = coordinator_client.get(page_url(upload)).content.decode()
    assert "Er werd niets geïmporteerd." in content
    assert Volunteer.objects.count() == 0


def test_cancel_removes_the_upload_and_its_file_and_says_so_in_the_trail(
    coordinator_client, coordinator, department, frozen_today,
    django_capture_on_commit_callbacks
):
    # given a checked upload (it holds personal data)
    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    storage, name = upload.file.storage, upload.file.name
    # when its uploader cancels it
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(page_url(upload), {"cancel": "1"})
    # then it is gone, its file too, and the trail says who discarded which file
    assert response.status_code == 302
    assert response.url == reverse("insurance:department", args=[department.slug])
    assert ImportUpload.objects.count() == 0
    assert not storage.exists(name)
    assert Volunteer.objects.count() == 0
    event = AuditEvent.objects.get(event_type="IMPORT_DISCARDED")
    assert (event.actor, event.department, event.object_id, event.before, event.after) == (
        coordinator, department, str(upload.pk),
        {"upload_id": str(upload.pk), "file": "lijst.csv", "state": "checked"},
        {"reason": "cancelled"})
    # and cancelling again (a second click) changes nothing
    events = AuditEvent.objects.count()
    assert coordinator_client.post(page_url(upload), {"cancel": "1"}).status_code == 404
    assert AuditEvent.objects.count() == events


def test_an_upload_being_imported_cannot_be_discarded(coordinator, department, frozen_today):
    upload = ImportUpload(uploaded_by=coordinator, department=department,
                          original_name="x.csv", state="importing")
    upload.file.save(str(upload.pk), SimpleUploadedFile("x.csv", CSV), save=False)
    upload.save()
    assert discarding.import_upload_discard(actor=coordinator, upload=upload) is False
    upload.refresh_from_db()
    assert (upload.state, bool(upload.file)) == ("importing", True)
    assert not AuditEvent.objects.filter(event_type="IMPORT_DISCARDED").exists()


def test_a_large_preview_is_paginated_and_can_show_only_the_errors(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    # given 250 rows, every tenth without a first name
    lines = [b"voornaam;achternaam;geboortedatum;startdatum"]
    for n in range(250):
        first = b"" if n % 10 == 0 else b"Naam"
        lines.append(first + b";Persoon%d;17/05/1990;01/03/2025" % n)
    upload = upload_file(coordinator_client, department, b"\r\n".join(lines) + b"\r\n",
                         capture=django_capture_on_commit_callbacks)
    # when / then
    first = coordinator_client.get(page_url(upload))
    assert [row.line for row in first.context["page_obj"]] == list(range(2, 102))
    assert "Pagina 1 van 3" in first.content.decode()
    last = coordinator_client.get(page_url(upload) + "?page=3")
    assert [row.line for row in last.context["page_obj"]] == list(range(202, 252))
    errors = coordinator_client.get(page_url(upload) + "?errors=1")
    assert [row.line for row in errors.context["page_obj"]] == list(range(2, 252, 10))
    assert Volunteer.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_requests_while_the_import_transaction_is_open(
    coordinator, department
):
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("a second writer needs PostgreSQL (SQLite locks the whole file)")
    # given a committed upload
    upload = ImportUpload(uploaded_by=coordinator, department=department,
                          original_name="x.csv", state="importing")
    upload.file.save(str(upload.pk), SimpleUploadedFile("x.csv", CSV), save=False)
    upload.save()
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        # when the import reports progress inside its (still open) transaction
        with transaction.atomic(), \
                processing._ProgressWriter(upload.pk, 35000) as progress:
            progress(11000, 34000)  # 1000 rows were refused while checking
            # then another connection (the progress page) sees it already
            with reader.cursor() as cursor:
                cursor.execute("SELECT rows_done, rows_total FROM insurance_importupload "
                               "WHERE id = %s", [upload.pk])
                assert cursor.fetchone() == (12000, 35000)
    finally:
        reader.close()


def test_a_discarded_upload_reads_in_the_trail_in_words(
    coordinator_client, coordinator, department, frozen_today,
    django_capture_on_commit_callbacks
):
    from django.utils import translation

    from beleid import selectors as trail

    upload = upload_file(coordinator_client, department,
                         capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(page_url(upload), {"cancel": "1"})
    with translation.override("nl-be"):
        events = trail.department_audit_trail(department=department,
                                              event_type="IMPORT_DISCARDED")
        [row] = [(str(r.event_label), r.subject, r.changes_text)
                 for r in trail.audit_rows(events, coordinator)]
    assert row == (
        "Registerbestand verwijderd", "Registerbestand",
        "bestand: lijst.csv; toestand: Nagekeken: wacht op bevestiging; "
        "waarom: niet geïmporteerd: geannuleerd door wie het oplaadde")


@pytest.mark.parametrize(("trouble", "message"), [
    (MemoryError, "Het bestand vraagt meer geheugen dan een lijst van vrijwilligers kan "
                  "vragen; het werd niet tot het einde gelezen."),
    (SoftTimeLimitExceeded, "Het verwerken van het bestand duurde langer dan 300 seconden "
                            "en werd gestopt."),
])
def test_memory_or_time_trouble_fails_the_upload_and_the_task_ends_normally(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks,
    monkeypatch, settings, trouble, message
):
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 300
    upload = upload_file(coordinator_client, department, run_task=False,
                         capture=django_capture_on_commit_callbacks)

    def troubled(data):
        raise trouble()

    monkeypatch.setattr(processing, "read_register_file", troubled)
    # the task returns (the worker goes on with the next one): it does not raise
    assert process_import_upload.delay(str(upload.pk)).get() == "failed"
    upload.refresh_from_db()
    assert upload.state == "failed" and upload.message.startswith(message)
    assert AuditEvent.objects.filter(event_type="IMPORT_FAILED").count() == 1


def test_work_that_keeps_killing_its_worker_fails_after_five_runs(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    upload = upload_file(coordinator_client, department, run_task=False,
                         capture=django_capture_on_commit_callbacks)
    # four deliveries began the work and never finished it (their worker was killed)
    ImportUpload.objects.filter(pk=upload.pk).update(state="checking", runs=processing.MAX_RUNS)

    assert process_import_upload.delay(str(upload.pk)).get() == "failed"
    upload.refresh_from_db()
    assert upload.message.startswith("Het bestand kon niet verwerkt worden: elke poging "
                                     "stopte het werk op de achtergrond.")
    assert not upload.file


def test_the_preview_keeps_totals_on_the_upload_and_reads_one_page_of_lines(
    coordinator_client, department, frozen_today, django_capture_on_commit_callbacks
):
    def preview_queries(lines: int) -> int:
        ImportUpload.objects.all().delete()
        rows = "".join(f"Vrijwilliger{n};Peeters;17/05/1990;01/03/2025\r\n"
                       for n in range(lines))
        data = ("voornaam;achternaam;geboortedatum;startdatum\r\n" + rows).encode()
        upload = upload_file(coordinator_client, department, data,
                             capture=django_capture_on_commit_callbacks)
        assert upload.result_lines.count() == lines
        assert set(upload.report) == {"counts", "warned", "to_look_at"}  # totals only
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(page_url(upload)).status_code == 200
        return len(queries)

    assert preview_queries(30) == preview_queries(450)
