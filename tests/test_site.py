"""The site as a whole: every application's pages render with a working menu, and
viewflow's own pages speak Dutch in the site's formats."""

import re

import pytest
from django.utils import translation

from tests.e2e.scenario import build_city

APP_PAGES = [
    "/beleid/kader/",
    "/beleid/diensten/",
    "/workflows/",
    "/workflows/start/",
    "/stepplan/inbox/",
    "/insurance/overzicht/",
    "/onboarding/inbox/",
]


@pytest.mark.parametrize("url", APP_PAGES)
def test_every_application_page_has_its_menu(client, consultant, department, url):
    client.force_login(consultant)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "No viewsets found" not in html
    assert "No applications found" not in html
    assert 'lang="nl-be"' in html


# --- viewflow's own pages, in Dutch and in the site's formats ---------------------------------

@pytest.fixture
def city(db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


def test_an_empty_viewflow_list_says_what_to_do_next(client, city):
    client.force_login(city.consultant)

    html = client.get("/stepplan/inbox/").content.decode()

    assert "<title>Postvak · Vrijwilligersbeleid Gent</title>" in html
    # The step plan's inbox says it in its own words (its `empty_message`).
    assert "Er wacht niets op jou. Taken verschijnen hier zodra" in html
    assert "vf-list__pagination" not in html
    assert "0-0" not in html


def test_viewflows_process_list_in_dutch_words_and_formats(client, city):
    client.force_login(city.consultant)

    html = client.get("/stepplan/flows/").content.decode()

    headers = re.findall(r'<th class="vf-list__table-header[^>]*>\s*<span>(.*?)</span>', html, re.S)
    assert headers == ["Dienst", "Jaar", "Status", "Open taken"]
    assert re.search(r"1-2\s+van 2", html)


def test_viewflows_inbox_footer_and_headers_in_dutch(client, city):
    client.force_login(city.coordinator)

    html = client.get("/stepplan/inbox/").content.decode()

    assert re.search(r"1-10\s+van 10", html)
    assert " of 10" not in html
    assert ">Taak</span>" in html and ">Deadline</span>" in html


def test_the_flow_chart_says_ja_and_nee(client, city):
    client.force_login(city.consultant)

    dutch = client.get("/stepplan/chart/").content.decode()
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = client.get("/stepplan/chart/", HTTP_IF_MODIFIED_SINCE="").content.decode()

    assert ">ja</text>" in dutch and ">nee</text>" in dutch
    assert ">yes</text>" not in dutch and ">no</text>" not in dutch
    assert ">yes</text>" in english and ">no</text>" in english
