"""Logging in through viewflow's login page, in Dutch by default, English on request."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LOGIN_PATH

pytestmark = pytest.mark.e2e

WRONG_CREDENTIALS_NL = (
    "Voer een juiste gebruikersnaam en wachtwoord in. "
    "Let op dat beide velden hoofdlettergevoelig zijn."
)


def open_login_page(journey):
    journey.page.goto(f"{journey.base_url}{LOGIN_PATH}")
    journey.shot("the login page")


def test_login_page_is_in_dutch(journey, transactional_db):
    # when
    open_login_page(journey)

    # then
    page = journey.page
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page).to_have_title("Aanmelden · Vrijwilligersbeleid Gent")
    header = page.locator(".vf-page-lockscreen__sidebar-header")
    expect(header).to_contain_text("Aanmelden")
    expect(header).to_contain_text("Vrijwilligersbeleid Gent")
    expect(page.locator("#id_username_label")).to_have_text("Gebruikersnaam")
    expect(page.locator("#id_password_label")).to_have_text("Wachtwoord")
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    expect(page.get_by_role("link", name="Wachtwoord vergeten?")).to_be_visible()
    expect(page.get_by_text("Log in", exact=True)).to_have_count(0)


def test_a_browser_asking_for_english_still_gets_dutch_until_the_user_chooses(
    journey, transactional_db
):
    # given: an English browser (Accept-Language en-GB); nl-BE is the default all the same
    journey.page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})

    # when
    open_login_page(journey)

    # then
    page = journey.page
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator("#id_username_label")).to_have_text("Gebruikersnaam")
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text(
        "Vrijwilligersbeleid Gent"
    )


def test_coordinator_logs_in_and_lands_on_the_dutch_site(journey, coordinator):
    # when
    journey.login("coordinator")
    journey.shot("the start page")

    # then
    page = journey.page
    assert page.url == f"{journey.base_url}/overview/"
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(1)
    expect(page.locator("button[name=language]")).to_have_count(1)
    expect(page.locator("button[name=language]")).to_have_attribute("value", "en")
    expect(page.locator("button[name=language] .mdc-button__label")).to_have_text("English")
    expect(page.get_by_text(coordinator.email, exact=True)).to_be_visible()
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None


def test_switching_to_english_shows_english(journey, coordinator):
    # given
    journey.login("coordinator")
    journey.shot("the start page")
    page = journey.page

    # when
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    journey.shot("the start page in English")

    # then
    assert page.url == f"{journey.base_url}/overview/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".vf-page__menu-subheader", has_text="Applications")).to_have_count(1)
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(0)
    expect(page.locator("button[name=language]")).to_have_attribute("value", "nl-be")
    expect(page.locator("button[name=language] .mdc-button__label")).to_have_text("Nederlands")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["django_language"] == "en"


def test_switching_back_to_dutch(journey, coordinator):
    # given
    journey.login("coordinator")
    journey.shot("the start page")
    page = journey.page
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    journey.shot("the start page in English")

    # when
    with page.expect_navigation():
        page.locator("button[name=language][value=nl-be]").click()
    journey.shot("the start page in Dutch")

    # then
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(1)


def test_wrong_password_shows_the_dutch_error_and_stays_on_the_login_page(journey, coordinator):
    # given
    open_login_page(journey)
    page = journey.page

    # when
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "niet-het-wachtwoord")
    page.locator("form.vf-form button[type=submit]").click()

    # then
    expect(page.get_by_text(WRONG_CREDENTIALS_NL, exact=True)).to_be_visible()
    journey.shot("a wrong password")
    assert page.url == f"{journey.base_url}{LOGIN_PATH}"
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
    coordinator.refresh_from_db()
    assert coordinator.last_login is None


def test_coordinator_logs_out_through_the_dutch_user_menu(journey, coordinator):
    # given
    journey.login("coordinator")
    journey.shot("the start page")
    page = journey.page
    page.locator(".vf-page__menu-toggle-button").click()

    # when
    page.locator(".vf-page__menu-secondary button", has_text="Afmelden").click()

    # then: viewflow sends the logged-out user back to the (Dutch) login page
    page.wait_for_url(f"{journey.base_url}{LOGIN_PATH}")
    journey.shot("signed out")
    expect(page.locator("form.vf-form button[type=submit]")).to_have_text("Aanmelden")
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}

    # and a page of the site asks to sign in again
    page.goto(f"{journey.base_url}/beleid/kader/")
    journey.shot("the login page again")
    assert page.url == f"{journey.base_url}{LOGIN_PATH}?next=/beleid/kader/"


LOCKED_NL = (
    "Te veel mislukte aanmeldpogingen: aanmelden met deze gebruikersnaam of vanaf dit adres "
    "is 15 minuten geblokkeerd. Probeer het daarna opnieuw, of vraag een nieuw wachtwoord aan."
)


def submit(page, username, password):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_response(
        lambda r: r.url.endswith(LOGIN_PATH) and r.request.method == "POST"
    ) as answer:
        page.locator("form.vf-form button[type=submit]").click()
    page.wait_for_load_state()
    return answer.value.status


def test_five_wrong_passwords_lock_the_login_and_the_page_says_for_how_long(
    journey, coordinator
):
    # given: four wrong passwords
    open_login_page(journey)
    page = journey.page
    assert [submit(page, "coordinator", f"fout-{n}") for n in range(4)] == [422] * 4  # Turbo
    expect(page.get_by_text(WRONG_CREDENTIALS_NL, exact=True)).to_be_visible()

    # when: the fifth
    status = submit(page, "coordinator", "fout-5")

    # then: the login page says that it is locked and for how long
    assert status == 429
    expect(page.get_by_role("alert")).to_have_text(LOCKED_NL)
    journey.shot("locked after five wrong passwords")

    # and the right password does not let the coordinator in meanwhile
    assert submit(page, "coordinator", "geheim-wachtwoord") == 429
    expect(page.get_by_role("alert")).to_have_text(LOCKED_NL)
    assert page.url == f"{journey.base_url}{LOGIN_PATH}"
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
    coordinator.refresh_from_db()
    assert coordinator.last_login is None
