"""The one place that scopes department data to the user."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404

from beleid.access import (
    REGISTER_EXTRACT_PERMISSION,
    can_edit_department,
    can_see_personal_data,
    editable_department_or_404,
    editable_departments,
    is_coordinator_of,
    scope_editable,
    scope_personal,
    scope_visible,
    visible_department_or_404,
    visible_departments,
)
from beleid.models import RequirementInterpretation
from tests.factories import UserFactory


def test_coordinator_sees_and_edits_only_own_department(
    coordinator, department, other_department
):
    assert list(visible_departments(coordinator)) == [department]
    assert list(editable_departments(coordinator)) == [department]
    assert can_edit_department(coordinator, other_department) is False


def test_office_sees_and_edits_all(consultant, department, other_department):
    assert set(visible_departments(consultant)) == {department, other_department}
    assert set(editable_departments(consultant)) == {department, other_department}


def test_auditor_sees_all_but_edits_nothing(auditor, department, other_department):
    assert set(visible_departments(auditor)) == {department, other_department}
    assert list(editable_departments(auditor)) == []


def test_user_without_role_sees_nothing(department):
    assert list(visible_departments(UserFactory())) == []


def test_scope_visible_filters_department_data(
    coordinator, department, other_department, framework
):
    requirement = framework.requirements.first()
    mine = RequirementInterpretation.objects.create(department=department, requirement=requirement)
    RequirementInterpretation.objects.create(department=other_department, requirement=requirement)

    assert list(scope_visible(RequirementInterpretation.objects.all(), coordinator)) == [mine]


# --- the rest of the one place: coordinators, 404/403, personal data -------------------------

def test_a_coordinator_is_coordinator_of_own_department_only(
    coordinator, consultant, department, other_department
):
    assert is_coordinator_of(coordinator, department) is True
    assert is_coordinator_of(coordinator, department.pk) is True
    assert is_coordinator_of(coordinator, other_department) is False
    # the office acts for every department, but is nobody's coordinator
    assert is_coordinator_of(consultant, department) is False


def test_another_departments_page_does_not_exist_for_a_coordinator(
    coordinator, department, other_department
):
    assert visible_department_or_404(coordinator, slug=department.slug) == department
    with pytest.raises(Http404, match="No such department"):
        visible_department_or_404(coordinator, slug=other_department.slug)
    with pytest.raises(Http404, match="No such department"):
        editable_department_or_404(coordinator, slug=other_department.slug)


def test_an_auditor_sees_a_department_but_may_not_change_it(auditor, department):
    assert visible_department_or_404(auditor, slug=department.slug) == department
    with pytest.raises(PermissionDenied, match="may not change"):
        editable_department_or_404(auditor, slug=department.slug)


def test_who_sees_personal_data(coordinator, consultant, auditor, administrator):
    assert can_see_personal_data(coordinator) is True
    assert can_see_personal_data(consultant) is True
    assert can_see_personal_data(administrator) is True
    assert can_see_personal_data(auditor) is False
    assert can_see_personal_data(UserFactory()) is False
    app_label, codename = REGISTER_EXTRACT_PERMISSION.split(".")
    auditor.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename))
    auditor = type(auditor).objects.get(pk=auditor.pk)  # permissions are cached per object

    assert can_see_personal_data(auditor) is True


def test_scopes_for_changing_and_for_personal_data(
    coordinator, auditor, department, other_department, framework
):
    requirement = framework.requirements.first()
    mine = RequirementInterpretation.objects.create(department=department, requirement=requirement)
    RequirementInterpretation.objects.create(department=other_department, requirement=requirement)
    everything = RequirementInterpretation.objects.all()

    assert list(scope_editable(everything, coordinator)) == [mine]
    assert list(scope_editable(everything, auditor)) == []
    assert list(scope_personal(everything, coordinator)) == [mine]
    assert list(scope_personal(everything, auditor)) == []
