"""`seed_demo`: the demo city, each app seeding its own part; idempotent; never in production."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from beleid import roles
from beleid.demo import DEMO_CONSULTANTS, DEMO_DEPARTMENTS, DEMO_PASSWORD
from beleid.models import AuditEvent, AuditEventType, Department
from insurance.models import Person, Volunteer

OFFICE_USERS = len(DEMO_CONSULTANTS) + 2  # the consultants, an auditor and an administrator


@pytest.fixture
def frozen_today():
    # The demo volunteers' dates are drawn back from today.
    with time_machine.travel(datetime.datetime(2025, 3, 14, 10, tzinfo=datetime.UTC), tick=False):
        yield


def city_snapshot():
    users = get_user_model().objects
    return {
        "departments": sorted(
            Department.objects.values_list("slug", "organisation", "welfare_decree")
        ),
        "users": sorted(users.values_list("username", flat=True)),
        "coordinators": sorted(
            Department.coordinators.through.objects.values_list(
                "department__slug", "user__username"
            )
        ),
        "roles": sorted(users.filter(groups__isnull=False).values_list("username", "groups__name")),
        "events": AuditEvent.objects.count(),
        "volunteers": Person.objects.count(),
        "department volunteers": Volunteer.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_city(capsys):
    # when
    call_command("seed_demo")
    first_output = capsys.readouterr().out
    first = city_snapshot()
    call_command("seed_demo")
    second_output = capsys.readouterr().out

    # then: the second run changed nothing
    assert city_snapshot() == first
    assert len(first["departments"]) == len(DEMO_DEPARTMENTS) == 44
    assert {o for _, o, _ in first["departments"]} == {"stad", "ocmw"}
    assert sum(welfare for *_, welfare in first["departments"]) == 13
    # One coordinator per department, plus the office, an auditor and an administrator.
    assert len(first["coordinators"]) == 44
    assert len(first["users"]) == 44 + OFFICE_USERS
    assert first["roles"] == sorted(
        [(username, roles.CONSULTANT) for username, *_ in DEMO_CONSULTANTS]
        + [("auditor", roles.AUDITOR), ("beheerder", roles.ADMINISTRATOR)]
    )
    # Departments and coordinators were made through the services, each with its event.
    # ... and the knowledge base's articles and meetings (kennisdeling's part).
    assert set(AuditEvent.objects.values_list("event_type", flat=True)) == {
        AuditEventType.DEPARTMENT_CREATED, AuditEventType.COORDINATOR_ADDED,
        AuditEventType.ARTICLE_CREATED, AuditEventType.MEETING_RECORDED,
    }
    assert first["events"] == 2 * 44 + 14 + 2
    logins = (
        "\n"
        f"Demo logins (password for all: {DEMO_PASSWORD})\n"
        "  administrator: beheerder\n"
        "  consultants (Vrijwilligerspunt): adjunct-directeur, consulent1, consulent2, "
        "consulent3, consulent4\n"
        "  auditor: auditor\n"
        "  coordinators: coord-<department slug>, e.g. coord-archief-gent\n"
    )
    assert first_output == (
        "Departments: 44 (44 new).\n"
        "Knowledge base: 14 new articles, 2 new consultation meetings.\n" + logins)
    assert second_output == (
        "Departments: 44 (0 new).\n"
        "Knowledge base: 0 new articles, 0 new consultation meetings.\n" + logins)


@pytest.mark.django_db
def test_every_demo_user_shares_one_password_hash():
    # when
    call_command("seed_demo", departments=3, stdout=None)

    # then: one hash, computed once, that opens every account
    hashes = set(get_user_model().objects.values_list("password", flat=True))
    assert len(hashes) == 1
    user = get_user_model().objects.get(username="coord-stam-stadsmuseum-gent")
    assert user.check_password(DEMO_PASSWORD) is True
    assert user.check_password("gent-demo-2023") is False


@pytest.mark.django_db
def test_seed_demo_scales_departments():
    call_command("seed_demo", departments=60, stdout=None)

    assert Department.objects.count() == 60
    assert Department.objects.filter(slug="lokaal-dienstencentrum-60").exists()
    assert Department.coordinators.through.objects.count() == 60


@pytest.mark.django_db
def test_seed_demo_asks_the_register_for_its_volunteers(capsys, frozen_today):
    # when
    call_command("seed_demo", departments=3, volunteers=30)
    first = city_snapshot()
    call_command("seed_demo", departments=3, volunteers=30)

    # then
    assert "Demo volunteers: 30.\n" in capsys.readouterr().out
    assert first["volunteers"] == 30
    assert city_snapshot() == first
    assert set(
        Volunteer.objects.values_list("engagements__department__slug", flat=True)
    ) == {"bibliotheek-de-krook", "stam-stadsmuseum-gent", "design-museum-gent"}


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_production_settings():
    with pytest.raises(CommandError, match="^seed_demo refuses to run under production settings"):
        call_command("seed_demo")

    assert not Department.objects.exists()
    assert not get_user_model().objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_no_departments():
    with pytest.raises(CommandError, match="^--departments must be at least 1.$"):
        call_command("seed_demo", departments=0)

    assert not Department.objects.exists()
    assert not get_user_model().objects.exists()
