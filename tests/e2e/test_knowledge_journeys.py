"""The knowledge base in the browser: the office writes an article linked to a requirement;
the coordinator finds it from that requirement in her checklist ("Hoe voldoe je hieraan?"),
chooses it as evidence, and finds it again by a Dutch search for an inflected word. Every page
reached is screenshotted and HTML-checked (the `journey` fixture)."""

import re

import pytest
from playwright.sync_api import expect

from kennisdeling.models import Article
from tests.e2e.scenario import build_city
from workflows.models import Evidence

pytestmark = pytest.mark.e2e

TITLE = "Je visie delen met het team"
BODY = (
    "## Waarom delen?\n\n"
    "Een visie werkt pas als elke medewerker en elke **vrijwilliger** ze kent.\n\n"
    "- Bespreek ze op het teamoverleg.\n"
    "- Geef ze mee met de organisatienota.\n\n"
    "Meer uitleg: [Vlaams Steunpunt Vrijwilligerswerk](https://www.vrijwilligerswerk.be)."
)


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


def open_knowledge_menu(journey, entry):
    page = journey.page
    page.get_by_role("link", name="Vorming en kennis", exact=True).click()
    journey.shot("knowledge sharing")
    # (a menu entry's name starts with its icon's ligature, e.g. "menu_book Kennisbank")
    page.get_by_role("link", name=re.compile(rf"(^|\s){re.escape(entry)}$")).click()


def test_office_writes_an_article_and_the_coordinator_finds_it(journey, city):
    page = journey.page

    # given Sofie of the Vrijwilligerspunt, signed in, in the knowledge base
    journey.login("sofie")
    journey.shot("first page of sofie")
    open_knowledge_menu(journey, "Kennisbank")
    expect(page.locator("h1")).to_have_text("Kennisbank")
    journey.shot("empty knowledge base")

    # when she writes an article for VIS-03 and previews it
    page.get_by_role("link", name="Nieuw artikel").click()
    expect(page.locator("h1")).to_have_text("Nieuw artikel")
    journey.shot("new article form")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Samenvatting").fill("Zo kent iedereen de visie van je dienst.")
    page.get_by_label("Tekst", exact=True).fill(BODY)
    page.get_by_label("Trefwoorden").fill("visie, teamoverleg")
    page.get_by_label("VIS-03 Visie gedeeld met medewerkers en vrijwilligers").check()
    page.get_by_label("Status").select_option(label="Gepubliceerd")
    page.get_by_role("button", name="Voorbeeld").click()
    expect(page.locator("#preview strong")).to_have_text("vrijwilliger")
    expect(page.locator("#preview a")).to_have_attribute("rel", "noopener noreferrer")
    journey.shot("article preview")

    # and saves it
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#requirements")).to_contain_text(
        "VIS-03 Visie gedeeld met medewerkers en vrijwilligers")
    journey.shot("article saved")
    article = Article.objects.get(title=TITLE)
    assert list(article.requirement_links.values_list("requirement_code", flat=True)) == [
        "VIS-03"]
    assert article.versions.count() == 1

    # then An, coordinator of the library, sees it under VIS-03 in her vision checklist
    journey.login("an")
    journey.shot("first page of an")
    page.get_by_role("link", name="Stappenplan", exact=True).click()
    expect(page.get_by_role("link", name="Visie: checklist invullen")).to_be_visible()
    journey.shot("inbox of an")
    page.get_by_role("link", name="Visie: checklist invullen").click()
    howto = page.locator("#howto-VIS-03")
    expect(howto).to_contain_text("Hoe voldoe je hieraan?")
    expect(howto.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.locator("#howto-VIS-01")).to_have_count(0)
    journey.shot("checklist with how to meet VIS-03")

    # she chooses the article as evidence for VIS-03 and saves
    page.locator("#item-VIS-03").get_by_label("Of kies een artikel uit de kennisbank"
                                              ).select_option(label=TITLE)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".ui-message--success")).to_contain_text("Je wijzigingen zijn opgeslagen")
    expect(page.locator("#item-VIS-03 .workflows-evidence")).to_contain_text(TITLE)
    journey.shot("checklist with the article as evidence")
    assert list(Evidence.objects.values_list("item__requirement__code", "article__title")) == [
        ("VIS-03", TITLE)]

    # and opens it from "Hoe voldoe je hieraan?"
    howto.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#article-body h2")).to_have_text("Waarom delen?")
    journey.shot("article read by the coordinator")

    # then a Dutch search for the plural finds the article that says "vrijwilliger"
    open_knowledge_menu(journey, "Zoeken in de kennisbank")
    journey.shot("search page")
    page.get_by_label("Zoeken naar").fill("vrijwilligers")
    page.get_by_role("button", name="Zoeken").click()
    result = page.locator(".kennisdeling-result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_text(TITLE)
    expect(result.locator("mark").first).to_have_text(re.compile("^vrijwilliger$", re.I))
    journey.shot("search finds the article")

    # and a search for something that is not there says so
    page.get_by_label("Zoeken naar").fill("<b>brandweer</b>")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#search-results")).to_contain_text(
        "Niets gevonden voor “<b>brandweer</b>”")
    journey.shot("search finds nothing")


def test_office_records_a_meeting_seen_from_the_department_page(journey, city):
    page = journey.page
    journey.login("sofie")
    journey.shot("first page of sofie")

    # when Sofie records a consultation meeting with the library
    open_knowledge_menu(journey, "Overleg")
    expect(page.locator(".ui-empty")).to_be_visible()
    journey.shot("no meetings yet")
    page.get_by_role("link", name="Overleg noteren").click()
    page.get_by_label("Datum").fill("2025-05-13")
    page.get_by_label("Titel").fill("Lerend netwerk: de visie delen")
    page.get_by_label("Agenda").fill("1. Welkom\n2. Visies van de diensten")
    page.get_by_label("Verslag").fill("De bibliotheek toont hoe ze haar visie deelt.")
    page.get_by_label("Bibliotheek De Krook").check()
    page.get_by_label("Beslissingen").fill("Elke dienst deelt zijn visie\nVolgend overleg in juni")
    journey.shot("meeting form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_have_text("Lerend netwerk: de visie delen")
    expect(page.locator("#decisions li")).to_have_count(2)
    journey.shot("meeting recorded")

    # then An finds it from her department's page
    journey.login("an")
    journey.shot("first page of an")
    page.get_by_role("link", name="Beleidskader", exact=True).click()
    journey.shot("framework")
    page.get_by_role("link", name=re.compile(r"(^|\s)Diensten$")).click()
    journey.shot("departments")
    page.get_by_role("link", name="Bibliotheek De Krook", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bibliotheek De Krook")
    journey.shot("department page")
    page.locator(".vf-card__menu").get_by_role("link", name=re.compile("Overleg$")).click()
    expect(page.locator("h1")).to_have_text("Overleg met Bibliotheek De Krook")
    expect(page.get_by_role("link", name="Lerend netwerk: de visie delen")).to_be_visible()
    journey.shot("meetings of the department")


def test_coordinator_downloads_a_template_and_reads_the_faq(journey, city, settings, tmp_path):
    from kennisdeling.knowledge_demo import seed_knowledge

    # given the demo's knowledge base, written by a consultant
    settings.MEDIA_ROOT = tmp_path
    city.consultant.username = "adjunct-directeur"
    city.consultant.save(update_fields=["username"])
    seed_knowledge()
    page = journey.page
    journey.login("an")
    journey.shot("first page of an")

    # when An opens the knowledge base by category
    open_knowledge_menu(journey, "Kennisbank")
    journey.shot("knowledge base")
    page.get_by_role("link", name="Meldingsplicht", exact=True).click()
    expect(page.locator(".kennisdeling-articles tbody tr")).to_have_count(3)
    journey.shot("category duty to report")

    # and downloads the model information note from the templates
    page.get_by_role("link", name=re.compile(r"(^|\s)Sjablonen$")).click()
    expect(page.locator(".kennisdeling-articles tbody tr")).to_have_count(5)
    journey.shot("templates")
    page.get_by_role("link", name="Model organisatienota").click()
    expect(page.locator("#requirements")).to_contain_text("ONB-01")
    journey.shot("template page")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("organisatienota.odt")).click()
    assert download.value.suggested_filename == "model-organisatienota.odt"

    # and reads the FAQ; an entry not reviewed for over a year shows "na te kijken"
    page.get_by_role("link", name=re.compile(r"(^|\s)Veelgestelde vragen$")).click()
    expect(page.locator(".kennisdeling-faq")).to_have_count(4)
    question = page.locator("details", has_text="verzekerd op weg naar de activiteit")
    expect(question).to_contain_text("na te kijken")
    question.locator("summary").click()
    expect(question).to_contain_text("weg van en naar het vrijwilligerswerk")
    journey.shot("faq")
