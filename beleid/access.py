"""The one place that answers which departments a user may see and change.

Every queryset of department data goes through `visible_departments` / `scope_visible`
(reading) or `editable_departments` / `scope_editable` (changing a department's own data).
"""

from django.db.models import QuerySet

from .models import Department
from .roles import is_administrator, is_auditor, is_consultant


def sees_all_departments(user) -> bool:
    """The Vrijwilligerspunt, auditors and administrators have the helicopter view."""
    return user.is_authenticated and (
        is_consultant(user) or is_auditor(user) or is_administrator(user)
    )


def visible_departments(user) -> QuerySet[Department]:
    if not user.is_authenticated:
        return Department.objects.none()
    if sees_all_departments(user):
        return Department.objects.all()
    return Department.objects.filter(coordinators=user)


def editable_departments(user) -> QuerySet[Department]:
    """Departments whose own data (translations, checklists, volunteers) the user may change.

    Coordinators change their own departments; the office and administrators act for any
    department. Auditors are read-only.
    """
    if not user.is_authenticated:
        return Department.objects.none()
    if is_consultant(user) or is_administrator(user):
        return Department.objects.all()
    return Department.objects.filter(coordinators=user)


def can_view_department(user, department: Department) -> bool:
    return visible_departments(user).filter(pk=department.pk).exists()


def can_edit_department(user, department: Department) -> bool:
    return editable_departments(user).filter(pk=department.pk).exists()


def scope_visible(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Restrict any queryset of department data to what `user` may see."""
    if sees_all_departments(user):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_departments(user)})


def scope_editable(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Restrict any queryset of department data to what `user` may change."""
    return queryset.filter(**{f"{field}__in": editable_departments(user)})
