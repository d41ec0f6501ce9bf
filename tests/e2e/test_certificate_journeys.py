"""The attendance certificate in the browser: the office opens the registrations of a past
session, asks for An's certificate, sees it being made (the page refreshes itself) and
downloads the PDF. Every page is photographed and HTML-checked by the `journey` fixture.

The certificate is made by the background task; here the task is held back until the status
page has shown its progress, then run, and the page finds the document ready by itself."""

import datetime

import pytest
from playwright.sync_api import expect

from beleid.models import AuditEvent, AuditEventType, Document
from beleid.services import documents as document_services
from beleid.tasks import render_document
from kennisdeling.models import Attendance
from tests.e2e.scenario import build_city
from tests.kennisdeling.certified import BRUSSELS, registration, session
from tests.pdf_checks import pdf_text, pdfa_identification

pytestmark = pytest.mark.e2e


@pytest.fixture
def held_back_renders(monkeypatch):
    """Documents asked for are queued, not rendered: their ids, to render when the test says."""
    queued: list[str] = []
    monkeypatch.setattr(document_services, "_start",
                        lambda document: queued.append(str(document.pk)))
    return queued


def test_the_office_asks_for_a_certificate_sees_it_made_and_downloads_it(
    journey, transactional_db, django_capture_on_commit_callbacks, held_back_renders,
):
    city = build_city(capture=django_capture_on_commit_callbacks)
    starts = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=BRUSSELS)
    training = session(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    registration(city.department, user=city.coordinator, name="An Peeters", training=training,
                 recorder=city.consultant)
    registration(city.department, name="Jonas De Wilde", email="jonas@stad.gent.test",
                 training=training, attendance=Attendance.ABSENT, recorder=city.consultant)
    page = journey.page
    journey.login("sofie")
    journey.shot("home")

    # To the past session's registrations, through the menu.
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    journey.shot("training and knowledge")
    page.locator(".vf-page__menu-list-item", has_text="Sessies beheren").click()
    journey.shot("manage sessions")
    page.get_by_role("link", name="Voorbij", exact=False).first.click()
    journey.shot("past sessions")
    page.get_by_role("row", name="Basisvorming vrijwilligerswerk").get_by_role(
        "link", name="2 van 12").click()
    journey.shot("registrations of the session")

    # Only the one who attended has a certificate to ask for.
    rows = page.locator(".training-registered tbody tr")
    absent, attended = rows.filter(has_text="Jonas De Wilde"), rows.filter(has_text="An Peeters")
    expect(absent.get_by_role("button", name="Attest")).to_have_count(0)
    attended.get_by_role("button", name="Attest").click()

    # The request only queues: the status page tells it is being made and refreshes itself.
    progress = page.locator("#document-progress")
    expect(progress).to_contain_text("Het document wacht om gemaakt te worden.")
    expect(page.locator("h1")).to_have_text(
        "Attest van deelname: Basisvorming vrijwilligerswerk, An Peeters")
    journey.shot("certificate being made")
    assert len(held_back_renders) == 1
    assert Document.objects.get().state == Document.State.QUEUED

    # The worker makes it; the page, refreshing itself, offers the download.
    render_document.apply(args=[held_back_renders[0]])
    expect(page.locator("#document-ready")).to_contain_text("Het document is klaar.", timeout=15000)
    journey.shot("certificate ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="De pdf downloaden").click()

    assert download.value.suggested_filename == (
        "attest-basisvorming-vrijwilligerswerk-an-peeters.pdf")
    pdf = download.value.path().read_bytes()
    text = pdf_text(pdf)
    assert "An Peeters" in text
    assert "donderdag 5 maart 2026" in text
    assert pdfa_identification(pdf) == ("3", "B")
    page.get_by_role("link", name="Terug").click()
    expect(page.locator("h1")).to_have_text("Inschrijvingen · Basisvorming vrijwilligerswerk")
    journey.shot("back at the registrations")
    assert AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_DOWNLOADED,
                                     actor=city.consultant).count() == 1


def test_the_coordinator_finds_her_own_certificate_among_her_departments_past_registrations(
    journey, transactional_db, django_capture_on_commit_callbacks, held_back_renders,
):
    city = build_city(capture=django_capture_on_commit_callbacks)
    starts = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=BRUSSELS)
    training = session(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    registration(city.department, user=city.coordinator, name="An Peeters", training=training,
                 recorder=city.consultant)
    page = journey.page
    journey.login("an")
    journey.shot("home")

    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    journey.shot("training offer")
    page.locator(".vf-page__menu-list-item", has_text="Inschrijvingen van mijn dienst").click()
    expect(page.locator("h1")).to_have_text("Inschrijvingen van mijn dienst")
    journey.shot("upcoming registrations")
    page.get_by_role("link", name="Voorbij", exact=True).click()
    row = page.get_by_role("row", name="Basisvorming vrijwilligerswerk")
    expect(row).to_contain_text("Aanwezig")
    journey.shot("past registrations with attendance")
    row.get_by_role("button", name="Attest").click()

    expect(page.locator("#document-progress")).to_be_visible()
    render_document.apply(args=[held_back_renders[0]])
    expect(page.locator("#document-ready")).to_contain_text("Het document is klaar.", timeout=15000)
    journey.shot("certificate ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="De pdf downloaden").click()
    assert "An Peeters" in pdf_text(download.value.path().read_bytes())
    page.get_by_role("link", name="Terug").click()
    expect(page.locator("h1")).to_have_text("Inschrijvingen van mijn dienst")
