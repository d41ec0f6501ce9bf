"""Reads of the volunteer register, always scoped through `beleid.access`."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from beleid import access, roles
from beleid.models import Department

from . import rules
from .models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    PublicHoliday,
    Volunteer,
)

REGISTER_EXTRACT_PERMISSION = "insurance.view_register_extract"


# --- who may see what ----------------------------------------------------------------------


def can_see_personal_data(user) -> bool:
    """Coordinators (own departments), the office and administrators see names; auditors
    see counts only, unless they hold the register-extract permission."""
    if not user.is_authenticated:
        return False
    if roles.is_auditor(user) and not (
        roles.is_consultant(user) or roles.is_administrator(user)
    ):
        return user.has_perm(REGISTER_EXTRACT_PERMISSION)
    return True


def visible_engagements(*, user) -> QuerySet[Engagement]:
    return access.scope_visible(Engagement.objects.all(), user)


def visible_volunteers(*, user) -> QuerySet[Volunteer]:
    """Volunteers with an engagement in a department the user may see (personal data)."""
    if not can_see_personal_data(user):
        return Volunteer.objects.none()
    if access.sees_all_departments(user):
        return Volunteer.objects.all()
    return Volunteer.objects.filter(
        Exists(visible_engagements(user=user).filter(volunteer=OuterRef("pk")))
    )


def editable_volunteers(*, user) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(
        Exists(
            access.scope_editable(Engagement.objects.all(), user).filter(volunteer=OuterRef("pk"))
        )
    )


# --- lists ---------------------------------------------------------------------------------


def _active_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Engagement.Status.ACTIVE,
                f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def department_engagements(*, department: Department, search: str = "",
                           current_only: bool = True) -> QuerySet[Engagement]:
    """The engagements of one department with their volunteer (the department's register)."""
    today = timezone.localdate()
    queryset = Engagement.objects.filter(department=department).select_related("volunteer")
    if current_only:
        queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if search:
        queryset = queryset.filter(
            Q(volunteer__last_name__icontains=search) | Q(volunteer__first_name__icontains=search)
        )
    return queryset.order_by("volunteer__last_name", "volunteer__first_name", "id")


def volunteer_engagements(*, volunteer: Volunteer, user) -> QuerySet[Engagement]:
    """The volunteer's engagements in departments the user may see, with their proofs."""
    return (
        visible_engagements(user=user)
        .filter(volunteer=volunteer)
        .select_related("department")
        .prefetch_related("information_notes", "declarations")
        .order_by("-start_date")
    )


# --- duty to report (C45B) -----------------------------------------------------------------


def public_holidays() -> list[datetime.date]:
    return list(PublicHoliday.objects.values_list("date", flat=True))


@dataclass(frozen=True)
class C45BWarning:
    engagement_id: int
    volunteer_id: int
    department_id: int
    start_date: datetime.date
    filed_on: datetime.date
    window_ends_on: datetime.date
    reason: str  # "started_before_filing" or "started_within_window"


def c45b_warnings_for(declarations, holidays) -> list[C45BWarning]:
    """Warn when the volunteer started before the C45B was filed, or before the 12-working-day
    window closed without an answer."""
    warnings = []
    for declaration in declarations:
        engagement = declaration.engagement
        window_end = rules.add_working_days(
            declaration.filed_on, rules.C45B_WORKING_DAYS, holidays
        )
        if engagement.start_date < declaration.filed_on:
            reason = "started_before_filing"
        elif (
            engagement.start_date <= window_end
            and declaration.answer == BenefitDeclaration.Answer.NONE
        ):
            reason = "started_within_window"
        else:
            continue
        warnings.append(C45BWarning(
            engagement_id=engagement.pk, volunteer_id=engagement.volunteer_id,
            department_id=engagement.department_id, start_date=engagement.start_date,
            filed_on=declaration.filed_on, window_ends_on=window_end, reason=reason,
        ))
    return warnings


def c45b_window_for(declaration: BenefitDeclaration, holidays) -> datetime.date | None:
    """The end of the 12-working-day window of a C45B declaration (None for other kinds)."""
    if declaration.kind != BenefitDeclaration.Kind.C45B:
        return None
    return rules.add_working_days(declaration.filed_on, rules.C45B_WORKING_DAYS, holidays)


def c45b_window_end(*, filed_on: datetime.date) -> datetime.date:
    """The last day on which the unemployment office may still refuse or limit."""
    return rules.add_working_days(filed_on, rules.C45B_WORKING_DAYS, public_holidays())


# --- signals for the step plan -------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentSignals:
    department_id: int
    active: int = 0
    without_cover: int = 0
    without_information_note: int = 0
    without_declaration: int = 0
    c45b_warnings: list[C45BWarning] = field(default_factory=list)

    @property
    def is_clear(self) -> bool:
        return not (self.without_cover or self.without_information_note
                    or self.without_declaration or self.c45b_warnings)


def department_signals_bulk(*, departments) -> dict[int, DepartmentSignals]:
    """Signals of many departments in a constant number of queries (3)."""
    department_ids = [d.pk if isinstance(d, Department) else d for d in departments]
    today = timezone.localdate()
    covered = InsuranceCoverage.objects.filter(
        volunteer_id=OuterRef("volunteer_id"), insured_from__lte=today
    ).filter(Q(insured_to__isnull=True) | Q(insured_to__gte=today))
    informed = InformationNote.objects.filter(
        engagement_id=OuterRef("pk"), given_on__lte=OuterRef("start_date")
    )
    declared = BenefitDeclaration.objects.filter(engagement_id=OuterRef("pk"))
    active = Engagement.objects.filter(_active_q(today), department_id__in=department_ids)
    rows = (
        active.annotate(
            covered=Exists(covered), informed=Exists(informed), declared=Exists(declared)
        )
        .values("department_id")
        .annotate(
            n_active=Count("volunteer_id", distinct=True),
            n_without_cover=Count("volunteer_id", distinct=True, filter=Q(covered=False)),
            n_without_note=Count("id", filter=Q(informed=False)),
            n_without_declaration=Count(
                "id", filter=~Q(volunteer__benefit=Benefit.NONE) & Q(declared=False)
            ),
        )
        .order_by()
    )
    counts = {row["department_id"]: row for row in rows}
    declarations = (
        BenefitDeclaration.objects.filter(
            kind=BenefitDeclaration.Kind.C45B,
            engagement__in=active,
        )
        .select_related("engagement")
        .order_by("engagement_id", "filed_on")
    )
    warnings: dict[int, list[C45BWarning]] = {}
    for warning in c45b_warnings_for(declarations, public_holidays()):
        warnings.setdefault(warning.department_id, []).append(warning)
    return {
        pk: DepartmentSignals(
            department_id=pk,
            active=counts.get(pk, {}).get("n_active", 0),
            without_cover=counts.get(pk, {}).get("n_without_cover", 0),
            without_information_note=counts.get(pk, {}).get("n_without_note", 0),
            without_declaration=counts.get(pk, {}).get("n_without_declaration", 0),
            c45b_warnings=warnings.get(pk, []),
        )
        for pk in department_ids
    }


def department_signals(*, department: Department) -> DepartmentSignals:
    """Active volunteers of a department without cover, without an information note given on
    or before the start, with a duty to report but no declaration; and C45B warnings."""
    return department_signals_bulk(departments=[department])[department.pk]


# --- the insurer's list --------------------------------------------------------------------


def insured_persons(*, on: datetime.date | None = None) -> QuerySet[InsuranceCoverage]:
    """Everyone on the policy on a day (default today): the insurer's full list."""
    on = on or timezone.localdate()
    return (
        InsuranceCoverage.objects.filter(insured_from__lte=on)
        .filter(Q(insured_to__isnull=True) | Q(insured_to__gte=on))
        .select_related("volunteer")
        .order_by("volunteer__last_name", "volunteer__first_name", "id")
    )


def coverage_changes(*, since: datetime.date) -> tuple[QuerySet, QuerySet]:
    """Cover registered on or after `since` (additions) and de-registered on or after
    `since` (removals)."""
    base = InsuranceCoverage.objects.select_related("volunteer").order_by(
        "volunteer__last_name", "volunteer__first_name", "id"
    )
    return base.filter(registered_on__gte=since), base.filter(deregistered_on__gte=since)


def scope_coverage(queryset: QuerySet, *, user) -> QuerySet:
    """Cover of volunteers the user may see: coordinators only their departments' people."""
    if access.sees_all_departments(user):
        return queryset if can_see_personal_data(user) else queryset.none()
    return queryset.filter(
        Exists(visible_engagements(user=user).filter(volunteer_id=OuterRef("volunteer_id")))
    )
