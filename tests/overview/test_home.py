"""Every role's home: each figure and row against data built through the services, scoping
(a coordinator never sees another department's data), the empty states, the landing after
login and the menu in each role's order."""

import datetime
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from beleid import roles
from insurance import services as register
from insurance.models import Benefit, BenefitDeclaration
from kennisdeling.models import Article
from overview import home_selectors
from tests import factories
from tests.e2e.scenario import review_through_services, submit_through_services
from tests.kennisdeling.conftest import make_session
from tests.kennisdeling.factories import article
from workflows.models import PlanStep, StepPlanProcess
from workflows.services.rounds import round_start

TODAY = datetime.date(2025, 3, 14)  # a Friday
PAST_DUE = datetime.date(2025, 3, 1)
LATER_DUE = datetime.date(2025, 6, 30)
HOME = "/overview/"


@pytest.fixture
def frozen():
    moment = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dutch():
    with translation.override("nl-be"):
        yield


def start_round(framework, departments, actor, capture, *, year=2025):
    """The round of `year`: the vision due 1 March (so overdue today), the rest end of June."""
    due = {step.code: LATER_DUE for step in framework.steps.all()}
    due["vision"] = PAST_DUE
    with capture(execute=True):
        return round_start(year=year, framework_version=framework, departments=departments,
                           due_dates=due, actor=actor)


def city_of(plan, coordinator, consultant):
    """What the scenario's helpers need to move a plan on (`tests.e2e.scenario`)."""
    return SimpleNamespace(plan=plan, department=plan.department, coordinator=coordinator,
                           consultant=consultant)


def volunteer(department, actor, first_name, *, start=datetime.date(2025, 3, 1),
              informed=True, insured=True, benefit=Benefit.NONE):
    """A volunteer engaged in `department` through the services, with the gaps asked for."""
    person = register.volunteer_register(
        actor=actor, department=department, first_name=first_name, last_name="Van Acker",
        date_of_birth=datetime.date(1990, 5, 17), benefit=benefit)
    engagement = register.engagement_start(actor=actor, volunteer=person, start_date=start)
    if informed:
        register.information_note_record(
            actor=actor, engagement=engagement, given_on=start - datetime.timedelta(days=2),
            method="paper")
    if not insured:
        # What an import error leaves behind: cover removed by hand.
        person.person.coverages.all().delete()
    return person, engagement


@pytest.fixture
def city(frozen, framework, department, other_department, coordinator, other_coordinator,
         consultant, django_capture_on_commit_callbacks):
    """The library (the coordinator's) and the museums (another coordinator's) in the round
    of 2025. The library submitted its vision on 10 March and the consultant returned its
    onboarding; the museums have not started. The library's register: one volunteer without
    cover, one without information note, one with a duty to report and no declaration; the
    museums': two volunteers without cover, one C45B filed after the start."""
    frozen.move_to(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC))
    start_round(framework, [department, other_department], consultant,
                django_capture_on_commit_callbacks)
    library = StepPlanProcess.objects.get(department=department)
    museums = StepPlanProcess.objects.get(department=other_department)
    moving = city_of(library, coordinator, consultant)
    submit_through_services(moving, "onboarding")
    review_through_services(moving, "onboarding", approve=False,
                            comment="Voeg de ondertekende organisatienota toe.")
    frozen.move_to(datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC))
    submit_through_services(moving, "vision", vision_text="Onze visie.")
    frozen.move_to(datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC))
    volunteer(department, coordinator, "Onverzekerd", insured=False)
    volunteer(department, coordinator, "Ongeinformeerd", informed=False)
    volunteer(department, coordinator, "Uitkering", benefit=Benefit.UNEMPLOYED)
    volunteer(department, coordinator, "Goed")
    volunteer(other_department, other_coordinator, "Museum1", insured=False)
    volunteer(other_department, other_coordinator, "Museum2", insured=False)
    _late, engagement = volunteer(other_department, other_coordinator, "Laat",
                                  benefit=Benefit.UNEMPLOYED)
    register.declaration_record(actor=other_coordinator, engagement=engagement,
                                kind=BenefitDeclaration.Kind.C45B,
                                filed_on=datetime.date(2025, 3, 5))
    return SimpleNamespace(library=library, museums=museums)


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("overview:index"))
    assert response.status_code == 200
    return response


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index('<div class="overview-home"'):]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


# --- landing ------------------------------------------------------------------------------------


def test_the_login_and_the_site_root_lead_to_the_home(client, coordinator):
    response = client.post(reverse("login"), {"username": "coordinator",
                                              "password": "geheim-wachtwoord"})
    assert (response.status_code, response["Location"]) == (302, HOME)

    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].endswith(HOME)
    assert response.templates[0].name == "overview/home_coordinator.html"


def test_an_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("make", "template"), [
    (factories.consultant, "overview/home_office.html"),
    (factories.administrator, "overview/home_office.html"),
    (factories.auditor, "overview/home_auditor.html"),
    (lambda: factories.coordinator_of(factories.DepartmentFactory()),
     "overview/home_coordinator.html"),
    (factories.UserFactory, "overview/home_no_role.html"),
])
def test_every_role_gets_its_own_home(client, db, make, template):
    response = home(client, make())
    assert response.templates[0].name == template


# --- the office: what needs me today -----------------------------------------------------------


def test_the_consultants_home_lists_what_needs_them_today(client, city, consultant, department,
                                                         other_department):
    response = home(client, consultant)
    today = response.context["home"]

    # the vision of the library waits since 10 March: 4 days, linked to its review task
    [waiting] = today.reviews.rows
    assert (waiting.plan_step.process.department, waiting.plan_step.step.code,
            waiting.days_waiting, today.reviews.total) == (department, "vision", 4, 1)
    assert re.fullmatch(rf"/stepplan/{city.library.pk}/vision_review/\d+/", waiting.url)
    # the vision (due 1 March) is overdue in both plans, 13 days; by department name
    assert [(row.plan_step.process.department.name, row.plan_step.step.code, row.days_overdue)
            for row in today.overdue.rows] == [("Bibliotheek", "vision", 13),
                                               ("Musea", "vision", 13)]
    # volunteers without cover per department, the most first
    assert [(row.department, row.count) for row in today.uninsured.rows] == [
        (other_department, 2), (department, 1)]
    # duty to report: no declaration in the library, a C45B filed after the start at the museums
    assert [(row.department, row.gap, row.count) for row in today.duty_to_report.rows] == [
        (department, "without_declaration", 1), (other_department, "c45b", 1)]
    # the museums have not started their plan; the library has
    assert [plan.department for plan in today.not_started.rows] == [other_department]
    assert today.gap_departments == 2


def test_the_consultants_home_links_each_row_to_the_page_behind_it(client, city, consultant,
                                                                  dutch):
    response = home(client, consultant)
    html = response.content.decode()
    waiting = response.context["home"].reviews.rows[0]

    assert f'href="{waiting.url}">Vision van Bibliotheek nakijken</a>' in html
    assert 'href="/insurance/diensten/musea/?filter=without_cover"' in html
    assert 'href="/insurance/diensten/bibliotheek/?filter=without_declaration"' in html
    assert 'href="/insurance/diensten/musea/?filter=c45b"' in html
    assert f'href="/stepplan/{city.museums.pk}/"' in html
    assert 'href="/overview/alle-diensten/"' in html
    assert 'href="/admin/"' not in html
    text = text_of(response)
    assert "Wat vraagt vandaag mijn aandacht" in text
    assert "wacht 4 dagen" in text
    assert "13 dagen te laat" in text
    assert "2 vrijwilligers zonder verzekering in Musea" in text


def test_the_gap_links_open_the_filtered_register(client, city, consultant):
    client.force_login(consultant)
    response = client.get("/insurance/diensten/musea/?filter=without_cover")
    assert response.status_code == 200
    names = sorted(v.first_name for v in response.context["page_obj"])
    assert names == ["Museum1", "Museum2"]


def test_the_administrator_gets_the_consultants_home_and_the_admin(client, city, administrator):
    response = home(client, administrator)
    assert response.context["home"].reviews.total == 1
    assert 'href="/admin/"' in response.content.decode()


def test_the_office_home_says_when_nothing_needs_them(client, consultant, dutch):
    response = home(client, consultant)
    today = response.context["home"]
    assert (today.reviews.total, today.overdue.total, today.uninsured.total,
            today.duty_to_report.total, today.not_started.total, today.round) == (
        0, 0, 0, 0, 0, None)
    text = text_of(response)
    assert "Geen stap wacht op nazicht." in text
    assert "Geen stap is te laat." in text
    assert "Elke actieve vrijwilliger is verzekerd." in text
    assert "Er is nog geen jaarronde gestart." in text


def test_the_office_home_lists_ten_and_says_how_many_more(client, frozen, framework, consultant,
                                                           django_capture_on_commit_callbacks):
    departments = [factories.DepartmentFactory() for _ in range(12)]
    start_round(framework, departments, consultant, django_capture_on_commit_callbacks)

    today = home(client, consultant).context["home"]

    assert (len(today.not_started.rows), today.not_started.total, today.not_started.more) == (
        10, 12, 2)
    assert (len(today.overdue.rows), today.overdue.total) == (10, 12)


# --- the coordinator's home ----------------------------------------------------------------------


def test_the_coordinators_home_shows_their_departments_work(client, city, coordinator,
                                                             department, consultant):
    # given a published article, a draft, and an upcoming training session
    article(actor=consultant, title="Een visie schrijven")
    article(actor=consultant, title="Nog in opmaak", status=Article.Status.DRAFT)
    make_session(consultant, title="Basisvorming")

    mine = home(client, coordinator).context["home"]

    # the plan: nothing approved yet of the four steps
    [progress] = mine.departments
    assert (progress.department, progress.plan, progress.approved, progress.total) == (
        department, city.library, 0, 4)
    # the returned onboarding, with the consultant's comment and a link to its checklist
    [returned] = mine.returned
    assert (returned.plan_step.step.code, returned.review.comment, returned.review.reviewer) == (
        "onboarding", "Voeg de ondertekende organisatienota toe.", consultant)
    assert re.fullmatch(rf"/stepplan/{city.library.pk}/onboarding/\d+/", returned.url)
    # open tasks: the checklists of onboarding, insurance, training (the vision is submitted),
    # soonest due first, each with the step's due date
    assert [(row.step.step.code, row.due_date) for row in mine.tasks.rows] == [
        ("onboarding", LATER_DUE), ("insurance", LATER_DUE), ("training", LATER_DUE)]
    # what the register misses, each a count of the filtered list
    assert [(line.gap, line.count) for line in mine.register] == [
        ("without_cover", 1), ("without_note", 1), ("without_declaration", 1)]
    assert [session.title for session in mine.trainings] == ["Basisvorming"]
    assert [a.title for a in mine.articles] == ["Een visie schrijven"]


def test_the_coordinators_home_links_and_words(client, city, coordinator, dutch):
    response = home(client, coordinator)
    html = response.content.decode()
    text = text_of(response)

    assert 'href="/insurance/diensten/bibliotheek/?filter=without_cover"' in html
    assert 'href="/insurance/diensten/bibliotheek/?filter=without_note"' in html
    assert 'href="/insurance/diensten/bibliotheek/?filter=without_declaration"' in html
    assert f'href="/stepplan/{city.library.pk}/"' in html
    assert "Voeg de ondertekende organisatienota toe." in text
    assert "0 van 4 stappen goedgekeurd" in text
    assert "Teruggestuurd met opmerkingen" in text


def test_a_coordinator_never_sees_another_departments_data(client, city, other_coordinator,
                                                           other_department, department):
    response = home(client, other_coordinator)
    mine = response.context["home"]

    assert [row.department for row in mine.departments] == [other_department]
    assert mine.returned == []
    assert {row.department for row in mine.tasks.rows} == {other_department}
    assert [(line.department, line.gap, line.count) for line in mine.register] == [
        (other_department, "without_cover", 2), (other_department, "c45b", 1)]
    html = response.content.decode()
    assert department.name not in text_of(response)
    assert f"/insurance/diensten/{department.slug}/" not in html
    assert f"/stepplan/{city.library.pk}/" not in html
    assert "organisatienota" not in html


def test_the_coordinators_home_says_when_all_is_done(client, coordinator, dutch):
    response = home(client, coordinator)
    mine = response.context["home"]
    assert (mine.round, mine.tasks.total, mine.returned, mine.register, mine.trainings,
            mine.articles) == (None, 0, [], [], [], [])
    text = text_of(response)
    assert "Er is nog geen jaarronde gestart." in text
    assert "Je hebt geen open taak." in text
    assert "Er ontbreekt niets" in text


# --- the auditor's home -----------------------------------------------------------------------


def test_the_auditors_home_shows_departments_and_years(client, city, auditor, department,
                                                        other_department, dutch):
    response = home(client, auditor)
    seen = response.context["home"]

    [round_] = seen.rounds
    assert (round_.year, round_.department_count, round_.signed_off_count) == (2025, 2, 0)
    assert [(d, [(c.year, c.plan_id, c.approved, c.total) for c in cells])
            for d, cells in seen.rows] == [
        (department, [(2025, city.library.pk, 0, 4)]),
        (other_department, [(2025, city.museums.pk, 0, 4)]),
    ]
    html = response.content.decode()
    assert 'href="/beleid/diensten/bibliotheek/audit/"' in html
    assert 'href="/beleid/diensten/musea/audit/"' in html
    assert 'href="/overview/alle-diensten/"' in html
    text = text_of(response)
    assert 'href="/reports/"' in html
    assert "Maak het PDF-rapport van een dienst" in text
    # read-only: no review to do, no register names
    assert "nakijken" not in text
    assert "Van Acker" not in html


def test_the_auditors_home_without_rounds(client, auditor, department, dutch):
    response = home(client, auditor)
    assert response.context["home"].rows == [(department, [])]
    assert "Er is nog geen jaarronde gestart." in text_of(response)


# --- nobody's home -----------------------------------------------------------------------------


def test_somebody_without_a_role_learns_whom_to_ask(client, db, dutch, settings):
    response = home(client, factories.UserFactory(username="nieuw"))
    text = text_of(response)
    assert "Je hebt nog geen rol" in text
    assert settings.DEFAULT_FROM_EMAIL in text
    assert response.context.get("home") is None


# --- the menu in each role's order --------------------------------------------------------------


def menu_of(response) -> list[str]:
    html = response.content.decode()
    # the page's menus: the application's own, the site's, the user's
    site_menu = html.split("<vf-page-menu-navigation")[2]
    return re.findall(r'href="/([a-z]+)/"', site_menu)


@pytest.mark.parametrize(("make", "order"), [
    (factories.consultant,
     ["overview", "stepplan", "workflows", "insurance", "onboarding", "kennisdeling", "beleid",
      "reports"]),
    (factories.auditor,
     # the onboarding names volunteers: not in an auditor's menu
     ["overview", "beleid", "workflows", "stepplan", "insurance", "kennisdeling", "reports"]),
    (lambda: factories.coordinator_of(factories.DepartmentFactory()),
     ["overview", "stepplan", "insurance", "onboarding", "kennisdeling", "beleid", "workflows"]),
])
def test_the_menu_is_in_the_order_of_what_each_role_does_most(client, db, make, order):
    assert menu_of(home(client, make())) == order


def test_the_menu_of_somebody_without_a_role_starts_with_what_they_may_read(client, db):
    order = menu_of(home(client, factories.UserFactory()))
    assert order[:3] == ["overview", "kennisdeling", "beleid"]


def test_the_home_role_prefers_the_office_then_the_auditor(db, department):
    user = factories.coordinator_of(department)
    assert home_selectors.home_role(user) == "coordinator"
    user = type(user).objects.get(pk=user.pk)
    user.groups.add(Group.objects.get_or_create(name=roles.AUDITOR)[0])
    assert home_selectors.home_role(user) == "auditor"
    user = type(user).objects.get(pk=user.pk)
    user.groups.add(Group.objects.get_or_create(name=roles.CONSULTANT)[0])
    assert home_selectors.home_role(user) == "office"


# --- English ------------------------------------------------------------------------------------


def test_the_homes_speak_english_too(client, city, consultant, coordinator):
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    text = text_of(client.get(HOME, HTTP_ACCEPT_LANGUAGE="en"))
    assert "What needs me today" in text
    assert "waiting 4 days" in text
    client.force_login(coordinator)
    text = text_of(client.get(HOME, HTTP_ACCEPT_LANGUAGE="en"))
    assert "0 of 4 steps approved" in text
    assert "Returned with comments" in text


def test_a_plan_step_is_counted_once_per_status(city):
    # the figures above rest on the plan as the services left it
    assert sorted(PlanStep.objects.filter(process=city.library).values_list(
        "step__code", "status")) == [("insurance", "open"), ("onboarding", "returned"),
                                     ("training", "open"), ("vision", "submitted")]


def test_the_office_homes_warnings_are_the_registers_counters(city, department,
                                                             other_department):
    # the office's home counts all registers at once (insurance.selectors
    # register_warnings_many): the same numbers as each register's own counters
    from beleid.models import Department
    from insurance.selectors import register_gaps_many, register_warnings_many

    # given three more C45B filings at the museums: started inside the 12 working days
    # without an answer (a warning), answered in time, and filed long before the start
    coordinator = other_department.coordinators.get()
    for name, filed_on, answer in (
        ("Binnen", datetime.date(2025, 3, 3), BenefitDeclaration.Answer.NONE),
        ("Beantwoord", datetime.date(2025, 3, 3), BenefitDeclaration.Answer.ACCEPTED),
        ("Vroeg", datetime.date(2025, 1, 6), BenefitDeclaration.Answer.NONE),
    ):
        _person, engagement = volunteer(other_department, coordinator, name,
                                        start=datetime.date(2025, 3, 10),
                                        benefit=Benefit.UNEMPLOYED)
        register.declaration_record(
            actor=coordinator, engagement=engagement, kind=BenefitDeclaration.Kind.C45B,
            filed_on=filed_on, answer=answer,
            answered_on=datetime.date(2025, 3, 7) if answer != "none" else None)

    warnings = register_warnings_many(departments=Department.objects.all())
    gaps = register_gaps_many(departments=[department, other_department])

    for pk in (department.pk, other_department.pk):
        assert [warnings[pk].count(gap) for gap in ("without_cover", "without_declaration",
                                                    "c45b")] == [
            gaps[pk].count(gap) for gap in ("without_cover", "without_declaration", "c45b")]
        assert warnings[pk].c45b_warnings == gaps[pk].c45b_warnings
    assert [warnings[other_department.pk].count(g) for g in ("without_cover", "c45b")] == [2, 2]
