"""The office's overview of all departments: the matrix of a round, its filters and orders,
the totals per step and per department, the figures at the top, the progress over the rounds
and the drill-down to a department's step. Every figure is checked against the small city of
`conftest.city`, built through the services and the step plan's pages."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from insurance.selectors import register_totals
from overview import office_selectors
from tests import factories
from workflows.models import StepPlanTask

from .conftest import THIS_YEAR, plan

URL = reverse("overview:office")


@pytest.fixture
def office(client, city):
    """The consultant's browser, in English."""
    client.force_login(city.consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    return client


def shown(response) -> list[str]:
    """The departments of the matrix, in the order of its rows (by their short names)."""
    assert response.status_code == 200
    return re.findall(r'<tr id="department-([\w-]+)"', response.content.decode())


def text(response) -> str:
    page = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --- the matrix -------------------------------------------------------------------------------


def test_the_matrix_shows_every_department_of_the_latest_round_with_each_steps_status_in_words(
    office, city
):
    response = office.get(URL)

    assert shown(response) == ["bibliotheek", "musea", "wzc"]
    rows = {row.department_slug: row for row in response.context["rows"]}
    assert [(cell.step_code, cell.label, cell.overdue) for cell in rows["bibliotheek"].cells] == [
        ("vision", "Approved", False), ("onboarding", "Submitted for review", False),
        ("insurance", "Being completed", False), ("training", "Being completed", False),
    ]
    assert [(c.label, c.overdue) for c in rows["wzc"].cells][0] == ("Submitted for review", True)
    assert (rows["bibliotheek"].approved, rows["bibliotheek"].steps_total) == (1, 4)
    page = text(response)
    due = date_format(city.yesterday, "DATE_FORMAT")
    # in words and colour: the overdue cell says so, with its due date
    assert f"Being completed overdue (due {due})" in page
    assert f"Submitted for review overdue (due {due})" in page
    assert "1 of 4" in page and "0 of 4" in page
    html = response.content.decode()
    assert 'class="office-cell office-cell--approved"' in html
    assert 'class="office-cell office-cell--overdue"' in html
    # every cell leads to its drill-down
    cell_url = reverse("overview:office_cell", args=[THIS_YEAR, "musea"]) + "?stap=vision"
    assert f'href="{cell_url}"' in html


def test_the_totals_per_step_count_each_status_and_the_overdue_steps(office, city):
    response = office.get(URL)

    totals = {total.step.code: total for total in response.context["overview"].totals}
    assert totals["vision"].counts == {"approved": 1, "open": 1, "submitted": 1}
    assert totals["vision"].overdue == 2
    assert totals["onboarding"].counts == {"open": 2, "submitted": 1}
    assert totals["onboarding"].overdue == 0
    assert totals["training"].counts == {"open": 3}
    page = text(response)
    assert "1 being completed 1 submitted for review 1 approved 2 overdue" in page
    assert "Total of 3 departments" in page


def test_the_figures_at_the_top_count_steps_register_and_training(office, city):
    figures = office.get(URL).context["figures"]

    assert figures.departments == 3
    assert figures.fully_approved == 0
    assert figures.waiting_for_review == 2  # the library's onboarding, the care home's vision
    assert figures.overdue == 2  # the museums' vision (open), the care home's (submitted)
    # Lies (library and care home: one person), Jan, Rik, Nora; Nora's cover is gone
    assert (figures.register.active, figures.register.insured) == (4, 3)
    assert figures.register.insured_percent == 75
    assert figures.register.open_duty_to_report == 1  # Rik: unemployed, no declaration
    assert figures.trained == 2  # the library's and the museums' coordinators
    assert figures.training_lapses_soon == 1  # the museums'


def test_the_figures_follow_the_filters(office, city):
    figures = office.get(URL, {"organisation": "ocmw"}).context["figures"]

    assert (figures.departments, figures.waiting_for_review, figures.overdue) == (1, 1, 1)
    assert (figures.register.active, figures.register.insured,
            figures.register.open_duty_to_report) == (2, 2, 1)
    assert (figures.trained, figures.training_lapses_soon) == (0, 0)


def test_a_department_with_every_step_approved_counts_as_fully_approved(
    office, client, city
):
    from tests.workflows.conftest import review_step, submit_step

    library = plan(city.library)
    review_step(client, library, "onboarding", city.consultant)
    for code in ("insurance", "training"):
        submit_step(client, library, code, city.coordinator)
        review_step(client, library, code, city.consultant)
    client.force_login(city.consultant)

    response = office.get(URL)

    assert response.context["figures"].fully_approved == 1
    assert "1 of 3" in text(response)


def test_the_register_figures_follow_a_change_at_once(office, city):
    # given the office looked at the overview (its register figures are kept: figures_cache)
    before = office.get(URL).context["figures"].register

    # when a coordinator registers a new volunteer (an audit event)
    factories.active_volunteer(city.library, actor=city.coordinator, first_name="Nieuw",
                               last_name="Lid")
    after = office.get(URL).context["figures"].register

    # then the next look counts them
    assert (after.active, after.insured) == (before.active + 1, before.insured + 1)


def test_register_totals_count_persons_once_in_one_query(city, django_assert_num_queries):
    ids = [city.library.pk, city.care.pk]
    with django_assert_num_queries(1):
        totals = register_totals(department_ids=ids)
    assert (totals.active, totals.insured, totals.open_duty_to_report) == (3, 3, 1)


# --- filters and orders -------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ({"organisation": "ocmw"}, ["wzc"]),
    ({"organisation": "stad"}, ["bibliotheek", "musea"]),
    ({"cluster": "Cultuur"}, ["bibliotheek", "musea"]),
    ({"welfare_decree": "yes"}, ["wzc"]),
    ({"welfare_decree": "no"}, ["bibliotheek", "musea"]),
    ({"status": "approved"}, ["bibliotheek"]),
    ({"status": "submitted"}, ["bibliotheek", "wzc"]),
    ({"status": "submitted", "step": "vision"}, ["wzc"]),
    ({"status": "open", "step": "vision"}, ["musea"]),
    ({"overdue": "on"}, ["musea", "wzc"]),
    ({"overdue": "on", "organisation": "ocmw"}, ["wzc"]),
    ({"overdue": "on", "step": "onboarding"}, []),
    ({"year": "2025"}, ["bibliotheek", "musea"]),
    ({"year": "2025", "status": "approved"}, ["bibliotheek"]),
])
def test_the_filters_keep_the_departments_they_name(office, city, query, expected):
    assert shown(office.get(URL, query)) == expected


def test_the_consultant_filter_keeps_the_departments_whose_steps_they_reviewed(office, city):
    response = office.get(URL, {"reviewer": city.consultant.pk})
    assert shown(response) == ["bibliotheek"]
    # last year too: the library's vision, reviewed by the same consultant
    assert shown(office.get(URL, {"reviewer": city.consultant.pk, "year": 2025})) == [
        "bibliotheek"]


def test_a_consultant_who_reviewed_nothing_is_no_choice(office, city):
    response = office.get(URL, {"reviewer": city.other_consultant.pk})
    assert response.context["form"].errors["reviewer"]
    assert shown(response) == ["bibliotheek", "musea", "wzc"]


def test_an_empty_filter_result_says_so(office, city):
    response = office.get(URL, {"status": "cancelled"})
    assert shown(response) == []
    assert "No department matches these filters." in text(response)


@pytest.mark.parametrize(("sort", "expected"), [
    ("name", ["bibliotheek", "musea", "wzc"]),
    ("most_approved", ["bibliotheek", "musea", "wzc"]),
    ("fewest_approved", ["musea", "wzc", "bibliotheek"]),
    ("most_overdue", ["musea", "wzc", "bibliotheek"]),
])
def test_the_rows_sort_by_name_progress_or_overdue(office, city, sort, expected):
    assert shown(office.get(URL, {"sort": sort})) == expected


def test_the_filter_form_labels_every_control(office, city):
    html = office.get(URL).content.decode()
    for name in ("year", "organisation", "cluster", "welfare_decree", "step", "status",
                 "overdue", "reviewer", "sort"):
        assert f'<label for="id_{name}"' in html, name


def test_a_hundred_departments_a_page(office, city, monkeypatch):
    from overview.office_views import OfficeOverviewView

    monkeypatch.setattr(OfficeOverviewView, "DEPARTMENTS_PER_PAGE", 2)
    first = office.get(URL)
    second = office.get(URL, {"page": 2})
    assert (shown(first), shown(second)) == (["bibliotheek", "musea"], ["wzc"])
    # the figures and totals are of every filtered department, not of the page
    assert second.context["figures"].departments == 3
    assert "Page 2 of 2" in text(second)


def test_no_round_yet_says_so(client, consultant):
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    response = client.get(URL)
    assert response.status_code == 200
    assert "No yearly round has been started yet." in text(response)


# --- progress over the rounds -------------------------------------------------------------


def test_the_progress_over_the_rounds_is_a_chart_with_its_table(office, city):
    response = office.get(URL)

    progress = response.context["progress"]
    assert [(y.year, y.departments, y.steps, y.approved, y.percent) for y in progress] == [
        (2025, 2, 8, 1, 12), (2026, 3, 12, 1, 8)]
    html = response.content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="office-chart-caption"' in svg
    assert svg.count("<rect") == 2
    assert "12 %" in svg and "2025" in svg
    main = html[html.index('id="office-overview"'):]
    assert " style=" not in main and "<script" not in main
    assert 'id="office-progress"' in html  # the same figures as a table


def test_the_progress_follows_the_department_filters(office, city):
    progress = office.get(URL, {"organisation": "ocmw"}).context["progress"]
    assert [(y.year, y.departments, y.steps, y.approved) for y in progress] == [
        (2026, 1, 4, 0)]


def test_the_chart_bars_are_as_high_as_the_share_approved():
    bars = office_selectors.progress_bars([
        office_selectors.YearProgress(year=2025, departments=2, steps=4, approved=4),
        office_selectors.YearProgress(year=2026, departments=2, steps=4, approved=1),
    ])
    assert [(bar.percent, bar.height) for bar in bars] == [
        (100, office_selectors.CHART_HEIGHT), (25, office_selectors.CHART_HEIGHT // 4)]
    assert bars[1].x > bars[0].x + bars[0].width


# --- the drill-down -----------------------------------------------------------------------


def test_a_cell_shows_the_steps_requirements_with_their_status_and_opens_the_step(office, city):
    response = office.get(
        reverse("overview:office_cell", args=[THIS_YEAR, "bibliotheek"]), {"stap": "vision"})

    assert response.status_code == 200
    page = text(response)
    assert "Bibliotheek: the step plan of 2026" in page
    assert "VIS-01 Vereiste VIS-01" in page and "VIS-02 Vereiste VIS-02" in page
    assert "Met" in page
    assert "Onboarding" in page  # the other steps are one link away
    assert 'id="step-onboarding"' not in response.content.decode()
    task = StepPlanTask.objects.filter(
        process=plan(city.library), data__step="vision").order_by("-created", "-pk").first()
    step_url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
    assert f'href="{step_url}"' in response.content.decode()
    assert "Open the step" in page


def test_a_department_without_a_cell_choice_shows_every_step(office, city):
    response = office.get(reverse("overview:office_cell", args=[THIS_YEAR, "wzc"]))
    html = response.content.decode()
    for code in ("vision", "onboarding", "insurance", "training"):
        assert f'id="step-{code}"' in html
    assert "ONB-99" in html  # the agreement note of the welfare decree
    assert "overdue" in text(response)


def test_a_department_not_in_the_round_has_no_drill_down(office, city):
    response = office.get(reverse("overview:office_cell", args=[2025, "wzc"]))
    assert response.status_code == 404
