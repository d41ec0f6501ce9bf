"""Brute force: after LOGIN_FAILURE_LIMIT failed logins a user name (from any address) or an
address (for any user name) is locked for LOGIN_LOCKOUT_MINUTES, also for the right password,
with a Dutch message that says for how long; the lock and its lifting by the office (admin)
are audited. Password-reset requests are limited per address and per e-mail address, with the
same answer whether an account has the address or not."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beleid.models import AuditEvent, AuditEventType

PASSWORD = "geheim-wachtwoord"  # tests/factories.py UserFactory

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"
LOCKED_NL = (
    "Te veel mislukte aanmeldpogingen: aanmelden met deze gebruikersnaam of vanaf dit adres "
    "is 15 minuten geblokkeerd. Probeer het daarna opnieuw, of vraag een nieuw wachtwoord aan."
)
START = datetime.datetime(2025, 3, 14, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def log_in(username, password, *, address="10.1.1.1"):
    return Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password}
    )


def fail(times, username, *, address="10.1.1.1"):
    return [log_in(username, "fout-wachtwoord", address=address).status_code
            for _ in range(times)]


def lock_events(event_type=AuditEventType.LOGIN_LOCKED):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("pk")
                .values_list("actor_id", "before", "after"))


def test_the_settings_lock_after_five_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@time_machine.travel(START, tick=False)
def test_a_user_name_is_locked_after_the_set_number_of_failures_also_for_the_right_password(
    coordinator
):
    # given: four failures (the form says the password is wrong)
    assert fail(4, "coordinator") == [200] * 4

    # when: the fifth
    fifth = log_in("coordinator", "fout-wachtwoord")

    # then: locked, the login page says so and for how long
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED_NL in page
    assert '<form class="vf-form" method="POST">' in page
    # and the right password is refused as well, from another address too
    right = log_in("coordinator", PASSWORD, address="10.2.2.2")
    assert right.status_code == 429
    assert LOCKED_NL in right.content.decode()
    assert "_auth_user_id" not in right.wsgi_request.session
    coordinator.refresh_from_db()
    assert coordinator.last_login is None
    # and the lock is audited once, with who and where
    assert lock_events() == [(None, None, {
        "username": "coordinator", "ip_address": "10.1.1.1", "failures": 5, "minutes": 15})]


def test_the_lock_ends_after_the_wait(coordinator):
    with time_machine.travel(START, tick=False):
        fail(5, "coordinator")
    with time_machine.travel(START + datetime.timedelta(minutes=14, seconds=59), tick=False):
        assert log_in("coordinator", PASSWORD).status_code == 429

    # when: fifteen minutes after the failure that locked it
    with time_machine.travel(START + datetime.timedelta(minutes=15, seconds=1), tick=False):
        response = log_in("coordinator", PASSWORD)

    # then
    assert (response.status_code, response["Location"]) == (302, reverse("overview:index"))
    assert len(lock_events()) == 1


@time_machine.travel(START, tick=False)
def test_an_address_is_locked_for_every_user_name(coordinator, other_coordinator):
    # given: five failures from one address, each for another user name
    assert fail(1, "an") + fail(1, "bert") + fail(1, "els") + fail(1, "coordinator") == [200] * 4
    assert fail(1, "wie-dan-ook") == [429]

    # when: a real user with the right password, from that address
    from_there = log_in("other-coordinator", PASSWORD)
    # and from elsewhere
    elsewhere = log_in("other-coordinator", PASSWORD, address="10.9.9.9")

    # then
    assert from_there.status_code == 429
    assert LOCKED_NL in from_there.content.decode()
    assert elsewhere.status_code == 302
    assert [after["ip_address"] for _, _, after in lock_events()] == ["10.1.1.1"]


@time_machine.travel(START, tick=False)
def test_a_user_name_is_locked_whatever_the_addresses_it_is_tried_from(coordinator):
    # given: five failures for one user name, each from another address
    codes = [log_in("coordinator", "fout", address=f"10.0.0.{n}").status_code
             for n in range(1, 6)]

    # then: the fifth locks the name, for every address
    assert codes == [200, 200, 200, 200, 429]
    assert log_in("coordinator", PASSWORD, address="10.0.0.99").status_code == 429


@time_machine.travel(START, tick=False)
def test_a_locked_unknown_user_name_reads_the_same_as_a_known_one(coordinator):
    known = fail(5, "coordinator", address="10.0.0.1")[-1]
    unknown = log_in("niemand", "fout", address="10.0.0.2")
    fail(4, "niemand", address="10.0.0.3")
    unknown = log_in("niemand", "fout", address="10.0.0.4")

    assert (known, unknown.status_code) == (429, 429)
    assert LOCKED_NL in unknown.content.decode()


@time_machine.travel(START, tick=False)
def test_a_user_name_longer_than_any_is_counted_by_its_first_150_characters(db):
    # Django's login form does not check the length; axes stores 255 characters at most
    long_name = "x" * 1000

    codes = fail(4, long_name) + fail(1, "x" * 150 + "y")

    assert codes == [200, 200, 200, 200, 429]
    assert list(AccessAttempt.objects.values_list("username", flat=True).distinct()) == [
        "x" * 150]


@time_machine.travel(START, tick=False)
def test_the_office_sees_and_lifts_a_lock_in_the_admin_audited(coordinator, administrator):
    # given: a locked user name
    fail(5, "coordinator")
    attempt = AccessAttempt.objects.get(username="coordinator")
    office = Client()
    office.force_login(administrator)

    # when: the administrator opens the list of attempts and deletes the lock
    listing = office.get("/admin/axes/accessattempt/")
    deleted = office.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})

    # then: the list showed it, the lock is gone, the user logs in at once, audited
    assert listing.status_code == 200
    assert "coordinator" in listing.content.decode()
    assert deleted.status_code == 302
    assert AccessAttempt.objects.count() == 0
    assert log_in("coordinator", PASSWORD).status_code == 302
    assert lock_events(AuditEventType.LOGIN_UNLOCKED) == [(administrator.pk, {
        "username": "coordinator", "ip_address": "10.1.1.1", "failures": 5}, None)]


def test_a_coordinator_cannot_open_the_list_of_locks(coordinator):
    client = Client()
    client.force_login(coordinator)

    response = client.get("/admin/axes/accessattempt/")

    assert (response.status_code, response["Location"]) == (
        302, "/admin/login/?next=/admin/axes/accessattempt/")


def test_the_events_have_their_dutch_names():
    assert str(AuditEventType.LOGIN_LOCKED.label) == "Aanmelden geblokkeerd na mislukte pogingen"
    assert str(AuditEventType.LOGIN_UNLOCKED.label) == "Blokkering van aanmelden opgeheven"


# --- password reset ------------------------------------------------------------------------


def ask_reset(email, *, address="10.1.1.1"):
    return Client(REMOTE_ADDR=address).post(RESET, {"email": email})


@pytest.mark.parametrize("email", ["coordinator@example.be", "niemand@example.be"])
def test_password_reset_answers_the_same_whether_the_account_exists_or_not(email, coordinator):
    coordinator.email = "coordinator@example.be"
    coordinator.save(update_fields=["email"])

    response = ask_reset(email)

    assert (response.status_code, response["Location"]) == (302, "/accounts/password_reset/done/")


@pytest.mark.parametrize("email", ["coordinator@example.be", "niemand@example.be"])
def test_password_reset_requests_are_limited_per_e_mail_address(email, coordinator):
    # given: five requests for one e-mail address, each from another address
    coordinator.email = "coordinator@example.be"
    coordinator.save(update_fields=["email"])
    codes = [ask_reset(email, address=f"10.0.0.{n}").status_code for n in range(1, 6)]
    sent = len(mail.outbox)

    # when: the sixth (in capitals: the same address)
    sixth = ask_reset(email.upper(), address="10.0.0.6")

    # then: refused with a message, no e-mail; the same for an address without an account
    assert codes == [302] * 5
    assert sixth.status_code == 429
    assert "Te veel aanvragen voor een nieuw wachtwoord: probeer het opnieuw over 60 minuten." \
        in sixth.content.decode()
    assert len(mail.outbox) == sent


def test_password_reset_requests_are_limited_per_address(coordinator):
    codes = [ask_reset(f"iemand{n}@example.be").status_code for n in range(6)]

    assert codes == [302] * 5 + [429]
    assert ask_reset("iemand@example.be", address="10.7.7.7").status_code == 302


def test_the_limit_of_password_reset_requests_ends_after_an_hour(coordinator):
    with time_machine.travel(START, tick=False):
        assert [ask_reset("a@example.be").status_code for _ in range(6)] == [302] * 5 + [429]

    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        response = ask_reset("a@example.be")

    assert response.status_code == 302


# --- sessions -------------------------------------------------------------------------------


def test_a_session_ends_after_a_working_day_and_with_the_browser(settings, coordinator):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    with time_machine.travel(START, tick=False):
        client = Client()
        response = client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
        assert response.status_code == 302
        # a cookie without Expires/Max-Age: the browser forgets it when it closes
        cookie = response.cookies["sessionid"]
        assert (cookie["expires"], cookie["max-age"]) == ("", "")

    with time_machine.travel(START + datetime.timedelta(hours=9, minutes=59), tick=False):
        assert client.get("/beleid/kader/").status_code == 200
    with time_machine.travel(START + datetime.timedelta(hours=10, minutes=1), tick=False):
        late = client.get("/beleid/kader/")

    assert (late.status_code, late["Location"]) == (302, "/accounts/login/?next=/beleid/kader/")
    assert timezone.now() > START  # the real clock again
