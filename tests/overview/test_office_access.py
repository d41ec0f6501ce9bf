"""Who may see the office's overview: the office (consultants, administrators) and auditors,
read-only; a department's coordinator gets 403 on the page, the exports and the drill-down,
and a refused request changes nothing. The menu shows the entry only to those who may."""

import pytest
from django.conf import settings
from django.urls import reverse

from beleid.models import AuditEvent
from workflows.models import ChecklistItem, PlanStep

from .conftest import THIS_YEAR

PAGES = {
    "page": reverse("overview:office"),
    "xlsx": reverse("overview:office_xlsx"),
    "csv": reverse("overview:office_csv"),
    "cell": reverse("overview:office_cell", args=[THIS_YEAR, "bibliotheek"]) + "?stap=vision",
}


def state():
    return {
        "steps": list(PlanStep.objects.order_by("pk").values_list("pk", "status")),
        "items": list(ChecklistItem.objects.order_by("pk").values_list("pk", "status")),
        "events": AuditEvent.objects.count(),
    }


@pytest.fixture
def administrator_user(city):
    from tests import factories

    return factories.administrator(username="beheerder")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["consultant", "auditor", "administrator"])
def test_the_office_and_auditors_see_the_overview(client, city, administrator_user, role, name):
    user = {"consultant": city.consultant, "auditor": city.auditor,
            "administrator": administrator_user}[role]
    client.force_login(user)
    before = state()

    response = client.get(PAGES[name])

    assert response.status_code == 200
    assert state() == before


@pytest.mark.parametrize("name", PAGES)
def test_a_coordinator_is_refused_everywhere_and_nothing_changes(client, city, name):
    client.force_login(city.coordinator)
    before = state()

    response = client.get(PAGES[name])

    assert response.status_code == 403
    assert "Bibliotheek" not in response.content.decode()
    assert "Musea" not in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, city, name):
    response = client.get(PAGES[name])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", PAGES)
def test_the_overview_takes_no_post_and_changes_nothing(client, city, name):
    client.force_login(city.auditor)
    before = state()
    response = client.post(PAGES[name], {"status": "approved"})
    assert response.status_code == 405
    assert state() == before


def test_the_auditor_reads_it_read_only(client, city):
    client.force_login(city.auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    page = client.get(PAGES["page"]).content.decode()
    assert "nothing can be changed from here" in page
    assert "<form" in page and 'method="post"' not in page.split('id="office-overview"')[1]

    client.force_login(city.consultant)
    page = client.get(PAGES["page"]).content.decode()
    assert "nothing can be changed from here" not in page


def test_the_menu_entry_is_only_for_those_who_may_see_the_page(client, city):
    for user, sees in ((city.consultant, True), (city.auditor, True),
                       (city.coordinator, False)):
        client.force_login(user)
        page = client.get(reverse("overview:index")).content.decode()
        assert (f'href="{PAGES["page"]}"' in page) is sees, user.username


def test_access_decides_through_beleid_access(city):
    from beleid.access import can_see_office_overview

    assert can_see_office_overview(city.consultant)
    assert can_see_office_overview(city.auditor)
    assert not can_see_office_overview(city.coordinator)
