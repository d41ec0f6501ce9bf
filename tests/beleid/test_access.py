"""The one place that scopes department data to the user."""

from beleid.access import (
    can_edit_department,
    editable_departments,
    scope_visible,
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
