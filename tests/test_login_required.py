"""Every page needs a login; the login page and the language switch do not."""

import pytest

ANONYMOUS_REFUSED = [
    "/beleid/kader/",
    "/beleid/diensten/",
    "/workflows/",
    "/stepplan/inbox/",
    "/stepplan/queue/",
    "/stepplan/archive/",
    "/stepplan/flows/",
    "/insurance/overzicht/",
    "/insurance/export/",
    "/onboarding/inbox/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ANONYMOUS_REFUSED)
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.django_db
def test_login_page_and_language_switch_work_without_login(client):
    assert client.get("/accounts/login/").status_code == 200

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert "Username" in client.get("/accounts/login/").content.decode()
