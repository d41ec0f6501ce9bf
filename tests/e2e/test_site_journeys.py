"""The site's frame in the browser, as people meet it: signing in (and failing to), the
language switch, the error pages and their ways back, a forgotten password, and a walk
through every menu entry for a coordinator and a consultant, in Dutch, in one style."""

import re

import pytest
from django import forms
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import LOGIN_PATH, PASSWORD, SCREENSHOTS
from tests.e2e.html_check import html_problems
from tests.e2e.scenario import build_city

pytestmark = pytest.mark.e2e

# What viewflow (and Django) would show in English when a string of ours is not translated.
# A Dutch page shows none of them as a word of its own (icons' ligature names excluded).
VIEWFLOW_ENGLISH = [
    "Yes", "No", "yes", "no", "Search", "Filter", "Inbox", "Queue", "Archive",
    "Created", "Assigned", "Finished", "Owner", "Task", "Tasks", "Process", "Process id",
    "Active tasks", "Description", "Select all", "GO", "Cancel", "Assign", "Unassign",
    "Execute", "View", "Show all", "Back", "Previous", "Next", "Unassigned", "Log out",
    "Log in", "Applications", "Permission", "Flow graph", "flow graph",
]


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


def words_shown(page) -> str:
    """The text a person reads on the page: without the names of the icons (Material Icons
    are ligatures: the text "inbox" draws the icon) and without what is hidden."""
    return page.evaluate(
        """() => {
          const skip = el => el.closest(
            '.material-icons, .material-icons-outlined, script, style, template, [aria-hidden=true]'
          );
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const parts = [];
          while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.parentElement || skip(node.parentElement)) continue;
            if (!node.parentElement.checkVisibility()) continue;
            parts.push(node.textContent);
          }
          return parts.join(' ');
        }"""
    )


# ... and sentences of them ("of" alone is Dutch too).
VIEWFLOW_ENGLISH_PATTERNS = [r"\d+-\d+ of \d+", r"\d+ tasks active", r"No owner assigned"]


def english_left(page) -> list[str]:
    text = " ".join(words_shown(page).split())
    words = [w for w in VIEWFLOW_ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return words + [p for p in VIEWFLOW_ENGLISH_PATTERNS if re.search(p, text)]


def test_a_wrong_password_first_then_the_right_one(journey, city):
    page = journey.page
    page.goto(f"{journey.base_url}{LOGIN_PATH}")
    journey.shot("the login page")
    expect(page).to_have_title("Aanmelden · Vrijwilligersbeleid Gent")
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text("Aanmelden")
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()

    # when: a wrong password
    page.get_by_label("Gebruikersnaam").fill("an")
    page.get_by_label("Wachtwoord", exact=True).fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()

    # then: the Dutch error, still on the login page, nobody signed in
    expect(page.get_by_text("Voer een juiste gebruikersnaam en wachtwoord in.")).to_be_visible()
    journey.shot("a wrong password")
    assert page.url == f"{journey.base_url}{LOGIN_PATH}"
    city.coordinator.refresh_from_db()
    assert city.coordinator.last_login is None

    # when: the right one
    page.get_by_label("Gebruikersnaam").fill("an")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    # then: the start page, in Dutch, with An's name
    page.wait_for_url(lambda url: LOGIN_PATH not in url)
    journey.shot("signed in")
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.locator(".vf-page__menu-title")).to_have_text("An Peeters")
    expect(page).to_have_title(re.compile(r"· Vrijwilligersbeleid Gent$"))
    city.coordinator.refresh_from_db()
    assert city.coordinator.last_login is not None
    assert english_left(page) == []


def test_switching_to_english_and_back_keeps_the_page(journey, city):
    page = journey.page
    page.goto(f"{journey.base_url}{LOGIN_PATH}")
    journey.shot("the login page")

    # when: English, already on the login page
    page.get_by_role("button", name="English").click()

    # then
    expect(page.locator("html")).to_have_attribute("lang", "en")
    journey.shot("the login page in English")
    assert page.url == f"{journey.base_url}{LOGIN_PATH}"
    expect(page).to_have_title("Log in · Vrijwilligersbeleid Gent")
    page.get_by_label("Username").fill("an")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: LOGIN_PATH not in url)
    expect(page.locator(".vf-page__menu-subheader", has_text="Applications")).to_have_count(1)
    journey.shot("the start page in English")

    # when: back to Dutch, on the register
    page.get_by_role("link", name="Volunteer register").click()
    expect(page.locator(".vf-page__body-toolbar")).to_contain_text("Volunteer register")
    journey.shot("the register in English")
    register = page.url
    page.get_by_role("button", name="Nederlands").click()

    # then: the same page, in Dutch
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    journey.shot("the register in Dutch")
    assert page.url == register
    expect(page.locator(".vf-page__body-toolbar")).to_contain_text("Vrijwilligersregister")
    expect(page.locator(".vf-page__menu-subheader", has_text="Toepassingen")).to_have_count(1)
    assert english_left(page) == []

    # when: English again, from the inbox of the step plan
    page.get_by_role("link", name="Stappenplan").first.click()
    expect(page.locator(".vf-page__body-toolbar")).to_contain_text("Stappenplan")
    journey.shot("the inbox in Dutch")
    inbox = page.url
    page.get_by_role("button", name="English").click()

    # then
    expect(page.locator("html")).to_have_attribute("lang", "en")
    journey.shot("the inbox in English")
    assert page.url == inbox
    expect(page.locator(".vf-card__title")).to_have_text("Inbox")
    expect(page.get_by_text(re.compile(r"^\s*1-10 of 10\s*$"))).to_be_visible()


def test_a_missing_page_and_a_refused_page_lead_back(journey, city):
    page = journey.page
    journey.login("an")
    page.get_by_role("link", name="Vrijwilligersregister").click()
    journey.shot("the register")
    register = page.url

    # when: an old link (typed, as it came from an old e-mail)
    response = page.goto(f"{journey.base_url}/beleid/diensten/bestaat-niet-meer/")

    # then: the 404 page in Dutch, in the site's style, with its ways back
    assert response.status == 404
    journey.shot("page not found")
    expect(page).to_have_title("Pagina niet gevonden · Vrijwilligersbeleid Gent")
    expect(page.get_by_text("Deze pagina bestaat niet (meer).")).to_be_visible()
    expect(page.get_by_role("link", name="Naar de startpagina")).to_be_visible()

    # when: "Terug"
    page.get_by_role("link", name="Terug").click()

    # then: where An came from
    page.wait_for_url(register)
    journey.shot("back on the register")

    # when: a page that only the Vrijwilligerspunt may open (an office colleague's link)
    response = page.goto(f"{journey.base_url}/workflows/start/")

    # then: the 403 page says what An may not do and whom to ask
    assert response.status == 403
    journey.shot("no access")
    expect(page).to_have_title("Geen toegang · Vrijwilligersbeleid Gent")
    expect(page.get_by_text("An Peeters, je mag deze pagina niet openen.")).to_be_visible()
    expect(page.get_by_role("link", name="vrijwilligerspunt@stad.gent")).to_have_attribute(
        "href", "mailto:vrijwilligerspunt@stad.gent"
    )
    expect(page.get_by_role("link", name="Terug")).to_be_visible()

    # when: to the start page
    page.get_by_role("link", name="Naar de startpagina").click()

    # then
    page.wait_for_url(f"{journey.base_url}/overview/")
    journey.shot("the start page")
    expect(page.locator(".vf-page__menu-title")).to_have_text("An Peeters")


def test_a_forgotten_password_is_reset_with_the_link_from_the_email(journey, city):
    page = journey.page
    page.goto(f"{journey.base_url}{LOGIN_PATH}")
    journey.shot("the login page")

    # when: An asks for a new password
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text(
        "Wachtwoord vergeten?"
    )
    journey.shot("forgot your password")
    page.get_by_label("E-mailadres").fill(city.coordinator.email)
    page.get_by_role("button", name="Stuur me de link").click()

    # then: the done page, and a Dutch e-mail with the link
    expect(page.get_by_text("Kijk in je mailbox")).to_be_visible()
    journey.shot("check your mailbox")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [city.coordinator.email]
    assert email.subject == "Een nieuw wachtwoord voor Vrijwilligersbeleid Gent"
    assert email.body.startswith("Dag An Peeters,")
    assert "Je gebruikersnaam is: an" in email.body
    link = re.search(r"http://\S+/accounts/reset/\S+/", email.body).group(0)

    # when: she opens the link (from her mailbox) and chooses a new password
    page.goto(link)
    expect(page.locator(".vf-page-lockscreen__sidebar-header")).to_contain_text(
        "Kies een nieuw wachtwoord"
    )
    journey.shot("choose a new password")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.get_by_role("button", name="Wachtwoord bewaren").click()
    expect(page.locator("#id_new_password2_error")).to_contain_text("Dit wachtwoord is te kort")
    journey.shot("a password too short")
    new_password = "Vrijwilligers-in-Gent-2026"
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(new_password)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(new_password)
    page.get_by_role("button", name="Wachtwoord bewaren").click()

    # then
    expect(page.get_by_text("Je wachtwoord is veranderd")).to_be_visible()
    journey.shot("password changed")
    city.coordinator.refresh_from_db()
    assert city.coordinator.check_password(new_password)

    # and she signs in with it
    page.get_by_role("link", name="Aanmelden").click()
    journey.shot("the login page again")
    page.get_by_label("Gebruikersnaam").fill("an")
    page.get_by_label("Wachtwoord", exact=True).fill(new_password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(lambda url: LOGIN_PATH not in url)
    journey.shot("signed in")
    expect(page.locator(".vf-page__menu-title")).to_have_text("An Peeters")


def walk_every_menu_entry(journey, username: str) -> dict[str, list[str]]:
    """Open every application of the site menu and every entry of its own menu; return the
    English words of viewflow left on each page (by the page's heading)."""
    page = journey.page
    journey.login(username)
    journey.shot("start page")
    found = {}
    site_menu = page.locator(".vf-page__menu-primary vf-page-menu-navigation").last
    applications = site_menu.locator("a.vf-page__menu-list-item .mdc-list-item__content")
    for application in [" ".join(name.split()) for name in applications.all_inner_texts()]:
        journey.page.locator(".vf-page__menu-primary vf-page-menu-navigation").last.get_by_role(
            "link", name=application
        ).click()
        expect(page.locator(".vf-page__body-toolbar")).to_contain_text(application)
        journey.shot(application)
        found[application] = english_left(page)
        app_menu = page.locator(".vf-page__menu-primary vf-page-menu-navigation").first
        for entry in app_menu.locator("a.vf-page__menu-list-item").all():
            if entry.get_attribute("data-turbo") == "false":
                continue  # the Django admin: a tool of its own, in Django's style
            name = " ".join(entry.locator(".mdc-list-item__content").inner_text().split())
            entry.click()
            page.wait_for_load_state()
            journey.shot(f"{application} - {name}")
            found[f"{application} - {name}"] = english_left(page)
    return found


def test_a_coordinator_walks_every_menu_entry_in_dutch(journey, city):
    found = walk_every_menu_entry(journey, "an")

    assert set(found) >= {"Beleidskader", "Jaarrondes", "Stappenplan",
                          "Vrijwilligersregister", "Onthaal vrijwilligers"}
    assert {page: words for page, words in found.items() if words} == {}


def test_a_consultant_walks_every_menu_entry_in_dutch(journey, city):
    found = walk_every_menu_entry(journey, "sofie")

    assert "Jaarrondes - Een ronde starten" in found
    assert {page: words for page, words in found.items() if words} == {}


def test_the_flow_chart_speaks_dutch(journey, city):
    page = journey.page
    journey.login("sofie")
    journey.shot("start page")
    page.get_by_role("link", name="Stappenplan").first.click()
    journey.shot("step plan")

    chart = page.request.get(f"{journey.base_url}/stepplan/chart/")

    svg = chart.text()
    assert chart.ok
    assert ">ja</text>" in svg and ">nee</text>" in svg
    assert ">yes</text>" not in svg and ">no</text>" not in svg


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals op de identiteitskaart.")
    explanation = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label="Status", choices=[("", "---------"), ("met", "Voldaan"), ("not", "Niet voldaan")]
    )
    start = forms.DateField(label="Startdatum")
    end = forms.DateField(
        label="Einddatum", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(label="Bestand")
    confirmed = forms.BooleanField(label="Ik bevestig dat dit klopt", required=False)
    decision = forms.ChoiceField(
        label="Beslissing", choices=[("ok", "Goedkeuren"), ("back", "Terugsturen")],
        widget=forms.RadioSelect,
    )


def test_our_forms_look_like_viewflows_material_forms(
    page, live_server, transactional_db, request
):
    """Every kind of field, empty and with errors, on the site's stylesheets: a screenshot to
    look at beside viewflow's own forms (the login page), and the labels work as labels."""
    folder = SCREENSHOTS / "test_site_journeys" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    with translation.override("nl-be"):
        empty = str(EveryKindForm(prefix="empty"))
        invalid = str(EveryKindForm(prefix="invalid", data={"invalid-start": "31/02/2026"}))
        css = render_to_string("viewflow/includes/viewflow_css.html")
    html = (
        f'<!doctype html><html lang="nl-be"><head><base href="{live_server.url}/">{css}</head>'
        '<body style="background:#eee"><main class="vf-page__content" style="display:flex;gap:24px;'
        'padding:24px;align-items:flex-start">'
        f'<form class="mdc-card" style="padding:24px;width:560px">{empty}</form>'
        f'<form class="mdc-card" style="padding:24px;width:560px">{invalid}</form>'
        "</main></body></html>"
    )
    assert html_problems(html) == []

    page.set_content(html, wait_until="networkidle")
    page.get_by_label("Naam").first.focus()
    page.screenshot(path=str(folder / "01-every-kind-of-field.png"), full_page=True)

    # the labels are bound: a person (and a screen reader) finds every field by its label
    for label in ["Naam", "Toelichting", "Status", "Startdatum", "Einddatum", "Bestand",
                  "Ik bevestig dat dit klopt", "Goedkeuren", "Terugsturen"]:
        expect(page.get_by_label(label, exact=True)).to_have_count(2)
    page.get_by_label("Ik bevestig dat dit klopt").first.click()
    expect(page.get_by_label("Ik bevestig dat dit klopt").first).to_be_checked()
    # errors sit right under their own field
    expect(page.locator("#id_invalid-start_error")).to_have_text("Voer een geldige datum in.")
    expect(page.locator("#id_invalid-name_error")).to_have_text("Dit veld is verplicht.")
    box = page.locator("#id_invalid-start").bounding_box()
    error = page.locator("#id_invalid-start_error").bounding_box()
    assert 0 <= error["y"] - (box["y"] + box["height"]) < 40


def test_viewflows_own_process_and_task_pages_speak_dutch(journey, city):
    """The onboarding of a volunteer runs on viewflow's own pages (start, queue, the page
    to take a task, process, archive, detail): all of them in Dutch, people by name,
    moments in the site's format."""
    page = journey.page
    journey.login("an")
    journey.shot("start page")
    page.get_by_role("link", name="Onthaal vrijwilligers", exact=True).click()
    journey.shot("onboarding dashboard")

    # the start page of viewflow, headed by the start task's title
    page.get_by_role("link", name="Intake", exact=True).click()
    expect(page.locator(".vf-card__title")).to_have_text("Intake van een nieuwe vrijwilliger")
    journey.shot("intake")
    assert english_left(page) == []
    page.get_by_label("Voornaam").fill("Lies")
    page.get_by_label("Achternaam").fill("Van Acker")
    page.locator("input[name=date_of_birth]").fill("1990-05-17")
    page.locator("input[name=start_date]").fill("2026-12-01")
    page.get_by_role("button", name="Intake registreren", exact=True).click()
    expect(page.get_by_role("link", name="Wachtrij 1")).to_be_visible()
    journey.shot("started")

    # the next task waits in the queue: viewflow's page to take it
    page.get_by_role("link", name="Wachtrij 1").click()
    journey.shot("the queue")
    assert english_left(page) == []
    page.locator("table.vf-list__table tbody a").first.click()
    expect(page.get_by_role("button", name="De taak nemen en nu uitvoeren")).to_be_visible()
    journey.shot("take the task")
    assert english_left(page) == []

    # take the task and do it
    page.get_by_role("button", name="De taak nemen en nu uitvoeren").click()
    expect(page.locator(".onboarding-intro")).to_be_visible()
    journey.shot("the task's form")
    assert english_left(page) == []
    page.locator("input[name=given_on]").fill("2026-11-20")
    page.get_by_role("button", name=re.compile("Hoe")).click()
    page.get_by_role("option").first.click()
    page.get_by_role("button", name="Organisatienota registreren", exact=True).click()
    expect(page.get_by_role("link", name="Wachtrij 1")).to_be_visible()
    journey.shot("after the task")

    # the done task's detail, from the archive: when, by whom, in words
    page.get_by_role("link", name="Archief").click()
    journey.shot("archive")
    assert english_left(page) == []
    page.get_by_role("link", name="Organisatienota gegeven").click()
    expect(page.locator("main")).to_contain_text("An Peeters")
    journey.shot("the done task")
    expect(page.locator("main")).to_have_text(re.compile(r"\d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}"))
    assert english_left(page) == []

    # the process page: tasks by title, owners by name, moments as "27 november 2026 om 14:05"
    page.locator(".vf-card__breadcrumbs a").nth(1).click()
    expect(page.locator("h1")).to_have_text("Onthaal van Lies Van Acker")
    journey.shot("the process")
    intake = page.locator("tr", has_text="Intake")
    expect(intake).to_contain_text("An Peeters")
    expect(intake).to_have_text(re.compile(r"\d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}"))
    assert english_left(page) == []
