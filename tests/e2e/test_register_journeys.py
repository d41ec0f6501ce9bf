"""The volunteer register in the browser, as the coordinator An of Bibliotheek De Krook uses it:
importing her list (and seeing the insurance step met), ending an engagement, onboarding a
new volunteer and following the C45B warning that follows; and the auditor, who sees numbers
only. Every page is photographed and HTML-checked by the `journey` fixture."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect
from viewflow.workflow.models import Task

from beleid.models import AuditEvent
from insurance.models import BenefitDeclaration, Engagement, InsuranceCoverage, Volunteer
from tests.e2e.scenario import build_city
from workflows.models import OnboardingProcess

pytestmark = pytest.mark.e2e


def day(value: datetime.date) -> str:
    """A date as the pages show it to An (Dutch long date)."""
    with override("nl-be"):
        return date_format(value, "DATE_FORMAT")


def in_file(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def open_register(journey, department_name: str):
    """From any page: the menu's volunteer register, then the department's register."""
    page = journey.page
    page.get_by_role("link", name="Vrijwilligersregister", exact=True).click()
    expect(page.locator("h1")).to_have_text("Vrijwilligersregister")
    journey.shot("register overview")
    page.get_by_role("link", name=department_name, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Vrijwilligers · {department_name}")
    journey.shot(f"register of {department_name}")


def open_insurance_step(journey):
    """From any page: the step plan's inbox, then this year's "Verzekering" task."""
    page = journey.page
    page.get_by_role("link", name="Stappenplan", exact=True).click()
    journey.shot("step plan")
    page.get_by_role("link", name=re.compile("^Postvak")).click()
    journey.shot("step plan inbox")
    page.get_by_role("row", name=re.compile("Verzekering")).get_by_role("link").first.click()
    expect(page.get_by_text("Volgens het register")).to_be_visible()
    journey.shot("insurance step")


def test_coordinator_imports_her_list_sees_the_insurance_step_met_and_ends_an_engagement(
    journey, transactional_db, django_capture_on_commit_callbacks, tmp_path
):
    city = build_city(capture=django_capture_on_commit_callbacks)
    today = timezone.localdate()
    page = journey.page
    journey.login("an")
    journey.shot("home")

    # The insurance step before the import: nobody in the register yet, so not met.
    open_insurance_step(journey)
    computed = page.locator("p", has_text="Volgens het register")
    expect(computed).to_contain_text("niet voldaan")
    expect(computed).to_contain_text("Er is nog niemand actief in het register van je dienst")

    # To the import page through the menu and the register.
    open_register(journey, "Bibliotheek De Krook")
    expect(page.locator(".ui-empty")).to_contain_text("Nog geen vrijwilligers in het register")
    page.get_by_role("link", name="Lijst importeren").click()
    expect(page.locator("#import-help")).to_contain_text("Aanvaarde formaten: Excel (.xlsx")
    journey.shot("import page")

    # The template, with the Dutch headers.
    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon als CSV").click()
    template = download.value.path().read_bytes().decode("utf-8-sig")
    header = template.splitlines()[0]
    assert header.startswith("voornaam;achternaam;geboortedatum;startdatum;einddatum")
    # Filled in: two who started, one who starts in two weeks, and a line without first name.
    started, later = today - datetime.timedelta(days=30), today + datetime.timedelta(days=14)
    empty = ";" * (header.count(";") - 4)
    lines = [
        header,
        f"Lies;Van Acker;17/05/1990;{in_file(started)}{empty}",
        f"Jonas;Peeters;03/11/1988;{in_file(started)}{empty}",
        f";Maes;01/01/1970;{in_file(started)}{empty}",
        f"Fien;De Smet;12/12/2000;{in_file(later)}{empty}",
    ]
    filled = tmp_path / "vrijwilligers.csv"
    filled.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    # Upload: the check runs (eagerly here) and the preview names the bad line.
    page.get_by_label("Vrijwilligerslijst").set_input_files(str(filled))
    page.get_by_role("button", name="Bestand nakijken").click()
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("3 nieuwe vrijwilligers")
    expect(summary).to_contain_text("1 regel die niet geïmporteerd kan worden")
    bad_line = page.locator(".import-row--error")
    expect(bad_line.locator("td").first).to_have_text("4")
    expect(bad_line).to_contain_text("niet geïmporteerd: voornaam ontbreekt")
    journey.shot("import preview")
    assert Volunteer.objects.count() == 0

    # Confirm: the result, then back to the register.
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator("#import-summary")).to_contain_text("Geïmporteerd:")
    expect(page.locator("#import-summary")).to_contain_text("3 nieuwe vrijwilligers")
    journey.shot("import result")
    page.get_by_role("link", name="Naar het register").click()
    expect(page.locator("#counter-active")).to_have_text(re.compile(r"^\s*2\s+Actieve"))
    expect(page.locator("#counter-upcoming")).to_have_text(re.compile(r"^\s*1\s+Start later"))
    fien = page.get_by_role("row", name=re.compile("De Smet, Fien"))
    expect(fien).to_contain_text(f"start op {day(later)}")
    expect(fien).to_contain_text(f"verzekerd vanaf {day(later)}")
    expect(page.get_by_role("row", name=re.compile("Peeters, Jonas"))).to_contain_text(
        f"verzekerd sinds {day(started)}")
    journey.shot("register after the import")

    # The counter "Start later" opens the list of who starts later.
    page.get_by_role("link", name="1 Start later").click()
    expect(page.locator("#register-list-title")).to_have_text("Start later")
    expect(page.locator(".register-row")).to_have_count(1)
    journey.shot("register: starting later")

    # The insurance step is met now.
    open_insurance_step(journey)
    expect(computed).not_to_contain_text("niet voldaan")
    expect(computed).to_contain_text("voldaan Alle 2 actieve vrijwilligers zijn verzekerd.")

    # Jonas stops: the confirmation says what happens to his cover.
    open_register(journey, "Bibliotheek De Krook")
    page.get_by_role("link", name="Peeters, Jonas").click()
    expect(page.locator("h1")).to_have_text("Jonas Peeters")
    journey.shot("Jonas")
    page.get_by_role("link", name="Engagement beëindigen").click()
    outlook = page.locator("#end-outlook")
    expect(outlook).to_contain_text("De ongevallenverzekering via Bibliotheek De Krook stopt")
    journey.shot("end engagement: confirmation")
    page.get_by_role("link", name="Terug").click()
    expect(page.locator("h1")).to_have_text("Jonas Peeters")
    journey.shot("Jonas again")
    assert Engagement.objects.filter(end_date__isnull=False).count() == 0
    page.get_by_role("link", name="Engagement beëindigen").click()
    journey.shot("end engagement: confirmation again")
    page.get_by_role("button", name="Engagement beëindigen").click()
    expect(page.locator(".ui-message")).to_have_text(
        f"Het engagement van Jonas Peeters bij Bibliotheek De Krook eindigt op {day(today)}.")
    expect(page.locator("#cover-state")).to_have_text(
        f"Verzekerd van {day(started)} tot {day(today)}.")
    journey.shot("Jonas after the end")
    jonas = Volunteer.objects.get(last_name="Peeters")
    assert jonas.engagements.get().end_date == today
    assert InsuranceCoverage.objects.get(person=jonas.person_id).insured_to == today
    assert city.department.engagements.count() == 3

    # The insurer's list is the Vrijwilligerspunt's, of the whole city: not in her menu.
    expect(page.get_by_role("navigation").get_by_role(
        "link", name="Lijst voor de verzekeraar")).to_have_count(0)
    # The consultant takes it: who is insured today (Jonas until tonight; Fien only from
    # her first day).
    journey.login("sofie")
    page.get_by_role("link", name="Vrijwilligersregister", exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name="Lijst voor de verzekeraar").click()
    expect(page.locator("h1")).to_have_text("Lijst voor de verzekeraar")
    journey.shot("insurer's list")
    page.get_by_label("Formaat").select_option("csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Downloaden").click()
    insured = download.value.path().read_bytes().decode("utf-8-sig")
    assert [line.split(";")[3] for line in insured.splitlines()[1:]] == ["Jonas", "Lies"]


def take_and_do(journey, task_title: str):
    """On a task's "take" page: take it and go straight to its form."""
    page = journey.page
    expect(page.locator("h1")).to_contain_text(task_title)
    journey.shot(f"take {task_title}")
    page.get_by_role("button", name="De taak nemen en nu uitvoeren").click()
    expect(page.locator(".onboarding-intro")).to_be_visible()


def choose(page, label: str, option: str):
    """Pick an option in one of viewflow's Material selects."""
    page.get_by_role("button", name=re.compile(label)).click()
    page.get_by_role("option", name=option).click()
    # the menu has closed (its fade-out would show over the next fields in a screenshot)
    expect(page.locator(".mdc-menu-surface--open, .mdc-menu-surface--animating-closed")
           ).to_have_count(0)


def test_coordinator_onboards_a_volunteer_and_follows_the_c45b_warning(
    journey, transactional_db, django_capture_on_commit_callbacks
):
    build_city(capture=django_capture_on_commit_callbacks)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    filed = today - datetime.timedelta(days=3)
    page = journey.page
    journey.login("an")
    journey.shot("home")

    # The intake, through the menu.
    page.get_by_role("link", name="Onthaal vrijwilligers", exact=True).click()
    journey.shot("onboarding dashboard")
    page.get_by_role("link", name="Intake", exact=True).click()
    expect(page.locator("h1")).to_have_text("Intake van een nieuwe vrijwilliger")
    page.get_by_label("Voornaam").fill("Mira")
    page.get_by_label("Achternaam").fill("Claeys")
    page.locator("input[name=date_of_birth]").fill("1995-04-02")
    page.locator("input[name=start_date]").fill(start.isoformat())
    page.get_by_label("Taken").fill("voorlezen")
    journey.shot("intake")
    page.get_by_role("button", name="Intake registreren en verder").click()

    # The information note: given before the start.
    take_and_do(journey, "Organisatienota gegeven")
    expect(page.locator(".onboarding-intro")).to_contain_text(
        "Mira Claeys de organisatienota van Bibliotheek De Krook kreeg")
    page.locator("input[name=given_on]").fill((start - datetime.timedelta(days=2)).isoformat())
    choose(page, "Hoe", "Op papier ondertekend")
    journey.shot("information note")
    page.get_by_role("button", name="Organisatienota registreren en verder").click()

    # The duty to report: unemployed, the C45B filed only after the start.
    take_and_do(journey, "Meldingsplicht nagekeken")
    choose(page, "Uitkering", "Werkloosheidsuitkering (formulier C45B, RVA)")
    page.locator("input[name=filed_on]").fill(filed.isoformat())
    journey.shot("duty to report")
    page.get_by_role("button", name="Meldingsplicht registreren en verder").click()

    # Insured, then active.
    take_and_do(journey, "Verzekerd")
    expect(page.locator(".onboarding-intro")).to_contain_text(f"vanaf de start, {day(start)}")
    journey.shot("insure")
    page.get_by_role("button", name="Aanmelden op de polis en verder").click()
    take_and_do(journey, "Actief")
    journey.shot("activate")
    page.get_by_role("button", name="Actief zetten en verder").click()
    expect(page.locator("h1")).to_have_text("Onthaal van Mira Claeys")
    expect(page.locator(".onboarding-panel")).to_contain_text(f"actief sinds {day(start)}")
    journey.shot("onboarding done")
    mira = Volunteer.objects.get(last_name="Claeys")
    engagement = mira.engagements.get()
    assert engagement.status == Engagement.Status.ACTIVE
    assert mira.person.coverages.get().insured_from == start

    # The register warns about her C45B, by name; the counter opens her in the list.
    open_register(journey, "Bibliotheek De Krook")
    expect(page.locator("#c45b-warnings")).to_contain_text(
        "Mira Claeys: gestart voor het formulier C45B werd ingediend")
    page.get_by_role("link", name="1 C45B-waarschuwingen").click()
    expect(page.locator("#register-list-title")).to_have_text("C45B-waarschuwingen")
    expect(page.locator(".register-row")).to_have_count(1)
    journey.shot("register: C45B warnings")
    page.locator("#c45b-warnings").get_by_role("link", name="Mira Claeys").click()
    expect(page.locator("h1")).to_have_text("Mira Claeys")
    expect(page.locator(f"#engagement-{engagement.pk}")).to_contain_text(
        f"Formulier C45B (werkloos): ingediend op {day(filed)}, nog geen antwoord")
    journey.shot("Mira")
    assert BenefitDeclaration.objects.get().engagement == engagement


def test_auditor_sees_the_registers_numbers_but_no_names(
    journey, transactional_db, django_capture_on_commit_callbacks
):
    city = build_city(capture=django_capture_on_commit_callbacks)
    from insurance import services

    lies = services.volunteer_register(
        actor=city.coordinator, department=city.department, first_name="Lies",
        last_name="Van Acker", date_of_birth=datetime.date(1990, 5, 17))
    services.engagement_start(actor=city.coordinator, volunteer=lies,
                              start_date=timezone.localdate() - datetime.timedelta(days=5))
    page = journey.page
    journey.login("marc")
    journey.shot("home")

    page.get_by_role("link", name="Vrijwilligersregister", exact=True).click()
    expect(page.locator("h1")).to_have_text("Vrijwilligersregister")
    library = page.get_by_role("row", name=re.compile("Bibliotheek De Krook"))
    expect(library).to_contain_text("1")
    expect(library.get_by_role("link")).to_have_count(1)  # the department only, no counter
    expect(page.get_by_role("link", name="Lijst voor de verzekeraar")).to_have_count(0)
    journey.shot("register overview")
    library.get_by_role("link", name="Bibliotheek De Krook").click()
    expect(page.locator("#counter-active")).to_contain_text("1")
    expect(page.locator("body")).not_to_contain_text("Van Acker")
    expect(page.locator("body")).to_contain_text("Je ziet enkel aantallen")
    expect(page.get_by_role("link", name="Lijst importeren")).to_have_count(0)
    journey.shot("register of the library")


def test_the_office_cancels_an_onboarding_after_reading_what_happens(
    journey, transactional_db, django_capture_on_commit_callbacks, client
):
    # given An registered Mira's intake and took the next task
    city = build_city(capture=django_capture_on_commit_callbacks)
    client.force_login(city.coordinator)
    client.post(reverse("onboarding:start:execute"), {
        "department": city.department.pk, "first_name": "Mira", "last_name": "Claeys",
        "date_of_birth": "1995-04-02", "tasks": "bar",
        "start_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    })
    process = OnboardingProcess.objects.get()
    task = Task.objects.get(process=process, finished__isnull=True)
    client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    page = journey.page

    # An finds the task in her inbox, by its title and Mira's name
    journey.login("an")
    journey.shot("home")
    page.get_by_role("link", name="Onthaal vrijwilligers", exact=True).click()
    journey.shot("onboarding dashboard")
    page.get_by_role("link", name=re.compile("^Postvak")).click()
    row = page.get_by_role("row", name=re.compile("Organisatienota gegeven"))
    expect(row).to_contain_text("Mira Claeys · Bibliotheek De Krook")
    expect(page.locator("body")).not_to_contain_text(f"#{process.pk}/{task.pk}")
    journey.shot("An's onboarding inbox")

    # Sofie (the office) opens the onboarding from the list and cancels it
    journey.login("sofie")
    journey.shot("home")
    page.get_by_role("link", name="Onthaal vrijwilligers", exact=True).click()
    journey.shot("onboarding dashboard")
    page.locator("a.mdc-fab").click()  # the dashboard's button to the list of onboardings
    journey.shot("onboardings")
    page.get_by_role("link", name="Mira Claeys · Bibliotheek De Krook").click()
    expect(page.locator("h1")).to_have_text("Onthaal van Mira Claeys")
    journey.shot("Mira's onboarding")
    page.get_by_role("link", name="Dit onthaal annuleren").click()
    expect(page.locator("h1")).to_have_text("Het onthaal van Mira Claeys annuleren?")
    expect(page.locator("#cancel-outlook")).to_contain_text(
        "Organisatienota gegeven (An Peeters)")
    journey.shot("cancel: what happens")
    page.get_by_role("link", name="Terug").click()
    expect(page.locator("h1")).to_have_text("Onthaal van Mira Claeys")
    journey.shot("Mira's onboarding again")
    process.refresh_from_db()
    assert process.status == "NEW"
    page.get_by_role("link", name="Dit onthaal annuleren").click()
    journey.shot("cancel: what happens, again")
    page.get_by_role("button", name="Onthaal annuleren").click()
    expect(page.locator("vf-snackbar")).to_contain_text("Het onthaal is geannuleerd")
    expect(page.get_by_role("row", name=re.compile("Mira Claeys"))).to_contain_text("Geannuleerd")
    journey.shot("after the cancel")
    process.refresh_from_db()
    assert process.status == "CANCELED"
    assert AuditEvent.objects.filter(event_type="ONBOARDING_CANCELLED").count() == 1
