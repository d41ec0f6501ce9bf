"""The site as a whole: every application's pages render with a working menu."""

import pytest

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
