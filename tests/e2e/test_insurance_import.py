"""In the browser: while the worker has not checked or imported the file yet, the import page
shows the progress and refreshes itself (viewflow pages use Turbo) until the preview is ready;
confirming imports and shows the result."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from insurance.models import ImportUpload, Volunteer
from insurance.volunteer_import import processing
from insurance.volunteer_import import uploads as import_uploads

pytestmark = pytest.mark.e2e
CSV = (b"voornaam;achternaam;geboortedatum;startdatum;email\r\n"
       b"Lies;Van Acker;17/05/1990;01/03/2025;lies@voorbeeld.be\r\n"
       b";Peeters;17/05/1990;01/03/2025;\r\n"
       b"Eva;Smet;03/11/1988;01/03/2025;eva-at-example\r\n")


def test_the_progress_page_refreshes_itself_until_the_preview_and_the_result(
    journey, coordinator, department, monkeypatch, tmp_path
):
    # given a worker that has not picked the task up yet
    started = []
    monkeypatch.setattr(import_uploads, "_start", started.append)
    path = tmp_path / "lijst.csv"
    path.write_bytes(CSV)
    page = journey.page
    journey.login("coordinator")
    journey.shot("home")

    # when the coordinator uploads a list (from the menu, through the register)
    page.get_by_role("link", name="Vrijwilligersregister", exact=True).click()
    journey.shot("register overview")
    page.get_by_role("link", name=department.name, exact=True).click()
    journey.shot("register")
    page.get_by_role("link", name="Lijst importeren").click()
    journey.shot("import page")
    page.get_by_label("Vrijwilligerslijst").set_input_files(str(path))
    page.get_by_role("button", name="Bestand nakijken").click()

    # then the progress page shows, and keeps asking
    expect(page.locator("#import-progress")).to_contain_text(
        "Het bestand wacht om nagekeken te worden.")
    journey.shot("waiting to be checked")
    upload = ImportUpload.objects.get()
    assert [u.pk for u in started] == [upload.pk]
    page.wait_for_timeout(2000)  # a refresh or more, still waiting
    expect(page.locator("#import-progress")).to_be_visible()

    # when the worker (in the site's language) checks the file, the page shows the preview
    with translation.override("nl-be"):
        processing.import_upload_process(upload_id=upload.pk)
    expect(page.locator("#import-summary")).to_contain_text("2 nieuwe vrijwilligers",
                                                            timeout=5000)
    expect(page.locator(".import-row--error")).to_contain_text(
        "niet geïmporteerd: voornaam ontbreekt")
    # a wrong e-mail address costs nobody their cover: a warning on its line
    expect(page.locator(".import-warnings")).to_have_text(
        "waarschuwing op regel 4: e-mailadres 'eva-at-example' is ongeldig en werd leeg gelaten")
    journey.shot("preview")
    assert Volunteer.objects.count() == 0

    # when confirmed, it waits for the worker again, then shows the result
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator("#import-progress")).to_contain_text("Bezig met importeren…")
    journey.shot("importing")
    processing.import_upload_process(upload_id=upload.pk)
    expect(page.locator("#import-summary")).to_contain_text("Geïmporteerd:", timeout=5000)
    expect(page.locator("#import-summary")).to_contain_text("2 nieuwe vrijwilligers")
    expect(page.locator(".import-warnings")).to_contain_text("e-mailadres 'eva-at-example'")
    expect(page.get_by_role("button", name="Importeren", exact=True)).to_have_count(0)
    journey.shot("result")
    assert sorted(Volunteer.objects.values_list("last_name", "email")) == [
        ("Smet", ""), ("Van Acker", "lies@voorbeeld.be")]
