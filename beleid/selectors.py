"""Reads of the framework and of departments, scoped through `beleid.access`."""

import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet

from . import audit_display
from .access import visible_departments
from .framework_diff import framework_diff
from .models import (
    AuditEvent,
    AuditEventType,
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


# --- comparing two framework versions --------------------------------------------------------

# A text as segments ("same" | "del" | "ins", text): what the page marks as removed or added.
Segments = list[tuple[str, str]]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Segments
    new: Segments


@dataclass(frozen=True)
class RequirementChange:
    code: str
    title: str
    old_title: str
    step: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class FrameworkComparison:
    old: FrameworkVersion
    new: FrameworkVersion
    added: list[Requirement]
    changed: list[RequirementChange]
    removed: list[Requirement]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def _requirement_value(requirement: Requirement, name: str) -> str:
    if name == "step":
        return requirement.step.display_title
    if name == "mandatory":
        return audit_display.show_bool(requirement.mandatory)
    if name == "applies_to":
        return str(requirement.get_applies_to_display())
    if name == "valid_months":
        return "" if requirement.valid_months is None else str(requirement.valid_months)
    return getattr(requirement, name)


def _word_diff(old: str, new: str) -> tuple[Segments, Segments]:
    """The two texts with the words that differ marked, for reading them side by side."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    old_parts: Segments = []
    new_parts: Segments = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            old_parts.append(("same", "".join(old_words[a1:a2])))
            new_parts.append(("same", "".join(new_words[b1:b2])))
            continue
        if a2 > a1:
            old_parts.append(("del", "".join(old_words[a1:a2])))
        if b2 > b1:
            new_parts.append(("ins", "".join(new_words[b1:b2])))
    return old_parts, new_parts


def framework_comparison(*, old: FrameworkVersion, new: FrameworkVersion) -> FrameworkComparison:
    """What changed in the requirements from `old` to `new`: added and removed requirements,
    and per changed requirement the old and new text of every changed field (3 queries)."""

    diff = framework_diff(old=old, new=new)
    codes = [*diff.added, *diff.changed, *diff.removed]
    requirements = {
        (requirement.version_id, requirement.code): requirement
        for requirement in Requirement.objects.filter(
            version__in=[old, new], code__in=codes
        ).select_related("step")
    }
    changed = []
    for code, names in diff.changed.items():
        before, after = requirements[(old.pk, code)], requirements[(new.pk, code)]
        fields = []
        for name in names:
            old_text, new_text = _word_diff(
                _requirement_value(before, name), _requirement_value(after, name)
            )
            label = Requirement._meta.get_field(name).verbose_name
            fields.append(FieldChange(str(label), old_text, new_text))
        changed.append(
            RequirementChange(
                code, after.display_title, before.display_title, after.step.display_title, fields
            )
        )
    return FrameworkComparison(
        old=old,
        new=new,
        added=[requirements[(new.pk, code)] for code in diff.added],
        changed=changed,
        removed=[requirements[(old.pk, code)] for code in diff.removed],
    )


def training_period_months(*, version: FrameworkVersion) -> int:
    """How long attending the basic training counts for the training step under `version`:
    the period of its training requirement (`Requirement.valid_months`, the first of the
    training step that has one), else the version's default. One query."""
    months = (
        Requirement.objects.filter(
            version=version, step__code=Step.Kind.TRAINING, valid_months__isnull=False
        )
        .order_by("order", "code")
        .values_list("valid_months", flat=True)
        .first()
    )
    return months or version.training_valid_months


def framework_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.order_by("-code")


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


def department_audit_trail(
    *,
    department: Department,
    event_type: str = "",
    person=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The department's audit events, newest first, filtered by event type, by the person who
    acted and by period (both days included, in local time). Ready for `audit_rows`."""
    events = AuditEvent.objects.filter(department=department)
    if event_type:
        known = AuditEventType.of(event_type)
        events = events.filter(
            event_type__in=known.stored_values() if known is not None else [event_type]
        )
    if person is not None:
        events = events.filter(actor=person)
    if date_from is not None:
        events = events.filter(created_at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(created_at__date__lte=date_to)
    return events.select_related("actor", "object_type", "department")


def audit_trail_event_types(*, department: Department) -> list[tuple[str, str]]:
    """(type, name) of the events in the department's trail, by name (one query)."""
    stored = (
        AuditEvent.objects.filter(department=department)
        .order_by()
        .values_list("event_type", flat=True)
        .distinct()
    )
    return sorted(
        ((value, str(AuditEventType.label_of(value))) for value in stored),
        key=lambda choice: choice[1].casefold(),
    )


def audit_trail_people(*, department: Department) -> QuerySet:
    """The people who acted in the department's trail, by name."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=AuditEvent.objects.filter(department=department, actor__isnull=False)
            .order_by()
            .values("actor")
        )
        .order_by("first_name", "last_name", "username")
    )


def audit_events_about(*, objects: Iterable[models.Model]) -> QuerySet[AuditEvent]:
    """The events whose object is one of `objects` (of any models), newest first, ready for
    `audit_rows`: e.g. a plan step's own history (the step, its items, its evidence). One
    query."""
    wanted: dict[ContentType, list[str]] = {}
    for obj in objects:
        wanted.setdefault(ContentType.objects.get_for_model(obj), []).append(str(obj.pk))
    about = Q(pk__in=[])
    for object_type, ids in wanted.items():
        about |= Q(object_type=object_type, object_id__in=ids)
    return AuditEvent.objects.filter(about).select_related("actor", "object_type", "department")


def audit_rows(events: Iterable[AuditEvent], user) -> list[audit_display.AuditRow]:
    """Events as people read them (names, words, "field: old -> new"), named for `user`: a
    volunteer by name only to those who may see their personal data. A bounded number of
    queries, whatever the number of events (one or two per kind of object). Render them with
    the include `beleid/_audit_rows.html`."""
    return audit_display.rows(events, user)
