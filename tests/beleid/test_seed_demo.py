import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from beleid import roles
from beleid.models import AuditEvent, Department


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
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_city(capsys):
    call_command("seed_demo")
    first = city_snapshot()
    call_command("seed_demo")

    assert city_snapshot() == first
    assert len(first["departments"]) >= 40
    assert {o for _, o, _ in first["departments"]} == {"stad", "ocmw"}
    assert any(welfare for *_, welfare in first["departments"])
    # One coordinator per department, plus the office, an auditor and an administrator.
    assert len(first["coordinators"]) == len(first["departments"])
    role_names = {name for _, name in first["roles"]}
    assert role_names == {roles.CONSULTANT, roles.AUDITOR, roles.ADMINISTRATOR}
    output = capsys.readouterr().out
    assert "gent-demo-2024" in output and "auditor" in output


@pytest.mark.django_db
def test_seed_demo_scales_departments():
    call_command("seed_demo", departments=60)

    assert Department.objects.count() == 60


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_production_settings():
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not Department.objects.exists()
    assert not get_user_model().objects.exists()
