"""In the browser: the import page shows progress and refreshes itself (viewflow pages use
Turbo) until the preview is ready; confirm imports and shows the result."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from insurance import import_uploads
from insurance.models import ImportUpload, Volunteer
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
PASSWORD = "geheim-wachtwoord"  # tests/factories.py UserFactory
CSV = (b"voornaam;achternaam;geboortedatum;startdatum\r\n"
       b"Lies;Van Acker;17/05/1990;01/03/2025\r\n"
       b";Peeters;17/05/1990;01/03/2025\r\n")


def test_the_progress_page_refreshes_itself_until_the_preview_and_the_result(
    page, live_server, coordinator, department, monkeypatch, tmp_path
):
    # given a worker that has not picked the task up yet
    started = []
    monkeypatch.setattr(import_uploads, "_start", started.append)
    login(page, live_server, "coordinator", PASSWORD)
    path = tmp_path / "lijst.csv"
    path.write_bytes(CSV)

    # when the coordinator uploads a list (through the register page, as Turbo navigates)
    page.goto(f"{live_server.url}/insurance/diensten/{department.slug}/")
    page.get_by_role("link", name="Lijst importeren").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Bestand nakijken").click()

    # then the progress page shows, and keeps asking
    expect(page.locator("#import-progress")).to_contain_text(
        "Het bestand wacht om nagekeken te worden.")
    upload = ImportUpload.objects.get()
    assert [u.pk for u in started] == [upload.pk]
    page.wait_for_timeout(2000)  # a refresh or more, still waiting
    expect(page.locator("#import-progress")).to_be_visible()

    # when the worker (in the site's language) checks the file, the page shows the preview
    with translation.override("nl-be"):
        import_uploads.import_upload_process(upload_id=upload.pk)
    expect(page.locator("#import-summary")).to_contain_text("1 nieuwe vrijwilligers", timeout=5000)
    expect(page.locator(".import-row--error")).to_contain_text(
        "niet geïmporteerd: voornaam ontbreekt")
    assert Volunteer.objects.count() == 0

    # when confirmed, it waits for the worker again, then shows the result
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator("#import-progress")).to_contain_text("Bezig met importeren…")
    import_uploads.import_upload_process(upload_id=upload.pk)
    expect(page.locator("#import-summary")).to_contain_text(
        "Geïmporteerd: 1 nieuwe vrijwilligers", timeout=5000)
    expect(page.get_by_role("button", name="Importeren")).to_have_count(0)
    assert list(Volunteer.objects.values_list("last_name", flat=True)) == ["Van Acker"]
