"""The attendance certificate (kennisdeling/certificates.py): asked for from a registration
attended, made in the background as PDF/A-3b, for the person, their department's coordinators
and the office only; user text in it asks for nothing."""

import datetime
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from beleid.models import AuditEvent, AuditEventType, Document
from kennisdeling.models import Attendance, Registration, RegistrationStatus
from tests import factories
from tests.kennisdeling.certified import BRUSSELS, registration, session
from tests.pdf_checks import counting_server, fonts, pdf_text, pdfa_identification

PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def attended(department):
    return registration(department, user=factories.UserFactory(username="an"))


def ask(client, registration_, capture):
    with capture(execute=True):
        return client.post(reverse("beleid:document_request", args=["attendance_certificate"]),
                           {"registration": registration_.pk})


def test_the_coordinator_gets_the_certificate_of_an_attended_session(
    client, coordinator, attended, django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)

    response = ask(client, attended, django_capture_on_commit_callbacks)

    document = Document.objects.get()
    assert response["Location"] == reverse("beleid:document_status", args=[document.pk])
    assert document.state == Document.State.READY
    assert document.title == "Attest van deelname: Basisvorming vrijwilligerswerk, An Peeters"
    assert document.filename == "attest-basisvorming-vrijwilligerswerk-an-peeters.pdf"
    assert document.department == attended.department
    pdf = document.file.read()
    text = pdf_text(pdf)
    with translation.override("nl-be"):
        issued_on = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    for expected in [
        "Attest van deelname", "An Peeters", "Basisvorming vrijwilligerswerk",
        "Vlaams Steunpunt Vrijwilligerswerk", "donderdag 5 maart 2026", "09:30 tot 12:30 (3 uur)",
        "Stadhuis, Botermarkt 1, Gent", "Bibliotheek", f"Uitgereikt te Gent op {issued_on}.",
    ]:
        assert expected in text, expected
    assert pdfa_identification(pdf) == ("3", "B")
    assert all(fonts(pdf).values())


def test_a_webinar_says_so(client, coordinator, department, django_capture_on_commit_callbacks):
    webinar = registration(department, training=session(
        place="", webinar_url="https://gent.webex.test/basis",
        ends_at=datetime.datetime(2026, 3, 5, 11, 15, tzinfo=BRUSSELS)))
    client.force_login(coordinator)

    ask(client, webinar, django_capture_on_commit_callbacks)

    text = pdf_text(Document.objects.get().file.read())
    assert "Plaats webinar" in text
    assert "09:30 tot 11:15 (1 uur 45 minuten)" in text
    assert "gent.webex.test" not in text


@pytest.mark.parametrize("who", ["person", "coordinator", "consultant", "administrator"])
def test_the_person_their_coordinators_and_the_office_may_ask(
    client, attended, who, request, django_capture_on_commit_callbacks,
):
    user = attended.user if who == "person" else request.getfixturevalue(who)
    client.force_login(user)

    response = ask(client, attended, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    document = Document.objects.get()
    assert client.get(response["Location"]).status_code == 200
    download = client.get(reverse("beleid:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_DOWNLOADED,
                                     actor=user).count() == 1


@pytest.mark.parametrize("who", ["other_coordinator", "auditor", "colleague_without_role"])
def test_nobody_else_may_ask(client, attended, who, request, django_capture_on_commit_callbacks):
    user = (factories.UserFactory(username="collega") if who == "colleague_without_role"
            else request.getfixturevalue(who))
    client.force_login(user)

    response = ask(client, attended, django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert Document.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_REQUESTED).exists()


@pytest.mark.parametrize(("attendance", "status"), [
    (Attendance.ABSENT, RegistrationStatus.REGISTERED),
    (Attendance.NOT_RECORDED, RegistrationStatus.REGISTERED),
    (Attendance.NOT_RECORDED, RegistrationStatus.CANCELLED),
])
def test_no_certificate_without_attendance(
    client, consultant, department, attendance, status, django_capture_on_commit_callbacks,
):
    absent = registration(department, attendance=attendance, status=status)
    client.force_login(consultant)

    response = ask(client, absent, django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert Document.objects.count() == 0


def test_attendance_undone_before_the_render_fails_the_certificate(
    client, coordinator, attended, django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("beleid:document_request", args=["attendance_certificate"]),
                    {"registration": attended.pk})
    Registration.objects.filter(pk=attended.pk).update(attendance=Attendance.ABSENT)

    for callback in callbacks:
        callback()

    document = Document.objects.get()
    assert document.state == Document.State.FAILED
    assert document.message == ("Deze inschrijving staat niet meer als aanwezig geregistreerd: "
                                "er kan geen attest van gemaakt worden.")


def test_user_text_in_a_certificate_asks_for_nothing(
    client, coordinator, department, django_capture_on_commit_callbacks,
):
    with counting_server() as server:
        port = server.server_port
        hostile = registration(
            department,
            name=f'<img src="http://127.0.0.1:{port}/x"> file:///etc/passwd',
            training=session(title=f"<style>@import url(http://127.0.0.1:{port}/y);</style>",
                             provider=f"url(http://127.0.0.1:{port}/y)",
                             place='<link rel="stylesheet" href="file:///etc/passwd">'))
        client.force_login(coordinator)

        ask(client, hostile, django_capture_on_commit_callbacks)

    assert server.paths == []
    pdf = Document.objects.get().file.read()
    text = pdf_text(pdf)
    assert f'<img src="http://127.0.0.1:{port}/x">' in text
    assert PASSWD_LINE not in text
    assert PASSWD_LINE.encode() not in pdf


def test_the_button_shows_for_an_attended_registration_only(rf, department, coordinator):
    attended_ = registration(department)
    absent = registration(department, name="Bert Claes", attendance=Attendance.ABSENT,
                          training=attended_.session, email="bert.claes@stad.gent.test")
    request = rf.get("/")
    request.user = coordinator

    shown = render_to_string("kennisdeling/training/_registration_actions.html",
                             {"registration": attended_}, request=request)
    hidden = render_to_string("kennisdeling/training/_registration_actions.html",
                              {"registration": absent}, request=request)

    assert reverse("beleid:document_request", args=["attendance_certificate"]) in shown
    assert f'name="registration" value="{attended_.pk}"' in shown
    assert "csrfmiddlewaretoken" in shown
    assert hidden.strip() == ""


@pytest.mark.parametrize(("who", "back"), [
    ("consultant", "session"), ("coordinator", "department"), ("person", "offer")])
def test_the_status_page_leads_back_to_where_the_certificate_was_asked_for(
    client, attended, who, back, request, django_capture_on_commit_callbacks,
):
    user = attended.user if who == "person" else request.getfixturevalue(who)
    client.force_login(user)

    response = ask(client, attended, django_capture_on_commit_callbacks)

    expected = {
        "session": reverse("kennisdeling:training_session_registrations",
                           args=[attended.session_id]),
        "department": reverse("kennisdeling:training_registrations"),
        "offer": reverse("kennisdeling:training_offer"),
    }[back]
    assert client.get(response["Location"]).context["back_url"] == expected
