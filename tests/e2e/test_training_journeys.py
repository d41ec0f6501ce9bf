"""The training offer in the browser: the office publishes a session with one seat left; a
coordinator takes the last seat and registers a colleague, who goes on the waiting list; the
office records the attendance; the coordinator's training step turns to met and says until
when. Every page reached is screenshotted and HTML-checked (the `journey` fixture)."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect

from kennisdeling.models import Registration, TrainingSession
from kennisdeling.training_selectors import add_months
from kennisdeling.training_services import registration_create
from tests.e2e.scenario import build_city

pytestmark = pytest.mark.e2e

TITLE = "Basisvorming vrijwilligerscoördinator"


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


def day(value: datetime.date) -> str:
    with override("nl-be"):
        return date_format(value, "DATE_FORMAT")


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def sign_in(journey, username):
    journey.login(username)
    journey.shot(f"first page of {username}")


def open_training_step(journey):
    page = journey.page
    page.get_by_role("link", name="Stappenplan", exact=True).click()
    page.get_by_role("link", name=re.compile("^Postvak")).click()
    journey.shot("step plan inbox")
    page.get_by_role("row", name=re.compile("Vorming")).get_by_role("link").first.click()
    expect(page.get_by_text("Volgens de aanwezigheden op vormingen")).to_be_visible()


def test_publish_register_wait_attend_and_the_training_step_is_met(journey, city):
    page = journey.page
    starts_at = (timezone.localtime() + datetime.timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    # given An's training step, not met: nobody of the library attended a basic training
    sign_in(journey, "an")
    open_training_step(journey)
    expect(page.locator(".ui-badge--warn").first).to_have_text("niet voldaan")
    journey.shot("training step not met")

    # when Sofie of the Vrijwilligerspunt creates a basic training with two seats
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    expect(page.locator("h1")).to_have_text("Vormingsaanbod")
    journey.shot("training offer, empty")
    page.get_by_role("link", name="Sessies beheren").first.click()
    expect(page.locator("h1")).to_have_text("Sessies beheren")
    journey.shot("manage sessions, empty")
    page.get_by_role("link", name="Nieuwe sessie").click()
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Organisator").fill("Vrijwilligerspunt Gent")
    page.get_by_label("Begint om").fill(local_input(starts_at))
    page.get_by_label("Eindigt om").fill(local_input(starts_at + datetime.timedelta(hours=3)))
    page.get_by_label("Plaats", exact=True).fill("Stadhuis, Botermarkt 1, Gent")
    page.get_by_label("Telt als basisvorming van het kader").check()
    page.get_by_label("Aantal plaatsen").fill("2")
    page.get_by_label("Uiterste inschrijvingsdatum").fill(
        local_input(starts_at - datetime.timedelta(days=1))
    )
    journey.shot("new session form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".ui-message--success")).to_contain_text("bewaard als ontwerp")
    journey.shot("draft session")

    # and publishes it, after the confirmation page
    page.get_by_role("link", name="Publiceren").click()
    expect(page.locator("h1")).to_have_text(f"{TITLE} publiceren?")
    journey.shot("confirm publishing")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".ui-message--success")).to_contain_text("gepubliceerd")
    session = TrainingSession.objects.get()
    assert session.is_published and session.capacity == 2

    # and Bert of the museums takes a seat: one is left
    registration_create(
        actor=city.other_coordinator,
        session=session,
        department=city.other_department,
        user=city.other_coordinator,
    )

    # when An finds it in the training offer and registers herself: the last seat
    sign_in(journey, "an")
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    expect(page.locator(".training-offer")).to_contain_text("nog 1 plaats vrij")
    journey.shot("training offer, one seat left")
    page.get_by_role("link", name=TITLE).click()
    journey.shot("session page")
    page.get_by_role("link", name="Inschrijven", exact=True).click()
    page.get_by_label("Ikzelf").check()
    journey.shot("register form")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator(".ui-message--success")).to_contain_text("An Peeters is ingeschreven")
    journey.shot("registered")

    # and registers her colleague Lotte: the session is full, Lotte waits
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Inschrijven op de wachtlijst").click()
    page.get_by_label("Een collega").check()
    page.get_by_label("Naam van de collega").fill("Lotte De Smet")
    page.get_by_label("E-mailadres van de collega").fill("lotte.desmet@stad.gent")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator(".ui-message--warning")).to_contain_text(
        "Lotte De Smet staat op de wachtlijst"
    )
    expect(page.locator(".training-registrations")).to_contain_text("Op de wachtlijst")
    journey.shot("department registrations with waiting list")
    assert dict(Registration.objects.values_list("name", "status")) == {
        "Bert Maes": "registered",
        "An Peeters": "registered",
        "Lotte De Smet": "waiting",
    }

    # when the session has taken place, Sofie records the attendance on one screen
    with time_machine.travel(starts_at + datetime.timedelta(hours=4), tick=True):
        sign_in(journey, "sofie")
        page.get_by_role("link", name="Vorming en kennis", exact=True).click()
        journey.shot("training offer after the session")
        page.get_by_role("link", name="Sessies beheren").first.click()
        journey.shot("manage sessions, upcoming")
        page.get_by_role("link", name="Voorbij").click()
        journey.shot("manage sessions, past")
        page.get_by_role("link", name=re.compile("2 van 2 bezet")).click()
        expect(page.locator("#waiting-list")).to_contain_text("Lotte De Smet")
        journey.shot("registrations and waiting list")
        page.get_by_role("link", name="Aanwezigheden").first.click()
        attendance = page.locator(".training-attendance")
        attendance.get_by_role("row", name=re.compile("An Peeters")).get_by_label(
            "Aanwezig", exact=True
        ).check()
        attendance.get_by_role("row", name=re.compile("Bert Maes")).get_by_label(
            "Afwezig", exact=True
        ).check()
        journey.shot("attendance screen")
        page.get_by_role("button", name="Aanwezigheden bewaren").click()
        expect(page.locator(".ui-message--success")).to_contain_text("2 gewijzigd")
        journey.shot("attendance saved")

        # then An's training step is met and says until when her basic training counts
        sign_in(journey, "an")
        open_training_step(journey)
        attended_on = timezone.localdate(starts_at)
        until = add_months(attended_on, 36) - datetime.timedelta(days=1)
        header = page.get_by_text("Volgens de aanwezigheden op vormingen").locator("..")
        expect(header).to_contain_text("voldaan")
        expect(header).to_contain_text(
            f"An Peeters volgde de basisvorming “{TITLE}” op {day(attended_on)}; "
            f"die telt tot en met {day(until)}."
        )
        journey.shot("training step met")
    assert dict(Registration.objects.values_list("name", "attendance")) == {
        "Bert Maes": "absent",
        "An Peeters": "present",
        "Lotte De Smet": "not_recorded",
    }


def _full_session(city, capacity=2):
    from tests.kennisdeling.conftest import make_session

    session = make_session(city.consultant, days_ahead=5, capacity=capacity, title=TITLE)
    for name, email in [
        ("Jonas Maes", "jonas.maes@stad.gent"),
        ("Nele Claes", "nele.claes@stad.gent"),
        ("Lotte De Smet", "lotte.desmet@stad.gent"),
    ]:
        registration_create(
            actor=city.coordinator,
            session=session,
            department=city.department,
            name=name,
            email=email,
        )
    return session


def test_a_cancellation_after_confirmation_gives_the_seat_to_the_first_in_line(journey, city):
    page = journey.page
    # given a full session: Jonas and Nele have the seats, Lotte waits
    _full_session(city)

    # when An cancels Jonas's registration, after the confirmation page
    sign_in(journey, "an")
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    journey.shot("training offer")
    page.get_by_role("link", name="Inschrijvingen van mijn dienst").first.click()
    journey.shot("department registrations")
    page.get_by_role("row", name=re.compile("Jonas Maes")).get_by_role(
        "link", name="Annuleren"
    ).click()
    expect(page.locator("h1")).to_have_text(
        f"De inschrijving van Jonas Maes voor {TITLE} annuleren?"
    )
    journey.shot("confirm cancellation")
    page.get_by_role("button", name="Inschrijving annuleren").click()

    # then Lotte, first in line, has the seat
    expect(page.locator(".ui-message--success")).to_contain_text("is geannuleerd")
    expect(
        page.locator(".training-registrations").get_by_role("row", name=re.compile("Lotte De Smet"))
    ).to_contain_text("Ingeschreven")
    journey.shot("after cancelling")
    assert dict(Registration.objects.values_list("name", "status")) == {
        "Jonas Maes": "cancelled",
        "Nele Claes": "registered",
        "Lotte De Smet": "registered",
    }


def test_the_office_imports_an_attendance_list_with_a_preview(journey, city, tmp_path):
    page = journey.page
    session = _full_session(city)
    attendance_list = tmp_path / "aanwezigheden.csv"
    attendance_list.write_bytes(
        "Naam;E-mail;Aanwezig\r\n"
        "Jonas Maes;JONAS.MAES@stad.gent;ja\r\n"
        "Nele Claes;;nee\r\n"
        "Lotte De Smet;lotte.desmet@stad.gent;ja\r\n"
        "Eva Janssens;eva@stad.gent;ja\r\n".encode("cp1252")
    )
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=4), tick=True):
        sign_in(journey, "sofie")
        page.get_by_role("link", name="Vorming en kennis", exact=True).click()
        journey.shot("training offer")
        page.get_by_role("link", name="Sessies beheren").first.click()
        journey.shot("manage sessions")
        page.get_by_role("link", name="Voorbij").click()
        journey.shot("past sessions")
        page.get_by_role("link", name=TITLE).click()
        journey.shot("session")
        page.get_by_role("link", name="Aanwezigheden").click()
        journey.shot("attendance")
        page.get_by_role("link", name="Aanwezigheidslijst importeren").click()
        journey.shot("import form")
        page.get_by_label("Aanwezigheidslijst").set_input_files(attendance_list)
        page.get_by_role("button", name="Bestand nakijken").click()

        # the preview: a result per line, the lines that match no seat with their reason
        preview = page.locator(".training-import-preview")
        expect(preview.get_by_role("row", name=re.compile("^4 "))).to_contain_text(
            "Lotte De Smet staat op de wachtlijst, zonder plaats."
        )
        expect(preview.get_by_role("row", name=re.compile("^5 "))).to_contain_text(
            "Niemand met dit e-mailadres of deze naam is ingeschreven voor deze sessie."
        )
        journey.shot("import preview")
        assert set(Registration.objects.values_list("attendance", flat=True)) == {"not_recorded"}
        page.get_by_role("button", name=re.compile("De aanwezigheid van 2 regels")).click()
        expect(page.locator(".ui-message--success")).to_contain_text("2 regels geregistreerd")
        expect(page.locator(".ui-message--warning")).to_contain_text(
            "2 regels van de lijst hoorden bij geen plaats"
        )
        journey.shot("after the import")
    assert dict(Registration.objects.values_list("name", "attendance")) == {
        "Jonas Maes": "present",
        "Nele Claes": "absent",
        "Lotte De Smet": "not_recorded",
    }
