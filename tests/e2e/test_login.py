"""Logging in through viewflow's login page, in Dutch by default, English on request."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LOGIN_PATH, login

pytestmark = pytest.mark.e2e

PASSWORD = "geheim-wachtwoord"  # tests/factories.py UserFactory
WRONG_CREDENTIALS_NL = (
    "Voer een juiste gebruikersnaam en wachtwoord in. "
    "Let op dat beide velden hoofdlettergevoelig zijn."
)


def test_login_page_is_in_dutch(page, live_server, transactional_db):
    # when
    page.goto(f"{live_server.url}{LOGIN_PATH}")

    # then
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text("Aanmelden")
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text(
        "Vrijwilligersbeleid Gent"
    )
    expect(page.locator("#id_username_label")).to_have_text("Gebruikersnaam")
    expect(page.locator("#id_password_label")).to_have_text("Wachtwoord")
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    expect(page.locator(".vf-page-lockscreen-reset-link")).to_have_text(
        "Wachtwoord opnieuw instellen"
    )
    expect(page.get_by_text("Log in", exact=True)).to_have_count(0)


def test_a_browser_asking_for_english_still_gets_dutch_until_the_user_chooses(
    browser, live_server, transactional_db
):
    # given: an English browser (Accept-Language en-GB); nl-BE is the default all the same
    context = browser.new_context(locale="en-GB")
    page = context.new_page()

    # when
    page.goto(f"{live_server.url}{LOGIN_PATH}")

    # then
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator("#id_username_label")).to_have_text("Gebruikersnaam")
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text(
        "Vrijwilligersbeleid Gent"
    )
    context.close()


def test_coordinator_logs_in_and_lands_on_the_dutch_site(page, live_server, coordinator):
    # when
    login(page, live_server, "coordinator", PASSWORD)

    # then
    assert page.url == f"{live_server.url}/beleid/kader/"
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(1)
    expect(page.locator("button[name=language]")).to_have_count(1)
    expect(page.locator("button[name=language]")).to_have_attribute("value", "en")
    expect(page.locator("button[name=language] .mdc-button__label")).to_have_text("English")
    expect(page.get_by_text(coordinator.email, exact=True)).to_be_visible()
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None


def test_switching_to_english_shows_english(page, live_server, coordinator):
    # given
    login(page, live_server, "coordinator", PASSWORD)

    # when
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()

    # then
    assert page.url == f"{live_server.url}/beleid/kader/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".vf-page__menu-subheader", has_text="Applications")).to_have_count(1)
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(0)
    expect(page.locator("button[name=language]")).to_have_attribute("value", "nl-be")
    expect(page.locator("button[name=language] .mdc-button__label")).to_have_text("Nederlands")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["django_language"] == "en"


def test_switching_back_to_dutch(page, live_server, coordinator):
    # given
    login(page, live_server, "coordinator", PASSWORD)
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()

    # when
    with page.expect_navigation():
        page.locator("button[name=language][value=nl-be]").click()

    # then
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(1)


def test_wrong_password_shows_the_dutch_error_and_stays_on_the_login_page(
    page, live_server, coordinator
):
    # when
    login(page, live_server, "coordinator", "niet-het-wachtwoord")

    # then
    assert page.url == f"{live_server.url}{LOGIN_PATH}"
    expect(page.get_by_text(WRONG_CREDENTIALS_NL, exact=True)).to_be_visible()
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
    coordinator.refresh_from_db()
    assert coordinator.last_login is None


def test_coordinator_logs_out_through_the_dutch_user_menu(page, live_server, coordinator):
    # given
    login(page, live_server, "coordinator", PASSWORD)
    page.locator(".vf-page__menu-toggle-button").click()

    # when
    page.locator(".vf-page__menu-secondary button", has_text="Afmelden").click()

    # then: viewflow sends the logged-out user back to the (Dutch) login page
    page.wait_for_url(f"{live_server.url}{LOGIN_PATH}")
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
    page.goto(f"{live_server.url}/beleid/kader/")
    assert page.url == f"{live_server.url}{LOGIN_PATH}?next=/beleid/kader/"
