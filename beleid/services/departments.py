"""Departments, their coordinators and their own translation of the framework."""

from django.db import transaction

from beleid.models import AuditEventType, Department, Requirement, RequirementInterpretation

from .audit import audit_log


def _department_state(department: Department) -> dict:
    return {field: getattr(department, field) for field in Department.AUDITED_FIELDS}


@transaction.atomic
def department_create(
    *,
    actor,
    name: str,
    slug: str,
    organisation: str = Department.Organisation.STAD,
    cluster: str = "",
    welfare_decree: bool = False,
    active: bool = True,
) -> Department:
    """Create a department of Stad or OCMW Gent."""
    department = Department(
        name=name,
        slug=slug,
        organisation=organisation,
        cluster=cluster,
        welfare_decree=welfare_decree,
        active=active,
    )
    department.full_clean()
    department.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.DEPARTMENT_CREATED,
        department=department,
        obj=department,
        after=_department_state(department),
    )
    return department


@transaction.atomic
def department_update(*, actor, department: Department, **changes) -> Department:
    """Change a department's own fields; records only the fields that really changed."""
    unknown = set(changes) - set(Department.AUDITED_FIELDS)
    if unknown:
        raise ValueError(f"Unknown department fields: {sorted(unknown)}")
    stored = Department.objects.select_for_update().get(pk=department.pk)
    before = {f: getattr(stored, f) for f, v in changes.items() if getattr(stored, f) != v}
    if not before:
        return stored
    for field in before:
        setattr(stored, field, changes[field])
    stored.full_clean()
    stored.save(update_fields=list(before))
    audit_log(
        actor=actor,
        event_type=AuditEventType.DEPARTMENT_UPDATED,
        department=stored,
        obj=stored,
        before=before,
        after={f: changes[f] for f in before},
    )
    return stored


@transaction.atomic
def coordinator_add(*, actor, department: Department, user) -> bool:
    """Make `user` a coordinator of `department`. Returns False if already one."""
    if department.coordinators.filter(pk=user.pk).exists():
        return False
    department.coordinators.add(user)
    audit_log(
        actor=actor,
        event_type=AuditEventType.COORDINATOR_ADDED,
        department=department,
        obj=department,
        after={"coordinator": user.get_username()},
    )
    return True


@transaction.atomic
def coordinator_remove(*, actor, department: Department, user) -> bool:
    """Remove `user` as coordinator of `department`. Returns False if not one."""
    if not department.coordinators.filter(pk=user.pk).exists():
        return False
    department.coordinators.remove(user)
    audit_log(
        actor=actor,
        event_type=AuditEventType.COORDINATOR_REMOVED,
        department=department,
        obj=department,
        before={"coordinator": user.get_username()},
    )
    return True


@transaction.atomic
def interpretation_update(
    *, actor, department: Department, requirement: Requirement, text: str
) -> RequirementInterpretation:
    """Record how `department` translates `requirement` to its own context."""
    if not requirement.applies_to_department(department):
        raise ValueError(f"{requirement.code} does not apply to {department}")
    text = text.strip()
    interpretation, _ = RequirementInterpretation.objects.select_for_update().get_or_create(
        department=department, requirement=requirement
    )
    before = interpretation.text
    if before == text:
        return interpretation
    interpretation.text = text
    interpretation.updated_by = actor
    interpretation.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.INTERPRETATION_UPDATED,
        department=department,
        obj=interpretation,
        before={"requirement": requirement.code, "text": before},
        after={"requirement": requirement.code, "text": text},
    )
    return interpretation
