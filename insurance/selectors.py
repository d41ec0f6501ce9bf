"""Reads of the volunteer register. Who may see what is decided in `beleid.access` only
(departments through `scope_visible`, a department's volunteers through `scope_volunteers`,
the persons behind them through `can_see_persons`).

A department reads its own volunteer records and the cover on the days of its own
engagements (`cover_seen`): never another department's record of the same person, nor the
period another department's engagement gave the person's cover."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beleid import access
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


def visible_volunteers(*, user) -> QuerySet[Volunteer]:
    """The department volunteer records the user may see (`access.scope_volunteers`)."""
    return access.scope_volunteers(Volunteer.objects.all(), user)


# --- the cover as a department sees it -------------------------------------------------------


@dataclass(frozen=True)
class SeenCover:
    """A period of a person's cover as one department sees it: the days of its own
    engagements only, never the days another department's engagement gave."""

    policy_number: str
    insured_from: datetime.date
    insured_to: datetime.date | None


def cover_seen(covers, engagements) -> list[SeenCover]:
    """The person's cover periods `covers` cut to the days of `engagements` (one department's
    volunteer's), touching pieces joined; earliest first. 'Verzekerd sinds' on a department's
    page is then its own engagement's start, whoever else the person volunteers for."""
    pieces = []
    for cover in covers:
        for engagement in engagements:
            start = max(cover.insured_from, engagement.start_date)
            ends = [day for day in (cover.insured_to, engagement.end_date) if day is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                pieces.append((start, end, cover.policy_number))
    seen: list[SeenCover] = []
    for start, end, policy in sorted(pieces, key=lambda piece: piece[0]):
        last = seen[-1] if seen else None
        if last is not None and last.policy_number == policy and (
            last.insured_to is None or (start - last.insured_to).days <= 1
        ):
            reach = None if end is None or last.insured_to is None else max(end, last.insured_to)
            seen[-1] = SeenCover(policy, last.insured_from, reach)
        else:
            seen.append(SeenCover(policy, start, end))
    return seen


# --- lists ---------------------------------------------------------------------------------


def _active_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Engagement.Status.ACTIVE,
                f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def _upcoming_q(today: datetime.date) -> Q:
    """Registered, but the first day lies ahead: not active yet (the end lies after the
    start, so it has not ended either)."""
    return Q(status=Engagement.Status.ACTIVE, start_date__gt=today)


def _current_q(today: datetime.date) -> Q:
    """Not ended: active, starting later, or in onboarding."""
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


class Gap(models.TextChoices):
    """The counters of the register, each the filter of the list behind it."""

    ACTIVE = "active", _("Active volunteers")
    UPCOMING = "upcoming", _("Starting later")
    WITHOUT_COVER = "without_cover", _("Without cover")
    WITHOUT_NOTE = "without_note", _("Without information note before the start")
    WITHOUT_DECLARATION = "without_declaration", _("Duty to report without declaration")
    C45B = "c45b", _("C45B warnings")


def _engagements_with_gaps(today: datetime.date) -> QuerySet[Engagement]:
    """Engagements annotated with what the rules check: cover today, an information note on
    or before the start, a declaration for a duty to report."""
    covered = InsuranceCoverage.objects.filter(
        person_id=OuterRef("volunteer__person_id"), insured_from__lte=today
    ).filter(Q(insured_to__isnull=True) | Q(insured_to__gte=today))
    informed = InformationNote.objects.filter(
        engagement_id=OuterRef("pk"), given_on__lte=OuterRef("start_date")
    )
    declared = BenefitDeclaration.objects.filter(engagement_id=OuterRef("pk"))
    return Engagement.objects.annotate(
        covered=Exists(covered), informed=Exists(informed), declared=Exists(declared)
    )


def _gap_q(gap: str, today: datetime.date) -> Q:
    """Which engagements a counter counts (C45B is computed in Python: working days)."""
    active = _active_q(today)
    return {
        Gap.ACTIVE: active,
        Gap.UPCOMING: _upcoming_q(today),
        Gap.WITHOUT_COVER: active & Q(covered=False),
        Gap.WITHOUT_NOTE: active & Q(informed=False),
        Gap.WITHOUT_DECLARATION: active & ~Q(volunteer__benefit=Benefit.NONE)
        & Q(declared=False),
    }[gap]


def department_register(*, department: Department, search: str = "",
                        gap: str = "") -> QuerySet[Volunteer]:
    """The department's register, one row per volunteer (its own records): everyone with an
    engagement there that has not ended (or, with `gap`, the people a counter counts), each
    with `register_engagements` (not ended) and `person.current_covers` (the person's cover
    today or later: show it through `cover_seen`, cut to the department's engagements). A
    constant number of queries per page."""
    today = timezone.localdate()
    engagements = _engagements_with_gaps(today).filter(department=department)
    if gap == Gap.C45B:
        ids = register_gaps(department=department).c45b_volunteer_ids
        volunteers = Volunteer.objects.filter(pk__in=ids, department=department)
    else:
        wanted = _gap_q(gap, today) if gap else _current_q(today)
        volunteers = Volunteer.objects.filter(
            Exists(engagements.filter(wanted, volunteer_id=OuterRef("pk"))),
            department=department,
        )
    if search:
        volunteers = volunteers.filter(
            Q(last_name__icontains=search) | Q(first_name__icontains=search)
        )
    return volunteers.order_by("last_name", "first_name", "id").select_related(
        "person").prefetch_related(
        Prefetch(
            "engagements",
            queryset=Engagement.objects.filter(_current_q(today)).order_by("start_date", "id"),
            to_attr="register_engagements",
        ),
        Prefetch(
            "person__coverages",
            queryset=InsuranceCoverage.objects.filter(
                Q(insured_to__isnull=True) | Q(insured_to__gte=today)
            ).order_by("insured_from", "id"),
            to_attr="current_covers",
        ),
    )


def volunteers_by_id(*, ids, user) -> dict[int, Volunteer]:
    """The named volunteers among `ids` that the user may see (one query)."""
    return visible_volunteers(user=user).in_bulk(list(ids))


def volunteer_engagements(*, volunteer: Volunteer) -> QuerySet[Engagement]:
    """The engagements of a department's volunteer (all in that department), with their
    proofs, latest first."""
    return (
        volunteer.engagements.select_related("department")
        .prefetch_related("information_notes", "declarations")
        .order_by("-start_date")
    )


def volunteer_cover(*, volunteer: Volunteer, engagements) -> list[SeenCover]:
    """The cover of `volunteer`'s person as their department sees it: on the days of its
    `engagements` (the volunteer's) only."""
    return cover_seen(InsuranceCoverage.objects.filter(person_id=volunteer.person_id),
                      engagements)


def engagement_cover(*, engagement: Engagement) -> list[SeenCover]:
    """The person's cover on the days of one engagement (the onboarding's page)."""
    return cover_seen(
        InsuranceCoverage.objects.filter(person__volunteers=engagement.volunteer_id),
        [engagement])


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
    window closed without an answer.

    Only an engagement's first C45B counts: it is the one due before the start; a later form
    (new tasks or hours) is filed while the volunteer is already at work.
    """
    warnings, seen = [], set()
    for declaration in sorted(declarations, key=lambda d: (d.engagement_id, d.filed_on, d.pk)):
        if declaration.engagement_id in seen:
            continue
        seen.add(declaration.engagement_id)
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


# --- the gaps of a register (its counters; the step plan reads them too) --------------------


@dataclass(frozen=True)
class RegisterGaps:
    """The counters of a department's register: who is active, who starts later, and who is
    without cover, information note or declaration, or has a C45B warning. Every counter
    counts people (one person with two engagements counts once), as the list behind it
    shows one row per person."""

    department_id: int
    active: int = 0
    upcoming: int = 0
    without_cover: int = 0
    without_information_note: int = 0
    without_declaration: int = 0
    c45b_warnings: list[C45BWarning] = field(default_factory=list)

    @property
    def c45b_volunteer_ids(self) -> set[int]:
        return {warning.volunteer_id for warning in self.c45b_warnings}

    @property
    def c45b(self) -> int:
        return len(self.c45b_volunteer_ids)

    @property
    def is_clear(self) -> bool:
        return not (self.without_cover or self.without_information_note
                    or self.without_declaration or self.c45b_warnings)

    def count(self, gap: str) -> int:
        """The counter of `gap` (a `Gap` value)."""
        return {
            Gap.ACTIVE: self.active, Gap.UPCOMING: self.upcoming,
            Gap.WITHOUT_COVER: self.without_cover,
            Gap.WITHOUT_NOTE: self.without_information_note,
            Gap.WITHOUT_DECLARATION: self.without_declaration, Gap.C45B: self.c45b,
        }[gap]


_COUNTED = {
    Gap.ACTIVE: "active", Gap.UPCOMING: "upcoming", Gap.WITHOUT_COVER: "without_cover",
    Gap.WITHOUT_NOTE: "without_information_note",
    Gap.WITHOUT_DECLARATION: "without_declaration",
}


def register_gaps_many(*, departments) -> dict[int, RegisterGaps]:
    """The gaps of many departments' registers in a constant number of queries (3). The
    counters use the same conditions as the lists of `department_register`, so they always
    agree."""
    department_ids = [d.pk if isinstance(d, Department) else d for d in departments]
    today = timezone.localdate()
    counted = _engagements_with_gaps(today).filter(
        _active_q(today) | _upcoming_q(today), department_id__in=department_ids
    )
    rows = (
        counted.values("department_id")
        .annotate(**{
            name: Count("volunteer_id", distinct=True, filter=_gap_q(gap, today))
            for gap, name in _COUNTED.items()
        })
        .order_by()
    )
    counts = {row.pop("department_id"): row for row in rows}
    declarations = (
        BenefitDeclaration.objects.filter(
            kind=BenefitDeclaration.Kind.C45B,
            engagement__in=Engagement.objects.filter(
                _active_q(today), department_id__in=department_ids),
        )
        .select_related("engagement")
        .order_by("engagement_id", "filed_on")
    )
    warnings: dict[int, list[C45BWarning]] = {}
    for warning in c45b_warnings_for(declarations, public_holidays()):
        warnings.setdefault(warning.department_id, []).append(warning)
    return {
        pk: RegisterGaps(
            department_id=pk, **counts.get(pk, {}), c45b_warnings=warnings.get(pk, []),
        )
        for pk in department_ids
    }


def register_gaps(*, department: Department) -> RegisterGaps:
    """Active volunteers of a department without cover, without an information note given on
    or before the start, with a duty to report but no declaration; and C45B warnings."""
    return register_gaps_many(departments=[department])[department.pk]


# --- the insurer's list --------------------------------------------------------------------


def insured_persons(*, on: datetime.date | None = None) -> QuerySet[InsuranceCoverage]:
    """Everyone on the policy on a day (default today), in the whole city, one row per
    person (one open period each): the insurer's full list."""
    on = on or timezone.localdate()
    return (
        InsuranceCoverage.objects.filter(insured_from__lte=on)
        .filter(Q(insured_to__isnull=True) | Q(insured_to__gte=on))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )


def coverage_changes(*, since: datetime.date) -> tuple[QuerySet, QuerySet]:
    """Cover registered on or after `since` (additions) and de-registered on or after
    `since` (removals), of the whole city."""
    base = InsuranceCoverage.objects.select_related("person").order_by(
        "person__last_name", "person__first_name", "id"
    )
    return base.filter(registered_on__gte=since), base.filter(deregistered_on__gte=since)


# --- ending an engagement ------------------------------------------------------------------


@dataclass(frozen=True)
class EndOutlook:
    """What ending an engagement will do to the cover the department sees (the confirmation
    says it). Read within the department: whether the person volunteers elsewhere in the
    city is not the department's to know."""

    insured: bool  # the engagement holds cover now
    stays_insured: bool  # ... and another engagement of the volunteer here goes on


def engagement_end_outlook(*, engagement: Engagement) -> EndOutlook:
    """The rule of `services.engagements_end` as the department sees it, read before the
    last day is chosen: the cover on its days ends with the engagement, unless another
    active engagement of the same volunteer (in this department) goes on."""
    today = timezone.localdate()
    insured = InsuranceCoverage.objects.filter(
        person__volunteers=engagement.volunteer_id, insured_to__isnull=True
    ).exists()
    goes_on = (
        Engagement.objects.filter(volunteer_id=engagement.volunteer_id,
                                  status=Engagement.Status.ACTIVE)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .exclude(pk=engagement.pk)
        .exists()
    )
    return EndOutlook(insured=insured, stays_insured=insured and goes_on)


# --- the warnings of many registers at once (the office's home) -----------------------------


@dataclass(frozen=True)
class RegisterWarnings:
    """What warns in a department's register, for an overview of every department at once:
    active volunteers without cover, with a duty to report but no declaration, and C45B
    warnings. The same conditions as `register_gaps_many` (so the same numbers), counted
    one gap per query so that the database filters instead of annotating every engagement."""

    department_id: int
    without_cover: int = 0
    without_declaration: int = 0
    c45b_warnings: list[C45BWarning] = field(default_factory=list)

    @property
    def c45b(self) -> int:
        return len({warning.volunteer_id for warning in self.c45b_warnings})

    def count(self, gap: str) -> int:
        return {Gap.WITHOUT_COVER: self.without_cover,
                Gap.WITHOUT_DECLARATION: self.without_declaration, Gap.C45B: self.c45b}[gap]


# A C45B window of 12 working days never spans more calendar days than this (weekends and a
# run of public holidays included): a start later than this after the filing is no warning.
_C45B_WINDOW_BOUND = datetime.timedelta(days=31)


def register_warnings_many(*, departments: QuerySet[Department]) -> dict[int, RegisterWarnings]:
    """The warnings of the registers of `departments` (a queryset: the database joins it)
    in 4 queries, however many departments and volunteers; only the departments with a
    warning are in the answer."""
    today = timezone.localdate()
    engagements = Engagement.objects.filter(department_id__in=departments.values("pk"))
    covered = InsuranceCoverage.objects.filter(
        person_id=OuterRef("volunteer__person_id"), insured_from__lte=today
    ).filter(Q(insured_to__isnull=True) | Q(insured_to__gte=today))
    declared = BenefitDeclaration.objects.filter(engagement_id=OuterRef("pk"))

    def per_department(queryset) -> dict[int, int]:
        return dict(queryset.values("department_id").annotate(
            n=Count("volunteer_id", distinct=True)).order_by().values_list("department_id", "n"))

    active = engagements.filter(_active_q(today))
    without_cover = per_department(active.filter(~Exists(covered)))
    without_declaration = per_department(
        active.exclude(volunteer__benefit=Benefit.NONE).filter(~Exists(declared)))
    # Only an engagement's first C45B counts (`c45b_warnings_for`); of those, only the ones
    # that can warn: filed after the start, or unanswered with a start inside the bound.
    earlier = BenefitDeclaration.objects.filter(
        engagement_id=OuterRef("engagement_id"), kind=BenefitDeclaration.Kind.C45B,
    ).filter(Q(filed_on__lt=OuterRef("filed_on"))
             | Q(filed_on=OuterRef("filed_on"), pk__lt=OuterRef("pk")))
    bound = models.ExpressionWrapper(
        models.F("filed_on") + _C45B_WINDOW_BOUND, output_field=models.DateField())
    candidates = (
        BenefitDeclaration.objects.filter(
            kind=BenefitDeclaration.Kind.C45B, engagement__in=active)
        .filter(~Exists(earlier))
        .alias(bound=bound)
        .filter(Q(engagement__start_date__lt=models.F("filed_on"))
                | Q(answer=BenefitDeclaration.Answer.NONE,
                    engagement__start_date__lte=models.F("bound")))
        .values_list("engagement_id", "engagement__volunteer_id", "engagement__department_id",
                     "engagement__start_date", "filed_on", "answer")
    )
    # The rule of `c45b_warnings_for` on rows; each filing day's window computed once.
    holidays = public_holidays()
    windows: dict[datetime.date, datetime.date] = {}
    warnings: dict[int, list[C45BWarning]] = {}
    for engagement_id, volunteer_id, department_id, start, filed_on, answer in candidates:
        if filed_on not in windows:
            windows[filed_on] = rules.add_working_days(
                filed_on, rules.C45B_WORKING_DAYS, holidays)
        if start < filed_on:
            reason = "started_before_filing"
        elif start <= windows[filed_on] and answer == BenefitDeclaration.Answer.NONE:
            reason = "started_within_window"
        else:
            continue
        warnings.setdefault(department_id, []).append(C45BWarning(
            engagement_id=engagement_id, volunteer_id=volunteer_id,
            department_id=department_id, start_date=start, filed_on=filed_on,
            window_ends_on=windows[filed_on], reason=reason,
        ))
    warned = set(without_cover) | set(without_declaration) | set(warnings)
    return {
        pk: RegisterWarnings(
            department_id=pk, without_cover=without_cover.get(pk, 0),
            without_declaration=without_declaration.get(pk, 0),
            c45b_warnings=warnings.get(pk, []),
        )
        for pk in sorted(warned)
    }


# --- the register over many departments (the office's overview) ------------------------------


@dataclass(frozen=True)
class RegisterTotals:
    """The register of a set of departments in three numbers. Every number counts persons:
    somebody who volunteers for two of the departments counts once."""

    active: int = 0
    insured: int = 0  # of the active: on the accident policy today
    open_duty_to_report: int = 0  # of the active: a benefit, and an engagement without declaration

    @property
    def insured_percent(self) -> int | None:
        """The share of the active persons that is insured, in whole percent (rounded down,
        so that 99.6 % never reads as everybody); None when nobody is active."""
        if not self.active:
            return None
        return 100 * self.insured // self.active


def register_totals(*, department_ids, today: datetime.date | None = None) -> RegisterTotals:
    """Over the departments `department_ids` (ids, or a queryset of ids): the persons active
    today, those of them insured today, and those with a duty to report and an active
    engagement without a recorded declaration. The conditions are the register's counters'
    (`Gap.ACTIVE`, `Gap.WITHOUT_COVER`, `Gap.WITHOUT_DECLARATION`); counted in the database,
    one query however many departments and volunteers."""
    today = today or timezone.localdate()
    person = "volunteer__person_id"
    totals = (
        _engagements_with_gaps(today)
        .filter(_active_q(today), department_id__in=department_ids)
        .aggregate(
            active=Count(person, distinct=True),
            insured=Count(person, distinct=True, filter=Q(covered=True)),
            open_duty_to_report=Count(
                person, distinct=True,
                filter=~Q(volunteer__benefit=Benefit.NONE) & Q(declared=False),
            ),
        )
    )
    return RegisterTotals(**totals)
