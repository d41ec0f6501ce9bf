"""The register's pages over HTTP: counters and the lists behind them, one row per person, the
future-start rule, C45B warnings by name, ending an engagement with its confirmation, the
import template, and query counts that do not grow with the rows."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from beleid.models import AuditEvent
from insurance import selectors, services
from insurance.models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
)
from insurance.volunteer_import.file_reader import read_register_file
from tests import factories

D = datetime.date  # today is Friday 14 March 2025 (frozen_today)


@pytest.fixture
def dutch():
    with translation.override("nl-be"):
        yield


def register_page(client, department, **params):
    return client.get(reverse("insurance:department", args=[department.slug]), params)


def names(response) -> list[str]:
    return [v.full_name for v in response.context["page_obj"]]


@pytest.fixture
def city(register, coordinator, department, other_department):
    """One of each kind in the library, and someone in the museums."""
    _ok, ok = register(first_name="Goed", start=D(2025, 3, 1))
    services.information_note_record(actor=coordinator, engagement=ok,
                                     given_on=D(2025, 2, 20), method=InformationNote.Method.PAPER)
    register(first_name="Zondernota", start=D(2025, 3, 1))
    later, _ = register(first_name="Later", start=D(2025, 4, 1))
    benefit, with_benefit = register(first_name="Uitkering", start=D(2025, 3, 3))
    services.volunteer_check_duty_to_report(actor=coordinator, volunteer=benefit,
                                            benefit=Benefit.UNEMPLOYED)
    c45b, late = register(first_name="Laat", start=D(2025, 3, 3))
    services.volunteer_check_duty_to_report(actor=coordinator, volunteer=c45b,
                                            benefit=Benefit.UNEMPLOYED)
    services.declaration_record(actor=coordinator, engagement=late,
                                kind=BenefitDeclaration.Kind.C45B, filed_on=D(2025, 3, 10))
    _bare, bare = register(first_name="Onverzekerd", start=D(2025, 3, 1))
    bare.volunteer.person.coverages.all().delete()  # as an old import error left it
    _gone, gone = register(first_name="Weg", start=D(2024, 1, 1))
    services.engagement_end(actor=coordinator, engagement=gone, end_date=D(2025, 1, 31))
    register(first_name="Museum", target=other_department)
    return {"later": later, "c45b": c45b}


# --- counters and the lists behind them -----------------------------------------------------


def test_each_counter_opens_the_list_of_exactly_the_people_it_counts(client, coordinator,
                                                                     department, city):
    client.force_login(coordinator)
    gaps = selectors.register_gaps(department=department)
    expected = {
        "active": ["Goed", "Laat", "Onverzekerd", "Uitkering", "Zondernota"],
        "upcoming": ["Later"],
        "without_cover": ["Onverzekerd"],
        "without_note": ["Laat", "Onverzekerd", "Uitkering", "Zondernota"],
        "without_declaration": ["Uitkering"],
        "c45b": ["Laat"],
    }
    for gap, people in expected.items():
        response = register_page(client, department, filter=gap)
        assert [name.split()[0] for name in names(response)] == people, gap
        assert gaps.count(gap) == len(people), gap
    # everyone whose engagement has not ended, the one starting later included
    everyone = [n.split()[0] for n in names(register_page(client, department))]
    assert everyone == ["Goed", "Laat", "Later", "Onverzekerd", "Uitkering", "Zondernota"]


def test_the_counters_link_to_their_lists_on_the_overview_and_the_register(
    client, coordinator, department, city
):
    client.force_login(coordinator)
    url = reverse("insurance:department", args=[department.slug])
    overview = client.get(reverse("insurance:overview")).content.decode()
    page = register_page(client, department).content.decode()
    for gap in ("active", "upcoming", "without_cover", "without_note", "without_declaration",
                "c45b"):
        assert f'href="{url}?filter={gap}"' in overview
        assert f'href="{url}?filter={gap}"' in page


def test_a_future_start_counts_as_starting_later_not_as_active(client, coordinator, department,
                                                               register, dutch):
    # given one volunteer who starts on 1 April (today is 14 March)
    register(first_name="Fien", last_name="De Smet", start=D(2025, 4, 1))
    # then the gaps of many departments, of one, and the page agree
    bulk = selectors.register_gaps_many(departments=[department])[department.pk]
    single = selectors.register_gaps(department=department)
    assert (bulk.active, bulk.upcoming) == (single.active, single.upcoming) == (0, 1)
    client.force_login(coordinator)
    response = register_page(client, department)
    counters = {c["gap"]: c["count"] for c in response.context["counters"]}
    assert (counters["active"], counters["upcoming"]) == (0, 1)
    content = response.content.decode()
    assert "start op 1 april 2025" in content
    assert "verzekerd vanaf 1 april 2025" in content
    assert "actief sinds" not in content


def test_one_row_per_person_with_each_of_their_engagements(client, coordinator, department,
                                                           register, dutch):
    volunteer, _first = register(first_name="Lies", start=D(2025, 1, 6))
    services.engagement_start(actor=coordinator, volunteer=volunteer, start_date=D(2025, 3, 1),
                              tasks="voorlezen")
    client.force_login(coordinator)
    response = register_page(client, department)
    assert names(response) == ["Lies Van Acker"]
    row = response.context["page_obj"][0]
    assert [e.start_date for e in row.register_engagements] == [D(2025, 1, 6), D(2025, 3, 1)]
    content = response.content.decode()
    assert "actief sinds 6 januari 2025" in content
    assert "voorlezen: actief sinds 1 maart 2025" in content
    assert "verzekerd sinds 6 januari 2025" in content
    assert selectors.register_gaps(department=department).active == 1


def test_a_volunteer_without_cover_shows_not_insured(client, coordinator, department, city,
                                                     dutch):
    client.force_login(coordinator)
    content = register_page(client, department, filter="without_cover").content.decode()
    assert "niet verzekerd" in content


def test_search_keeps_the_filter_and_pagination_keeps_both(client, coordinator, department,
                                                           register):
    for n in range(52):
        register(first_name=f"Jan{n:02d}", last_name="Peeters")
    client.force_login(coordinator)
    first = register_page(client, department, filter="active", q="Peeters")
    assert len(first.context["page_obj"]) == 50
    assert 'href="?filter=active&amp;q=Peeters&amp;page=2"' in first.content.decode()
    second = register_page(client, department, filter="active", q="Peeters", page=2)
    assert names(second) == ["Jan50 Peeters", "Jan51 Peeters"]


def test_an_unknown_filter_shows_everyone(client, coordinator, department, city):
    client.force_login(coordinator)
    response = register_page(client, department, filter="nonsense")
    assert response.status_code == 200
    assert response.context["gap"] is None
    assert len(names(response)) == 6


# --- C45B warnings, and who sees names ------------------------------------------------------


def test_c45b_warnings_name_the_person_to_who_may_see_names(client, coordinator, auditor,
                                                            department, city, dutch):
    volunteer = city["c45b"]
    client.force_login(coordinator)
    content = register_page(client, department).content.decode()
    detail = reverse("insurance:volunteer_detail", args=[volunteer.pk])
    assert f'<a href="{detail}">Laat Van Acker</a>' in content
    assert "gestart voor het formulier C45B werd ingediend" in content
    assert f"#{volunteer.pk}" not in content
    client.force_login(auditor)
    response = register_page(client, department)
    content = response.content.decode()
    assert "Van Acker" not in content and f"#{volunteer.pk}" not in content
    assert response.context["c45b_warnings"] == []
    assert {c["gap"]: c["count"] for c in response.context["counters"]}["c45b"] == 1
    assert all(c["url"] is None for c in response.context["counters"])
    # filtered lists are no way around it either
    assert register_page(client, department, filter="c45b").context["page_obj"] is None


def test_a_later_c45b_form_for_new_tasks_does_not_warn(register, coordinator, department):
    # given a C45B filed in time (answered), and a second one when the tasks changed
    volunteer, engagement = register(first_name="Lies", start=D(2025, 3, 3))
    services.declaration_record(actor=coordinator, engagement=engagement,
                                kind=BenefitDeclaration.Kind.C45B, filed_on=D(2025, 2, 10),
                                answer=BenefitDeclaration.Answer.ACCEPTED,
                                answered_on=D(2025, 2, 20))
    services.declaration_record(actor=coordinator, engagement=engagement,
                                kind=BenefitDeclaration.Kind.C45B, filed_on=D(2025, 3, 12))
    # then no warning: the first form is the one due before the start
    assert selectors.register_gaps(department=department).c45b_warnings == []


def test_other_coordinator_cannot_open_the_filtered_lists(client, other_coordinator,
                                                          department, city):
    client.force_login(other_coordinator)
    assert register_page(client, department, filter="c45b").status_code == 404


# --- ending an engagement -------------------------------------------------------------------


def end_url(engagement):
    return reverse("insurance:engagement_end", args=[engagement.pk])


def test_the_confirmation_says_the_cover_ends_with_the_engagement(client, coordinator,
                                                                  register, dutch):
    volunteer, engagement = register(first_name="Jonas", last_name="Peeters")
    client.force_login(coordinator)
    response = client.get(end_url(engagement))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Het engagement van Jonas Peeters bij Bibliotheek beëindigen?" in content
    assert ("De ongevallenverzekering via Bibliotheek stopt op diezelfde dag: het "
            "Vrijwilligerspunt meldt Jonas Peeters af bij de verzekeraar, tenzij Jonas Peeters "
            "elders voor de stad vrijwilligerswerk doet.") in content
    assert ">Engagement beëindigen</button>" in content
    assert ">Terug</a>" in content
    assert response.context["form"]["end_date"].value() == D(2025, 3, 14)
    assert Engagement.objects.get().end_date is None  # asking changes nothing


def test_the_confirmation_says_the_cover_goes_on_with_another_engagement_here(
    client, coordinator, register, dutch
):
    volunteer, engagement = register(first_name="Jonas", last_name="Peeters",
                                     start=D(2025, 1, 6))
    services.engagement_start(actor=coordinator, volunteer=volunteer, start_date=D(2025, 3, 1))
    client.force_login(coordinator)
    content = client.get(end_url(engagement)).content.decode()
    assert ("De ongevallenverzekering loopt door: Jonas Peeters is nog actief in een ander "
            "engagement bij Bibliotheek.") in content


def test_the_confirmation_says_nothing_of_an_engagement_in_another_department(
    client, coordinator, register, other_department, dutch
):
    # given Jonas, also active in the museums
    volunteer, engagement = register(first_name="Jonas", last_name="Peeters")
    register(first_name="Jonas", last_name="Peeters", target=other_department,
             start=D(2025, 1, 6))
    client.force_login(coordinator)
    # when the library asks what ending its engagement does
    content = client.get(end_url(engagement)).content.decode()
    # then it reads as for someone who volunteers nowhere else
    assert "De ongevallenverzekering via Bibliotheek stopt op diezelfde dag" in content
    assert "loopt door" not in content
    assert "Musea" not in content and "6 januari 2025" not in content


def test_ending_an_engagement_ends_it_and_the_cover(client, coordinator, register, dutch):
    volunteer, engagement = register(first_name="Jonas", last_name="Peeters")
    client.force_login(coordinator)
    response = client.post(end_url(engagement), {"end_date": "2025-03-13"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("insurance:volunteer_detail",
                                                     args=[volunteer.pk])
    assert ("Het engagement van Jonas Peeters bij Bibliotheek eindigt op 13 maart 2025."
            in response.content.decode())
    assert Engagement.objects.get().end_date == D(2025, 3, 13)
    assert InsuranceCoverage.objects.get().insured_to == D(2025, 3, 13)
    # and asking again only says so
    again = client.get(end_url(engagement))
    assert again.status_code == 302


def test_a_last_day_before_the_start_is_refused_next_to_the_field(client, coordinator, register,
                                                                  dutch):
    _volunteer, engagement = register(start=D(2025, 3, 1))
    client.force_login(coordinator)
    response = client.post(end_url(engagement), {"end_date": "2025-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "De laatste dag kan niet voor de start liggen (1 maart 2025)."]
    assert Engagement.objects.get().end_date is None
    assert not AuditEvent.objects.filter(event_type="ENGAGEMENT_ENDED").exists()


@pytest.mark.parametrize("who", ["other_coordinator", "auditor"])
def test_others_cannot_see_or_end_the_engagement(request, client, register, who):
    _volunteer, engagement = register()
    client.force_login(request.getfixturevalue(who))
    assert client.get(end_url(engagement)).status_code == 404
    assert client.post(end_url(engagement), {"end_date": "2025-03-13"}).status_code == 404
    assert Engagement.objects.get().end_date is None
    assert InsuranceCoverage.objects.get().insured_to is None


def test_the_office_may_end_an_engagement(client, consultant, register):
    _volunteer, engagement = register()
    client.force_login(consultant)
    assert client.get(end_url(engagement)).status_code == 200
    assert client.post(end_url(engagement), {"end_date": "2025-03-13"}).status_code == 302
    assert Engagement.objects.get().end_date == D(2025, 3, 13)


def test_the_volunteer_page_links_to_the_confirmation(client, coordinator, register):
    volunteer, engagement = register()
    client.force_login(coordinator)
    content = client.get(reverse("insurance:volunteer_detail",
                                 args=[volunteer.pk])).content.decode()
    assert f'href="{end_url(engagement)}"' in content
    assert "<form" not in content.split('class="ui-table register-engagement-list"')[1]


# --- the import template --------------------------------------------------------------------

TEMPLATE_HEADERS = ["voornaam", "achternaam", "geboortedatum", "startdatum", "einddatum",
                    "email", "telefoon", "adres", "noodcontact", "taken"]


def test_the_csv_template_has_the_dutch_headers_and_reads_back(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("insurance:import_template_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="vrijwilligerslijst-sjabloon.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig") == ";".join(TEMPLATE_HEADERS) + "\r\n"
    assert read_register_file(response.content) == []


def test_the_xlsx_template_has_the_headers_and_an_explanation(client, auditor, dutch):
    client.force_login(auditor)  # no personal data in it: anyone signed in
    response = client.get(reverse("insurance:import_template_xlsx"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    first, explanation = workbook.worksheets
    assert [cell.value for cell in first[1]] == TEMPLATE_HEADERS
    assert explanation.title == "Toelichting"
    assert [row[:2] for row in explanation.iter_rows(min_row=2, max_row=5, values_only=True)] == [
        ("voornaam", "ja"), ("achternaam", "ja"), ("geboortedatum", "ja"), ("startdatum", "ja")]
    assert read_register_file(response.content) == []


def test_the_template_asks_the_national_number_only_when_the_insurer_does(client, coordinator,
                                                                          settings):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    client.force_login(coordinator)
    header = client.get(reverse("insurance:import_template_csv")).content.decode("utf-8-sig")
    assert header.strip().endswith(";rijksregisternummer")


def test_the_template_needs_a_login(client):
    response = client.get(reverse("insurance:import_template_csv"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_import_page_states_the_formats_and_offers_both_templates(client, coordinator,
                                                                      department, dutch):
    client.force_login(coordinator)
    content = client.get(reverse("insurance:import_upload",
                                 args=[department.slug])).content.decode()
    assert "Aanvaarde formaten: Excel (.xlsx" in content
    assert f'href="{reverse("insurance:import_template_csv")}"' in content
    assert f'href="{reverse("insurance:import_template_xlsx")}"' in content
    assert 'accept=".csv,.xlsx,text/csv"' in content


# --- the preview's plurals ------------------------------------------------------------------


def test_the_preview_counts_in_dutch_plurals(client, coordinator, department, frozen_today,
                                             django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (b"voornaam;achternaam;geboortedatum;startdatum\r\n"
            b"Lies;Van Acker;17/05/1990;01/03/2025\r\nMo;Benali;03/11/1988;01/03/2025\r\n")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insurance:import_upload", args=[department.slug]),
                               {"file": SimpleUploadedFile("lijst.csv", data)})
    content = client.get(response.url).content.decode()
    assert "<li>2 nieuwe vrijwilligers</li>" in content
    assert "regel die niet" not in content


# --- query counts ---------------------------------------------------------------------------


def page_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_the_register_page_costs_the_same_queries_for_2_or_25_people(
    client, coordinator, department, register
):
    def add_people(numbers):
        for n in numbers:
            volunteer, _ = register(first_name=f"V{n:02d}")
            if n % 2:  # a second engagement here, and a C45B warning
                services.engagement_start(actor=coordinator, volunteer=volunteer,
                                          start_date=D(2025, 3, 10))
                services.declaration_record(
                    actor=coordinator, engagement=volunteer.engagements.first(),
                    kind=BenefitDeclaration.Kind.C45B, filed_on=D(2025, 3, 5))

    client.force_login(coordinator)
    url = reverse("insurance:department", args=[department.slug])
    client.get(url)  # the first request of a session fills its caches
    add_people(range(2))
    few, response = page_queries(client, url)
    assert len(response.context["page_obj"]) == 2
    add_people(range(2, 25))
    many, response = page_queries(client, url)
    assert len(response.context["page_obj"]) == 25
    assert few == many <= 15


@pytest.mark.parametrize("who", ["consultant", "coordinator"])
def test_the_overview_costs_the_same_queries_for_2_or_25_departments(
    request, client, register, who
):
    user = request.getfixturevalue(who)

    def add_departments(count):
        for _n in range(count):
            target = factories.DepartmentFactory()
            if who == "coordinator":
                target.coordinators.add(user)
            register(first_name=f"V{target.pk:03d}", target=target)

    client.force_login(user)
    url = reverse("insurance:overview")
    client.get(url)
    add_departments(1)  # and the library
    few, response = page_queries(client, url)
    assert len(response.context["rows"]) == 2
    add_departments(23)
    many, response = page_queries(client, url)
    assert len(response.context["rows"]) == 25
    assert few == many <= 11
