"""The training pages: who may open which (allowed 200, others 403/404, nothing changed),
the forms through the services, and list pages whose queries do not grow with their rows."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beleid.models import AuditEvent
from kennisdeling.models import Registration, TrainingSession
from kennisdeling.training_services import registration_create, session_cancel
from tests import factories

from .conftest import make_session


@pytest.fixture
def registration(session, department, coordinator):
    return registration_create(
        actor=coordinator,
        session=session,
        department=department,
        name="An Peeters",
        email="an.peeters@stad.gent",
    )


def status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_everyone_signed_in_sees_the_offer_and_a_published_session(
    client, session, coordinator, auditor, consultant
):
    plain = factories.UserFactory()
    for user in (plain, coordinator, auditor, consultant):
        assert status(client, user, reverse("kennisdeling:training_offer")) == 200
        assert (
            status(client, user, reverse("kennisdeling:training_session", args=[session.pk])) == 200
        )
    client.logout()
    assert client.get(reverse("kennisdeling:training_offer")).status_code == 302


def test_a_draft_is_the_offices_only(client, consultant, coordinator):
    draft = make_session(consultant, publish=False)
    url = reverse("kennisdeling:training_session", args=[draft.pk])
    assert status(client, coordinator, url) == 404
    assert status(client, consultant, url) == 200
    client.force_login(coordinator)
    offer = client.get(reverse("kennisdeling:training_offer")).content.decode()
    assert draft.title not in offer


@pytest.mark.parametrize(
    "name, args",
    [
        ("training_manage", []),
        ("training_create", []),
        ("training_edit", ["session"]),
        ("training_publish", ["session"]),
        ("training_cancel", ["session"]),
        ("training_session_registrations", ["session"]),
        ("training_attendance", ["session"]),
        ("training_attendance_import", ["session"]),
    ],
)
def test_the_office_pages_are_the_offices(
    client, session, registration, name, args, consultant, coordinator, auditor
):
    url = reverse(f"kennisdeling:{name}", args=[session.pk for _ in args])
    events = AuditEvent.objects.count()
    for user in (coordinator, auditor, factories.UserFactory()):
        assert status(client, user, url) == 403
        assert status(client, user, url, "post", {"title": "x", "capacity": 1}) == 403
    assert AuditEvent.objects.count() == events
    assert TrainingSession.objects.get(pk=session.pk).cancelled_at is None
    assert status(client, consultant, url) == 200


def test_a_coordinator_registers_a_colleague_and_sees_the_list(
    client, session, department, coordinator
):
    client.force_login(coordinator)
    url = reverse("kennisdeling:training_register", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "department": department.pk,
            "who": "colleague",
            "name": "Bart Claes",
            "email": "bart@stad.gent",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.name, registration.department, registration.status) == (
        "Bart Claes",
        department,
        "registered",
    )
    page = client.get(reverse("kennisdeling:training_registrations")).content.decode()
    assert "Bart Claes" in page and session.title in page


def test_the_colleagues_name_is_required(client, session, department, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("kennisdeling:training_register", args=[session.pk]),
        {"department": department.pk, "who": "colleague", "name": "", "email": ""},
    )
    assert response.status_code == 200
    assert "Geef de naam van de collega." in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_for_another_department_is_refused(
    client, session, other_department, coordinator, auditor
):
    client.force_login(coordinator)
    url = reverse("kennisdeling:training_register", args=[session.pk])
    response = client.post(url, {"department": other_department.pk, "who": "self"})
    assert response.status_code == 200  # not one of their departments: a field error
    assert not Registration.objects.exists()
    assert status(client, auditor, url) == 403
    assert status(client, auditor, reverse("kennisdeling:training_registrations")) == 403


def test_cancel_a_registration_after_confirmation(
    client, registration, coordinator, other_coordinator
):
    url = reverse("kennisdeling:training_registration_cancel", args=[registration.pk])
    assert status(client, other_coordinator, url) == 404
    assert status(client, other_coordinator, url, "post") == 404
    client.force_login(coordinator)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Inschrijving annuleren" in confirm.content.decode()
    registration.refresh_from_db()
    assert registration.status == "registered"
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_office_creates_and_publishes_a_session(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("kennisdeling:training_create"),
        {
            "title": "EHBO - de basis",
            "provider": "Het Vlaamse Kruis",
            "starts_at": "2030-04-20T09:00",
            "ends_at": "2030-04-20T12:00",
            "place": "",
            "webinar_url": "javascript:alert(1)",
            "audience": "volunteers",
            "capacity": "12",
            "registration_deadline": "2030-04-21T09:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Geef een plaats of een webinarlink." in page
    assert "De uiterste inschrijvingsdatum mag niet na het begin liggen." in page
    assert not TrainingSession.objects.exists()
    response = client.post(
        reverse("kennisdeling:training_create"),
        {
            "title": "EHBO - de basis",
            "provider": "Het Vlaamse Kruis",
            "starts_at": "2030-04-20T09:00",
            "ends_at": "2030-04-20T12:00",
            "place": "Vormingscentrum, Gent",
            "audience": "volunteers",
            "capacity": "12",
            "registration_deadline": "2030-04-13T23:59",
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and session.published_at is None
    client.post(reverse("kennisdeling:training_publish", args=[session.pk]))
    session.refresh_from_db()
    assert session.is_published


def test_the_attendance_screen_records_the_whole_session(client, session, registration, consultant):
    url = reverse("kennisdeling:training_attendance", args=[session.pk])
    client.force_login(consultant)
    assert "vanaf het begin van de sessie" in client.get(url).content.decode()
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=1), tick=False):
        client.force_login(consultant)
        response = client.post(url, {f"attendance_{registration.pk}": "present"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.attendance, registration.attendance_recorded_by) == ("present", consultant)


def test_the_attendance_import_previews_then_confirms(client, session, registration, consultant):
    url = reverse("kennisdeling:training_attendance_import", args=[session.pk])
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=1), tick=False):
        client.force_login(consultant)
        upload = SimpleUploadedFile(
            "lijst.csv", b"naam;e-mail\nAn Peeters;an.peeters@stad.gent\nEva;eva@stad.gent\n"
        )
        preview = client.post(url, {"file": upload})
        page = preview.content.decode()
        assert "niet geïmporteerd" in page and "Niemand met dit e-mailadres" in page
        registration.refresh_from_db()
        assert registration.attendance == "not_recorded"
        token = preview.context["token"]
        response = client.post(url, {"token": token})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attendance == "present"


def test_a_cancelled_session_shows_as_cancelled(client, session, consultant, coordinator):
    session_cancel(actor=consultant, session=session)
    client.force_login(coordinator)
    page = client.get(reverse("kennisdeling:training_session", args=[session.pk])).content.decode()
    assert "Deze sessie is geannuleerd." in page
    assert session.title not in client.get(reverse("kennisdeling:training_offer")).content.decode()


def _sessions(office, department, coordinator, count):
    for n in range(count):
        session = make_session(office, days_ahead=10 + n, capacity=1, title=f"Sessie {n}")
        registration_create(
            actor=coordinator, session=session, department=department, user=coordinator
        )
        registration_create(
            actor=coordinator,
            session=session,
            department=department,
            name="Wacht",
            email=f"w{n}@x.be",
        )


@pytest.mark.parametrize(
    "name, user",
    [
        ("training_offer", "coordinator"),
        ("training_registrations", "coordinator"),
        ("training_manage", "consultant"),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, department, coordinator, consultant, name, user
):
    users = {"coordinator": coordinator, "consultant": consultant}
    client.force_login(users[user])
    url = reverse(f"kennisdeling:{name}")
    _sessions(consultant, department, coordinator, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _sessions(consultant, department, coordinator, 15)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_session_registrations_queries_do_not_grow(
    client, django_assert_max_num_queries, consultant, department, coordinator
):
    session = make_session(consultant, capacity=3)
    client.force_login(consultant)
    url = reverse("kennisdeling:training_session_registrations", args=[session.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registration_create(actor=coordinator, session=session, department=department, user=coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        registration_create(
            actor=coordinator,
            session=session,
            department=department,
            name=f"P {n}",
            email=f"p{n}@x.be",
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count("P 1") >= 1


def test_past_registrations_show_attendance_and_the_certificate_of_who_attended(
    client, department, other_department, coordinator
):
    from tests.kennisdeling.certified import registration as attended

    attended(department, name="An Peeters")
    attended(department, name="Jonas De Wilde", attendance="absent",
             email="jonas@stad.gent.test")
    attended(other_department, name="Iemand Anders", email="iemand@stad.gent.test")
    client.force_login(coordinator)

    upcoming = client.get(reverse("kennisdeling:training_registrations")).content.decode()
    past = client.get(reverse("kennisdeling:training_registrations") + "?when=past")

    assert "An Peeters" not in upcoming  # the session has started: not upcoming
    content = past.content.decode()
    assert [r.name for r in past.context["registrations"]] == ["An Peeters", "Jonas De Wilde"]
    assert "Iemand Anders" not in content
    assert content.count('name="registration"') == 1  # one certificate: who attended
    assert "Aanwezig" in content and "Afwezig" in content
