"""The framework and a department's own interpretation, in the browser, in Dutch."""

import pytest
from playwright.sync_api import expect

from beleid.models import AuditEvent, RequirementInterpretation
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
PASSWORD = "geheim-wachtwoord"  # tests/factories.py UserFactory


def test_coordinator_writes_the_departments_interpretation(
    page, live_server, coordinator, department, framework
):
    # given
    login(page, live_server, "coordinator", PASSWORD)

    # when: from the menu to the department, then edit ONB-01
    page.get_by_role("link", name="Diensten").click()
    page.get_by_role("link", name=department.name).click()
    expect(page.locator("#req-ONB-01")).to_contain_text("Nog niet vertaald naar onze context.")
    page.locator("#req-ONB-01").get_by_role("link", name="Bewerken").click()
    text = "Elke nieuwe vrijwilliger krijgt een rondleiding."
    page.get_by_label("Onze eigen vertaling").fill(text)
    page.get_by_role("button", name="Opslaan").click()

    # then
    expect(page.locator(".ui-message")).to_have_text("Vertaling van ONB-01 bewaard.")
    expect(page.locator("#req-ONB-01")).to_contain_text("Elke nieuwe vrijwilliger krijgt")
    assert RequirementInterpretation.objects.get().text == text
    assert AuditEvent.objects.filter(event_type="INTERPRETATION_UPDATED").count() == 1


def test_coordinator_does_not_see_other_departments(
    page, live_server, coordinator, department, other_department
):
    login(page, live_server, "coordinator", PASSWORD)

    page.goto(f"{live_server.url}/beleid/diensten/")

    expect(page.get_by_role("link", name=department.name)).to_be_visible()
    expect(page.get_by_role("link", name=other_department.name)).to_have_count(0)
    response = page.goto(f"{live_server.url}/beleid/diensten/{other_department.slug}/")
    assert response.status == 404
