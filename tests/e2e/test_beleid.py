"""The framework and a department's own interpretation, in the browser, in Dutch."""

import pytest
from playwright.sync_api import expect

from beleid.models import AuditEvent, RequirementInterpretation
from tests.e2e.scenario import build_city

pytestmark = pytest.mark.e2e


def test_coordinator_writes_the_departments_interpretation(
    journey, django_capture_on_commit_callbacks
):
    # given the city, and An, coordinator of the library
    city = build_city(capture=django_capture_on_commit_callbacks)
    page = journey.page
    journey.login("an")
    journey.shot("home")

    # when: from the menu to the department, then edit ONB-01
    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name="Diensten").click()
    expect(page.get_by_role("heading", name="Diensten")).to_be_visible()
    journey.shot("departments")
    page.get_by_role("link", name=city.department.name).click()
    expect(page.locator("#req-ONB-01")).to_contain_text("Nog niet vertaald naar onze context.")
    journey.shot("department")
    page.get_by_role("link", name="Vertaling van ONB-01 bewerken").click()
    expect(page.get_by_role("heading", name="ONB-01")).to_be_visible()
    journey.shot("interpretation form")
    text = "Elke nieuwe vrijwilliger krijgt een rondleiding."
    page.get_by_label("Onze eigen vertaling").fill(text)
    page.get_by_role("button", name="Opslaan").click()

    # then
    expect(page.locator(".ui-message")).to_have_text("Vertaling van ONB-01 bewaard.")
    expect(page.locator("#req-ONB-01")).to_contain_text("Elke nieuwe vrijwilliger krijgt")
    journey.shot("department with interpretation")
    assert RequirementInterpretation.objects.get().text == text
    assert AuditEvent.objects.filter(event_type="INTERPRETATION_UPDATED").count() == 1


def test_coordinator_does_not_see_other_departments(journey, django_capture_on_commit_callbacks):
    city = build_city(capture=django_capture_on_commit_callbacks)
    page = journey.page
    journey.login("an")
    journey.shot("home")

    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name="Diensten").click()
    expect(page.get_by_role("link", name=city.department.name)).to_be_visible()
    journey.shot("own departments only")

    expect(page.get_by_role("link", name=city.other_department.name)).to_have_count(0)
    # Not a page she can reach: asked for anyway, it does not exist for her.
    response = page.request.get(
        f"{journey.base_url}/beleid/diensten/{city.other_department.slug}/")
    assert response.status == 404


def test_a_search_without_result_says_what_to_do(journey, django_capture_on_commit_callbacks):
    build_city(capture=django_capture_on_commit_callbacks)
    page = journey.page
    journey.login("sofie")
    journey.shot("home")

    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name="Diensten").click()
    expect(page.get_by_role("link", name="Musea Gent")).to_be_visible()
    journey.shot("all departments")
    page.get_by_role("searchbox").fill("zwembad")
    page.get_by_role("button", name="Filteren").click()

    expect(page.locator(".ui-empty")).to_have_text(
        "Geen dienst gevonden. Zoek op een deel van de naam of de cluster, of toon alle diensten.")
    journey.shot("no department found")
    page.get_by_role("link", name="Alle diensten tonen").click()
    expect(page.get_by_role("link", name="Musea Gent")).to_be_visible()
    journey.shot("all departments again")
