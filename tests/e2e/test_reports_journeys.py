"""The auditors' reports in the browser: the auditor opens Auditrapporten from her home, makes
the department report of this year, watches it being made, downloads it, and verifies it on
the verification page; a copy with one byte changed is rejected. Every page is photographed
and HTML-checked by the `journey` fixture.

The report is made by the background task; here the task is held back until the status page
has shown its progress, then run, and the page finds the document ready by itself."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from beleid.models import Document
from beleid.services import documents as document_services
from beleid.tasks import render_document
from tests.e2e.scenario import build_city
from tests.pdf_checks import pdf_text, pdfa_identification

pytestmark = pytest.mark.e2e


@pytest.fixture
def held_back_renders(monkeypatch):
    """Documents asked for are queued, not rendered: their ids, to render when the test says."""
    queued: list[str] = []
    monkeypatch.setattr(document_services, "_start",
                        lambda document: queued.append(str(document.pk)))
    return queued


def test_the_auditor_makes_downloads_and_verifies_a_department_report(
    journey, transactional_db, django_capture_on_commit_callbacks, held_back_renders, tmp_path,
):
    build_city(capture=django_capture_on_commit_callbacks)
    year = timezone.localdate().year
    page = journey.page
    journey.login("marc")
    journey.shot("home")

    page.locator("#home-reports").get_by_role("link", name="Auditrapporten").click()
    expect(page.locator("#report-departments")).to_contain_text("Bibliotheek De Krook")
    journey.shot("audit reports")
    page.get_by_role("row", name="Bibliotheek De Krook").get_by_role(
        "button", name="Rapport maken").click()

    progress = page.locator("#document-progress")
    expect(progress).to_contain_text("Het document wacht om gemaakt te worden.")
    expect(page.locator("h1")).to_have_text(f"Dienstrapport {year}: Bibliotheek De Krook")
    journey.shot("report being made")
    render_document.apply(args=[held_back_renders[0]])
    expect(page.locator("#document-ready")).to_contain_text("Het document is klaar.", timeout=15000)
    journey.shot("report ready")
    document = Document.objects.get()
    with page.expect_download() as download:
        page.get_by_role("link", name="De pdf downloaden").click()
    pdf = download.value.path().read_bytes()
    text = pdf_text(pdf)
    assert "Bibliotheek De Krook" in text
    assert "Toestand bij het maken" in text
    assert document.verification_code in text
    assert pdfa_identification(pdf) == ("3", "B")
    genuine = tmp_path / "rapport.pdf"
    genuine.write_bytes(pdf)
    changed_bytes = bytearray(pdf)
    changed_bytes[len(changed_bytes) // 2] ^= 0x01
    changed = tmp_path / "rapport-gewijzigd.pdf"
    changed.write_bytes(bytes(changed_bytes))

    # Back to the reports: the archive lists it.
    page.get_by_role("link", name="Terug").click()
    expect(page.locator("#report-archive")).to_contain_text(document.sha256)
    journey.shot("archive")

    page.locator("#report-archive").page.get_by_role(
        "link", name="Een document controleren", exact=True).click()
    expect(page.locator("h1")).to_have_text("Een document controleren")
    page.get_by_label("Pdf-bestand").set_input_files(genuine)
    page.get_by_role("button", name="Het bestand controleren").click()
    answer = page.locator("#verification-answer")
    expect(answer).to_have_attribute("data-outcome", "genuine")
    expect(answer).to_contain_text(f"Dienstrapport {year}: Bibliotheek De Krook")
    journey.shot("genuine report")

    page.get_by_label("Pdf-bestand").set_input_files(changed)
    page.get_by_role("button", name="Het bestand controleren").click()
    expect(answer).to_have_attribute("data-outcome", "not_genuine")
    expect(answer).not_to_contain_text(document.sha256)
    journey.shot("changed report")
