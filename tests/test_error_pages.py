"""The pages where things stop: 404, 403 and 500 in Dutch, in the site's style, each with a
way back; and a forgotten password, from the request to the Dutch e-mail."""

import re

from django.core import mail
from django.test import Client, RequestFactory
from django.utils import translation

from config.views import server_error


def test_a_missing_page_says_so_in_dutch_with_a_way_back(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/beleid/diensten/bestaat-niet/", HTTP_REFERER="http://testserver/workflows/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Pagina niet gevonden · Vrijwilligersbeleid Gent</title>" in html
    assert "Deze pagina bestaat niet (meer)." in html
    assert re.search(r'<a class="[^"]*ui-home-link" href="/">', html)
    assert re.search(r'<a class="[^"]*ui-back-link" href="http://testserver/workflows/"', html)
    assert "Naar de startpagina" in html and "Terug" in html


def test_without_a_referring_page_terug_goes_back_in_the_browsers_history(client, coordinator):
    client.force_login(coordinator)

    html = client.get("/nergens/").content.decode()

    assert re.search(r'ui-back-link" href="/" data-history-back>', html)


def test_a_refused_page_says_what_may_not_be_done_and_whom_to_ask(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/workflows/start/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Geen toegang · Vrijwilligersbeleid Gent</title>" in html
    name = coordinator.get_full_name() or coordinator.username
    assert f"{name}, je mag deze pagina niet openen." in html
    assert "Een coördinator ziet en wijzigt alleen de gegevens van de eigen diensten" in html
    assert '<a href="mailto:vrijwilligerspunt@stad.gent">vrijwilligerspunt@stad.gent</a>' in html
    assert "Naar de startpagina" in html and "Terug" in html
    assert 'href="/accounts/login/?next=/workflows/start/"' in html


def test_a_refused_action_says_it_is_the_action(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/workflows/start/", {})

    assert response.status_code == 403
    assert "je mag deze actie niet uitvoeren." in response.content.decode()


def test_the_server_error_page_is_dutch_and_needs_no_request_context():
    request = RequestFactory().get("/")

    with translation.override("nl-be"):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Er ging iets mis · Vrijwilligersbeleid Gent</title>" in html
    assert "Probeer het over enkele minuten opnieuw." in html
    assert "vrijwilligerspunt@stad.gent" in html
    assert "Naar de startpagina" in html


def test_the_password_reset_pages_are_dutch_and_in_the_sites_style(client, coordinator):
    html = client.get("/accounts/password_reset/").content.decode()

    assert "<title>Wachtwoord vergeten? · Vrijwilligersbeleid Gent</title>" in html
    assert "vf-page-lockscreen" in html and "Django" not in html
    assert 'for="id_email"' in html
    assert "Stuur me de link" in html and "Terug naar aanmelden" in html


def test_a_forgotten_password_comes_by_dutch_email_with_a_working_link(client, coordinator):
    response = client.post("/accounts/password_reset/", {"email": coordinator.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert "Kijk in je mailbox" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Een nieuw wachtwoord voor Vrijwilligersbeleid Gent"
    assert email.body.startswith(f"Dag {coordinator.get_full_name() or coordinator.username},")
    assert f"Je gebruikersnaam is: {coordinator.username}" in email.body
    assert "Het Vrijwilligerspunt van Stad Gent" in email.body
    assert " u " not in email.body and "uw" not in email.body.split()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)

    form = client.get(link, follow=True)

    assert "Kies een nieuw wachtwoord" in form.content.decode()
    assert 'for="id_new_password1"' in form.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, coordinator):
    response = client.post("/accounts/password_reset/", {"email": "niemand@stad.gent"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_wrong_reset_link_says_it_no_longer_works(client, coordinator):
    html = client.get("/accounts/reset/MQ/abc-def/", follow=True).content.decode()

    assert "Deze link werkt niet meer" in html
    assert "Een nieuwe link aanvragen" in html


def test_an_expired_form_says_so_in_dutch(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post("/i18n/setlang/", {"language": "en"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Deze pagina is verlopen · Vrijwilligersbeleid Gent</title>" in html
    assert "laad de pagina opnieuw en probeer het nog eens" in html
