"""The auditors' report pages (reports:index): auditors and the office only; the rounds with
their departments and a form to make a report; the archive of reports, newest first."""

import pytest
from django.urls import reverse

from beleid.documents.rendering import document_render_now
from beleid.models import Document
from tests.workflows.conftest import start


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def round_2024(framework, department, consultant, django_capture_on_commit_callbacks):
    return start(framework, [department], actor=consultant,
                 capture=django_capture_on_commit_callbacks)


@pytest.mark.parametrize("who", ["auditor", "consultant", "administrator"])
def test_auditors_and_the_office_see_the_page_and_the_menu_entry(client, request, who,
                                                                 round_2024, department):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert department.name in html
    assert reverse("beleid:document_request", args=["department_report"]) in html
    assert reverse("beleid:document_verify") in html
    home = client.get("/", follow=True).content.decode()
    assert f'href="{reverse("reports:index")}"' in home


def test_a_coordinator_is_refused_and_sees_no_menu_entry(client, coordinator, round_2024):
    client.force_login(coordinator)
    assert client.get(reverse("reports:index")).status_code == 403
    home = client.get("/", follow=True).content.decode()
    assert f'href="{reverse("reports:index")}"' not in home


def test_anonymous_goes_to_the_login(client):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_refused_request_makes_nothing(client, coordinator, department, round_2024,
                                         django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beleid:document_request", args=["department_report"]),
                               {"department": department.pk, "year": 2024, "as_of": ""})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_the_auditor_makes_a_report_and_finds_it_in_the_archive(
    client, auditor, consultant, department, round_2024, django_capture_on_commit_callbacks,
):
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beleid:document_request", args=["department_report"]),
                               {"department": department.pk, "year": 2024,
                                "as_of": "2024-01-31"})
    document = Document.objects.get()
    assert response["Location"] == reverse("beleid:document_status", args=[document.pk])
    assert document.state == Document.State.READY
    assert document.params == {"department_id": department.pk, "year": 2024,
                               "as_of": "2024-01-31"}
    older = document_render_now(kind="department_report", language="nl-be", requested_by=consultant,
                                params={"department_id": department.pk, "year": 2024,
                                        "as_of": None})
    html = client.get(reverse("reports:index")).content.decode()
    assert html.index(older.title) < html.index(document.title)
    assert "jaar 2024, toestand op 31 januari 2024" in html
    assert document.sha256 in html
    assert reverse("beleid:document_download", args=[document.pk]) in html
    # the office sees the auditor's report too
    client.force_login(consultant)
    assert document.title in client.get(reverse("reports:index")).content.decode()


def test_a_date_in_the_future_is_refused(client, auditor, department, round_2024):
    client.force_login(auditor)
    response = client.post(reverse("beleid:document_request", args=["department_report"]),
                           {"department": department.pk, "year": 2024, "as_of": "2999-01-01"})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_the_archive_is_paginated_newest_first(client, auditor, department, monkeypatch):
    from reports.views import ReportIndexView

    monkeypatch.setattr(ReportIndexView, "paginate_by", 2)
    for number in range(3):
        Document.objects.create(kind="department_report", title=f"Rapport {number}",
                                params={"department_id": department.pk, "year": 2024,
                                        "as_of": None},
                                requested_by=auditor, language="nl-be", department=department)
    client.force_login(auditor)
    first = client.get(reverse("reports:index")).content.decode()
    second = client.get(reverse("reports:index") + "?page=2").content.decode()
    assert "Rapport 2" in first and "Rapport 1" in first and "Rapport 0" not in first
    assert "Rapport 0" in second and "Rapport 2" not in second
    assert "Pagina 1 van 2" in first


def test_the_page_takes_as_many_queries_for_many_reports_as_for_one(
    client, auditor, department,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        for number in range(count):
            Document.objects.create(kind="department_report", title=f"Rapport {number}",
                                    params={"department_id": department.pk, "year": 2024,
                                            "as_of": None},
                                    requested_by=auditor, language="nl-be",
                                    department=department)

    client.force_login(auditor)
    make(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("reports:index")).status_code == 200
    make(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("reports:index")).status_code == 200
    assert len(many) == len(one)


def test_the_page_offers_the_city_report_and_the_extract_to_who_may_take_them(
    client, auditor, consultant, round_2024, django_capture_on_commit_callbacks,
):
    city = reverse("beleid:document_request", args=["city_report"])
    extract = reverse("beleid:document_request", args=["insurance_extract"])

    # the auditor: the city-wide report; the extract only with the register-extract permission
    client.force_login(auditor)
    html = client.get(reverse("reports:index")).content.decode()
    assert (city in html, extract in html) == (True, False)

    # the office: both, the insurer's copy included
    client.force_login(consultant)
    html = client.get(reverse("reports:index")).content.decode()
    assert (city in html, extract in html, 'name="insurer_copy"' in html) == (True, True, True)

    # and the city-wide report is made from the page's form
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(city, {"year": 2024})
    document = Document.objects.get()
    assert (document.kind, document.params, document.state) == (
        "city_report", {"year": 2024}, Document.State.READY)
