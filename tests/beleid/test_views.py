"""The framework and department pages, in Dutch, scoped to the user's departments."""

import pytest
from django.urls import reverse

from beleid.models import AuditEvent, RequirementInterpretation
from beleid.services.departments import interpretation_update


def edit_url(department, requirement):
    return reverse(
        "beleid:interpretation_edit",
        args=[department.slug, requirement.version.code, requirement.code],
    )


def test_framework_page_lists_steps_and_requirements_in_dutch(client, coordinator, framework):
    client.force_login(coordinator)

    response = client.get(reverse("beleid:framework_detail", args=[framework.code]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "VIS-01" in html and "Vereiste VIS-01" in html
    assert "verplicht" in html  # the Dutch label of a mandatory requirement


def test_pages_need_login(client, department, framework):
    for url in [
        reverse("beleid:framework_list"),
        reverse("beleid:department_list"),
        reverse("beleid:department_detail", args=[department.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_department_list_shows_only_own_departments(
    client, coordinator, department, other_department
):
    client.force_login(coordinator)

    response = client.get(reverse("beleid:department_list"))

    assert [d.slug for d in response.context["departments"]] == [department.slug]


def test_department_list_query_count_does_not_grow(
    client, consultant, django_assert_max_num_queries
):
    from tests.factories import DepartmentFactory, coordinator_of

    for _ in range(30):
        coordinator_of(DepartmentFactory())
    client.force_login(consultant)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("beleid:department_list"))

    assert len(response.context["departments"]) == 25  # paginated


def test_department_page_shows_own_interpretation(client, coordinator, department, framework):
    requirement = framework.requirements.get(code="VIS-01")
    interpretation_update(
        actor=coordinator,
        department=department,
        requirement=requirement,
        text="Onze visie hangt in de leeszaal",
    )
    client.force_login(coordinator)

    response = client.get(reverse("beleid:department_detail", args=[department.slug]))

    assert response.status_code == 200
    assert "Onze visie hangt in de leeszaal" in response.content.decode()
    # The welfare-decree requirement does not apply to this department.
    assert "ONB-99" not in response.content.decode()


def test_coordinator_edits_interpretation_over_http(client, coordinator, department, framework):
    requirement = framework.requirements.get(code="ONB-01")
    client.force_login(coordinator)

    response = client.post(edit_url(department, requirement), {"text": "Infoavond voor starters"})

    assert response.status_code == 302
    assert RequirementInterpretation.objects.get().text == "Infoavond voor starters"
    assert AuditEvent.objects.filter(event_type="INTERPRETATION_UPDATED").count() == 1


def test_coordinator_cannot_see_or_change_another_department(
    client, coordinator, other_department, framework
):
    requirement = framework.requirements.get(code="ONB-01")
    client.force_login(coordinator)

    urls = [
        reverse("beleid:department_detail", args=[other_department.slug]),
        reverse("beleid:audit_trail", args=[other_department.slug]),
        edit_url(other_department, requirement),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    response = client.post(edit_url(other_department, requirement), {"text": "overgenomen"})

    assert response.status_code == 404
    assert not RequirementInterpretation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_auditor_reads_but_cannot_change(client, auditor, coordinator, department, framework):
    requirement = framework.requirements.get(code="ONB-01")
    client.force_login(auditor)

    assert (
        client.get(reverse("beleid:department_detail", args=[department.slug])).status_code == 200
    )
    response = client.post(edit_url(department, requirement), {"text": "audit"})

    assert response.status_code == 403
    assert not RequirementInterpretation.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "consultant", "auditor"])
def test_django_admin_is_for_administrators_only(client, request, role, administrator):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/admin/").status_code == 302  # to the admin login

    client.force_login(administrator)
    assert client.get("/admin/beleid/department/").status_code == 200
