"""Reads of the framework and of departments, scoped through `beleid.access`."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .access import visible_departments
from .models import (
    AuditEvent,
    Department,
    FrameworkVersion,
    Requirement,
    RequirementInterpretation,
    Step,
)


def current_framework() -> FrameworkVersion | None:
    """The framework version in force: the most recently published one."""
    return (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_on", "-code")
        .first()
    )


def framework_steps(*, version: FrameworkVersion) -> list[Step]:
    """The steps of a version with their requirements, in order (2 queries)."""
    return list(
        version.steps.select_related("quality_line").prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("order", "code"))
        )
    )


def department_list(*, user, search: str = "", organisation: str = "") -> QuerySet[Department]:
    departments = visible_departments(user).annotate(coordinator_count=Count("coordinators"))
    if search:
        departments = departments.filter(Q(name__icontains=search) | Q(cluster__icontains=search))
    if organisation:
        departments = departments.filter(organisation=organisation)
    return departments.order_by("name")


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    interpretation: RequirementInterpretation | None


def department_requirements(
    *, department: Department, version: FrameworkVersion
) -> list[tuple[Step, list[RequirementRow]]]:
    """The requirements of `version` that apply to `department`, by step, each with the
    department's own interpretation (3 queries, whatever the size of the framework)."""
    interpretations = {
        i.requirement_id: i
        for i in RequirementInterpretation.objects.filter(
            department=department, requirement__version=version
        ).select_related("updated_by")
    }
    requirements = (
        version.requirements.filter(Requirement.applicable_filter(department))
        .select_related("step")
        .order_by("step__order", "order", "code")
    )
    by_step: dict[int, tuple[Step, list[RequirementRow]]] = {}
    for requirement in requirements:
        step_rows = by_step.setdefault(requirement.step_id, (requirement.step, []))
        step_rows[1].append(RequirementRow(requirement, interpretations.get(requirement.id)))
    return list(by_step.values())


def department_audit_trail(*, department: Department) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(department=department).select_related("actor")
