"""Every role lands on its own home after signing in, and goes on from there: the coordinator
to a returned step and to the gaps of her register, the consultant to a review waiting for
her, the auditor to an audit trail."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insurance import services as register
from tests.e2e import scenario
from tests.e2e.scenario import build_city

pytestmark = pytest.mark.e2e

COMMENT = "Beschrijf ook hoe nieuwe medewerkers de visie leren kennen."


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


def volunteer(city, first_name, *, informed):
    """A volunteer of the library, engaged two weeks ago, with or without the information
    note given before the start."""
    start = timezone.localdate() - datetime.timedelta(days=14)
    person = register.volunteer_register(
        actor=city.coordinator, department=city.department, first_name=first_name,
        last_name="Van Acker", date_of_birth=datetime.date(1990, 5, 17))
    engagement = register.engagement_start(actor=city.coordinator, volunteer=person,
                                           start_date=start)
    if informed:
        register.information_note_record(
            actor=city.coordinator, engagement=engagement,
            given_on=start - datetime.timedelta(days=3), method="paper")
    return person


def test_the_coordinator_lands_on_her_returned_step_and_her_register_gaps(journey, city):
    # given: the vision returned to An with a comment; one volunteer was not informed in time
    scenario.submit_through_services(city, "vision", vision_text="Onze visie.")
    scenario.review_through_services(city, "vision", approve=False, comment=COMMENT)
    volunteer(city, "Lies", informed=True)
    volunteer(city, "Jonas", informed=False)
    page = journey.page

    # when An signs in
    journey.login("an")

    # then she lands on her home: her plan, the returned step with the comment, the gaps
    expect(page.get_by_role("heading", name="Mijn diensten vandaag")).to_be_visible()
    journey.shot("coordinator's home")
    expect(page.locator("#home-departments")).to_contain_text(
        "0 van 10 stappen goedgekeurd")
    returned = page.locator("#home-returned")
    expect(returned).to_contain_text("Visie")
    expect(returned).to_contain_text(COMMENT)
    expect(returned).to_contain_text("Sofie Claes")
    gaps = page.locator("#home-register")
    expect(gaps).to_contain_text("Zonder organisatienota voor de start")
    expect(page.locator("#home-tasks")).to_contain_text("Visie: checklist invullen")
    expect(page.locator("#home-departments")).not_to_contain_text("Musea Gent")

    # she follows the gap to the register, filtered on the volunteers it counts
    gaps.get_by_role("link", name="1 vrijwilliger: Zonder organisatienota voor de start").click()
    expect(page).to_have_url(f"{journey.base_url}/insurance/diensten/bibliotheek-de-krook/"
                             "?filter=without_note")
    expect(page.get_by_role("link", name="Van Acker, Jonas")).to_be_visible()
    expect(page.get_by_role("link", name="Van Acker, Lies")).to_have_count(0)
    journey.shot("register filtered on the gap")

    # and back home, she opens the returned step's checklist
    page.get_by_role("link", name="Overzicht", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn diensten vandaag")).to_be_visible()
    journey.shot("home again")
    page.get_by_role("link", name="Visie opnieuw invullen").click()
    expect(page.locator("h1")).to_have_text("Visie: checklist invullen")
    journey.shot("the returned checklist")


def test_the_consultant_lands_on_what_needs_her_today_and_opens_a_review(journey, city):
    # given: the library submitted its vision
    scenario.submit_through_services(city, "vision", vision_text="Onze visie.")
    page = journey.page

    # when Sofie signs in
    journey.login("sofie")

    # then she lands on what needs her today, the vision waiting for her
    expect(page.get_by_role("heading", name="Wat vraagt vandaag mijn aandacht")).to_be_visible()
    journey.shot("consultant's home")
    reviews = page.locator("#home-reviews")
    expect(reviews).to_contain_text("Bibliotheek De Krook · Visie")
    expect(reviews).to_contain_text("wacht 0 dagen")
    # the museums have not started their plan
    expect(page.locator("#home-not-started")).to_contain_text("Musea Gent")
    expect(page.locator("#home-not-started")).not_to_contain_text("Bibliotheek De Krook")

    # on a tablet the cards fit the width (two columns), nothing cut off
    page.set_viewport_size({"width": 768, "height": 1024})
    journey.shot("consultant's home on a tablet")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768
    page.set_viewport_size({"width": 1280, "height": 800})

    # she opens the review (from the keyboard: the link takes the focus, Enter follows it)
    link = reviews.get_by_role("link", name="Visie van Bibliotheek De Krook nakijken")
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Visie: nazicht")
    journey.shot("the review")


def test_the_auditor_lands_on_departments_and_years(journey, city):
    page = journey.page

    journey.login("marc")

    expect(page.get_by_role("heading", name="Diensten en jaren")).to_be_visible()
    journey.shot("auditor's home")
    year = str(timezone.localdate().year)
    expect(page.locator("#home-rounds")).to_contain_text(f"Ronde {year}")
    expect(page.locator("#home-rounds")).to_contain_text("0 van 2 diensten afgesloten")
    table = page.locator("#home-audit-table")
    expect(table.locator("#audit-bibliotheek-de-krook")).to_contain_text("0 van 10 goedgekeurd")
    expect(page.locator("#home-reports")).to_contain_text("Maak het PDF-rapport van een dienst")
    reports = page.locator("#home-reports").get_by_role("link", name="Auditrapporten")
    expect(reports).to_have_count(1)

    table.get_by_role("link", name="Audittrail van Musea Gent").click()
    expect(page.get_by_role("heading", name="Audittrail")).to_be_visible()
    journey.shot("the museums' audit trail")
