"""Verifying a document in the browser: a coordinator asks for her attendance certificate,
downloads it, and checks it on the verification page — the file itself ("echt"), a copy with one
byte changed ("niet echt"), its verification code and a code that does not exist. Every page is
photographed and HTML-checked by the `journey` fixture."""

import datetime

import pytest
from playwright.sync_api import expect

from beleid.models import AuditEvent, AuditEventType, Document
from beleid.services import documents as document_services
from beleid.tasks import render_document
from tests.e2e.scenario import build_city
from tests.kennisdeling.certified import BRUSSELS, registration, session

pytestmark = pytest.mark.e2e


@pytest.fixture
def held_back_renders(monkeypatch):
    """Documents asked for are queued, not rendered: their ids, to render when the test says."""
    queued: list[str] = []
    monkeypatch.setattr(document_services, "_start",
                        lambda document: queued.append(str(document.pk)))
    return queued


def test_a_downloaded_certificate_is_genuine_and_a_changed_copy_is_not(
    journey, transactional_db, django_capture_on_commit_callbacks, held_back_renders, tmp_path,
):
    city = build_city(capture=django_capture_on_commit_callbacks)
    starts = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=BRUSSELS)
    training = session(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    registration(city.department, user=city.coordinator, name="An Peeters", training=training,
                 recorder=city.consultant)
    page = journey.page
    journey.login("an")
    journey.shot("home")

    # Her certificate, asked for from her department's past registrations, made, downloaded.
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    journey.shot("training offer")
    page.locator(".vf-page__menu-list-item", has_text="Inschrijvingen van mijn dienst").click()
    expect(page.locator("h1")).to_have_text("Inschrijvingen van mijn dienst")
    journey.shot("upcoming registrations")
    page.get_by_role("link", name="Voorbij", exact=True).click()
    expect(page.get_by_role("row", name="Basisvorming vrijwilligerswerk")).to_be_visible()
    journey.shot("past registrations")
    page.get_by_role("row", name="Basisvorming vrijwilligerswerk").get_by_role(
        "button", name="Attest").click()
    expect(page.locator("#document-progress")).to_be_visible()
    render_document.apply(args=[held_back_renders[0]])
    expect(page.locator("#document-ready")).to_contain_text("Het document is klaar.", timeout=15000)
    document = Document.objects.get()
    expect(page.locator("#document-verification-code")).to_have_text(document.verification_code)
    journey.shot("certificate ready with its verification code")
    with page.expect_download() as download:
        page.get_by_role("link", name="De pdf downloaden").click()
    pdf = download.value.path().read_bytes()
    genuine = tmp_path / "attest.pdf"
    genuine.write_bytes(pdf)
    changed_bytes = bytearray(pdf)
    changed_bytes[len(changed_bytes) // 2] ^= 0x01
    changed = tmp_path / "attest-gewijzigd.pdf"
    changed.write_bytes(bytes(changed_bytes))

    # The verification page, from the status page.
    page.get_by_role("link", name="Een document controleren", exact=True).click()
    expect(page.locator("h1")).to_have_text("Een document controleren")
    journey.shot("verification page")

    # The file as downloaded: genuine, and which document it is.
    page.get_by_label("Pdf-bestand").set_input_files(genuine)
    page.get_by_role("button", name="Het bestand controleren").click()
    answer = page.locator("#verification-answer")
    expect(answer).to_have_attribute("data-outcome", "genuine")
    expect(answer).to_contain_text("Echt en ongewijzigd: Attest van deelname: Basisvorming "
                                   "vrijwilligerswerk, An Peeters")
    expect(answer).to_contain_text(document.sha256)
    journey.shot("genuine file")

    # One byte changed: not genuine.
    page.get_by_label("Pdf-bestand").set_input_files(changed)
    page.get_by_role("button", name="Het bestand controleren").click()
    expect(answer).to_have_attribute("data-outcome", "not_genuine")
    expect(answer).to_contain_text("Niet echt: geen ongewijzigd document van dit systeem.")
    expect(answer).not_to_contain_text(document.sha256)
    journey.shot("changed file")

    # Its code, typed in lower case: which document it is.
    page.get_by_label("Verificatiecode").fill(document.verification_code.lower())
    page.get_by_role("button", name="De code controleren").click()
    expect(answer).to_have_attribute("data-outcome", "code_known")
    expect(answer).to_contain_text("Deze code hoort bij een document van dit systeem")
    expect(answer).to_contain_text(document.sha256)
    journey.shot("known code")

    # A code that no document has.
    unknown = next(code for code in ("7KQ4-MWXD-9PTA", "3333-4444-6666")
                   if code != document.verification_code)
    page.get_by_label("Verificatiecode").fill(unknown)
    page.get_by_role("button", name="De code controleren").click()
    expect(answer).to_have_attribute("data-outcome", "unknown_code")
    expect(answer).to_contain_text("Niet echt: geen document van dit systeem.")
    journey.shot("unknown code")

    outcomes = list(AuditEvent.objects.filter(event_type=AuditEventType.DOCUMENT_VERIFIED)
                    .order_by("id").values_list("after__outcome", flat=True))
    assert outcomes == ["genuine", "not_genuine", "code_known", "unknown_code"]
