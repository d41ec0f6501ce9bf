"""The office's overview of all departments in the browser.

- Sofie (Vrijwilligerspunt) opens "Alle diensten" from the menu, filters to the OCMW
  departments with overdue steps, downloads the matrix as XLSX and as CSV (both read back),
  opens the overdue cell and reaches the step's own page.
- Marc (auditor) reads the overview: it says he reads it, and it offers nothing to change.
- An (coordinator of the library) has no menu entry, and the address answers 403.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect

from beleid.services.departments import coordinator_add, department_create
from tests import factories
from tests.e2e.scenario import approve_through_services, build_city
from workflows.services.rounds import round_start

pytestmark = pytest.mark.e2e


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    """The journeys' city (the library and the museums, Stad Gent, due in 30 days; the
    library's vision approved) and two OCMW departments added to this year's round: a care
    home whose vision was due yesterday (overdue) and a social centre that is on time."""
    city = build_city(capture=django_capture_on_commit_callbacks)
    approve_through_services(city, "vision")
    care = department_create(
        actor=None, name="Woonzorgcentrum Zonnebloem", slug="wzc-zonnebloem",
        organisation="ocmw", cluster="Zorg en Gezondheid", welfare_decree=True)
    social = department_create(
        actor=None, name="Sociaal Huis", slug="sociaal-huis", organisation="ocmw",
        cluster="Welzijn")
    carla = factories.UserFactory(username="carla", first_name="Carla", last_name="Smet")
    coordinator_add(actor=None, department=care, user=carla)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for department, vision_due in ((care, yesterday), (social, city.due)):
        dues = {step.code: city.due for step in city.framework.steps.all()}
        dues["vision"] = vision_due
        with django_capture_on_commit_callbacks(execute=True):
            round_start(year=today.year, framework_version=city.framework,
                        departments=[department], due_dates=dues, actor=city.consultant)
    city.yesterday = yesterday
    return city


def rows_of(page):
    return page.locator("#office-matrix tbody tr")


def test_the_consultant_filters_exports_and_reaches_the_overdue_step(journey, city):
    page = journey.page
    year = timezone.localdate().year
    with override("nl-be"):
        due = date_format(city.yesterday, "DATE_FORMAT")

    # Sofie lands on her home and opens "Alle diensten" from the menu
    journey.login("sofie")
    journey.shot("home")
    page.locator("vf-page-menu-navigation").get_by_role("link", name="Alle diensten").click()
    expect(page.get_by_role("heading", name=f"Alle diensten · ronde {year}")).to_be_visible()
    expect(rows_of(page)).to_have_count(4)
    figures = page.locator(".office-figures")
    expect(figures).to_contain_text("Stappen te laat")
    expect(page.locator("#figure-overdue")).to_have_text("1")
    expect(page.locator("#figure-fully-approved")).to_have_text("0 van 4")
    expect(page.locator("#department-bibliotheek-de-krook")).to_contain_text("Goedgekeurd")
    expect(page.locator(".office-chart__svg")).to_be_visible()
    journey.shot("all departments")

    # she keeps the OCMW departments with overdue steps
    page.get_by_label("Stad / OCMW").select_option(label="OCMW Gent")
    page.get_by_label("Alleen met stappen te laat").check()
    page.get_by_role("button", name="Tonen").click()
    expect(rows_of(page)).to_have_count(1)
    care = page.locator("#department-wzc-zonnebloem")
    expect(care).to_contain_text("Woonzorgcentrum Zonnebloem")
    expect(care).to_contain_text(f"Wordt ingevuld te laat (deadline {due})")
    expect(page.locator("#figure-overdue")).to_have_text("1")
    journey.shot("ocmw departments with overdue steps")

    # she downloads what she sees, as XLSX and as CSV, and both open
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als XLSX").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()),
                                      read_only=True)
    table = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert table[0][:5] == ["Dienst", "Bestuur", "Cluster", "Welzijnsdecreet", "Visie"]
    assert len(table) == 2
    assert table[1][:5] == ["Woonzorgcentrum Zonnebloem", "OCMW Gent", "Zorg en Gezondheid",
                            "ja", f"Wordt ingevuld, te laat (deadline {due})"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows] == ["Dienst", "Woonzorgcentrum Zonnebloem"]
    assert rows[1][4] == f"Wordt ingevuld, te laat (deadline {due})"

    # she opens the overdue cell: the vision's requirements and their checklist status
    care.get_by_role("link", name="Wordt ingevuld te laat").click()
    expect(page.get_by_role("heading", name="Visie", exact=True)).to_be_visible()
    section = page.locator("#step-vision")
    expect(section).to_contain_text("VIS-01")
    expect(section).to_contain_text("Niet gestart")
    expect(section).to_contain_text("te laat")
    journey.shot("the overdue cell")

    # and from there the step's own page
    page.get_by_role("link", name="De stap openen").click()
    expect(page).to_have_url(re.compile(r"/stepplan/\d+/vision/\d+/"))
    expect(page.locator("body")).to_contain_text("Visie")
    journey.shot("the step")


def test_the_auditor_reads_the_overview(journey, city):
    page = journey.page
    journey.login("marc")
    journey.shot("home")
    # the auditor's home links to the overview too
    page.get_by_role("link", name="Alle diensten", exact=True).click()
    expect(rows_of(page)).to_have_count(4)
    expect(page.locator(".office-read-only")).to_have_text(
        "Je leest dit overzicht: van hieruit kan je niets wijzigen.")
    expect(page.locator("#office-overview form[method=post]")).to_have_count(0)
    journey.shot("the auditor reads all departments")


def test_a_coordinator_has_no_overview_of_all_departments(journey, city):
    page = journey.page
    journey.login("an")
    journey.shot("home")
    expect(page.get_by_role("link", name="Alle diensten")).to_have_count(0)
    response = page.goto(journey.base_url + reverse("overview:office"))
    assert response.status == 403
    expect(page.locator("body")).to_contain_text(
        "Het overzicht van alle diensten is voor het Vrijwilligerspunt en de auditors.")
    expect(page.locator("body")).not_to_contain_text("Musea Gent")
    expect(page.locator("body")).not_to_contain_text("Zonnebloem")
    journey.shot("no access")
