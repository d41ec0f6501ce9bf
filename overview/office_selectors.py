"""Reads of the office's overview of all departments: the matrix of a yearly round
(departments x the steps of its step plan), its totals, the figures above it, and the progress
over the rounds.

Who may read it: `beleid.access.can_see_office_overview`; every queryset of department data
still goes through `beleid.access.scope_visible`. Every read here costs a fixed number of
queries whatever the number of departments: the plans of the round come in one query with
their counts (approved, overdue), the cells of a page in one more, the totals per step and the
register's figures are counted in the database.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beleid.access import scope_visible
from beleid.figures_cache import cached_figures
from beleid.models import Department, Step
from beleid.selectors import training_period_months
from insurance.selectors import RegisterTotals, register_totals
from kennisdeling.training_selectors import training_valid_until
from workflows.models import ChecklistItem, PlanStep, Round, StepPlanProcess, StepReview

Status = PlanStep.Status

# A training that lapses within this many days is flagged on the overview.
TRAINING_LAPSE_DAYS = 90


class Sort:
    """The orders of the matrix's rows (`OfficeFilters.sort`)."""

    NAME = "name"
    MOST_APPROVED = "most_approved"
    FEWEST_APPROVED = "fewest_approved"
    MOST_OVERDUE = "most_overdue"

    CHOICES = (
        (NAME, _("Name")),
        (MOST_APPROVED, _("Most steps approved first")),
        (FEWEST_APPROVED, _("Fewest steps approved first")),
        (MOST_OVERDUE, _("Most steps overdue first")),
    )
    ORDER = {
        NAME: ("department__name", "pk"),
        MOST_APPROVED: ("-approved", "department__name", "pk"),
        FEWEST_APPROVED: ("approved", "department__name", "pk"),
        MOST_OVERDUE: ("-overdue", "department__name", "pk"),
    }


@dataclass(frozen=True)
class OfficeFilters:
    """What the office chose to see. Department filters (organisation, cluster, welfare
    decree) and step filters: departments with a step (`step`, or any step) in `status`
    and/or overdue; `reviewer`: departments of which that person reviewed a step in the round
    (departments have no consultant of their own: who reviewed their steps is the one who
    follows them up)."""

    year: int | None = None
    organisation: str = ""
    cluster: str = ""
    welfare_decree: bool | None = None
    step: str = ""
    status: str = ""
    overdue: bool = False
    reviewer: int | None = None
    sort: str = Sort.NAME


# --- the rounds and their steps --------------------------------------------------------------


def rounds() -> list[Round]:
    """Every yearly round, latest first, with its framework version (one query)."""
    return list(Round.objects.select_related("framework_version").order_by("-year"))


def chosen_round(all_rounds: list[Round], year: int | None) -> Round | None:
    """The round of `year`, or the latest round when no (known) year was chosen."""
    by_year = {round_.year: round_ for round_ in all_rounds}
    if year in by_year:
        return by_year[year]
    return all_rounds[0] if all_rounds else None


def round_steps(*, round_: Round) -> list[Step]:
    """The steps of the round's step plan, in the plan's order (one query)."""
    return list(
        Step.objects.filter(version_id=round_.framework_version_id).order_by("order", "code")
    )


def cluster_choices() -> list[str]:
    """The clusters departments belong to (one query)."""
    return list(
        Department.objects.exclude(cluster="")
        .order_by("cluster")
        .values_list("cluster", flat=True)
        .distinct()
    )


def reviewer_choices(*, round_: Round) -> QuerySet:
    """Everybody who reviewed a step of the round: the people the consultant filter offers
    (one query)."""
    reviewed = StepReview.objects.filter(plan_step__process__round=round_).values("reviewer_id")
    return get_user_model().objects.filter(pk__in=reviewed).order_by(
        "first_name", "last_name", "username"
    )


# --- the plans of a round, filtered ----------------------------------------------------------


def _department_filters(plans: QuerySet, filters: OfficeFilters) -> QuerySet:
    if filters.organisation:
        plans = plans.filter(department__organisation=filters.organisation)
    if filters.cluster:
        plans = plans.filter(department__cluster=filters.cluster)
    if filters.welfare_decree is not None:
        plans = plans.filter(department__welfare_decree=filters.welfare_decree)
    return plans


def filtered_plans(
    *, user, round_: Round, filters: OfficeFilters, today: datetime.date
) -> QuerySet[StepPlanProcess]:
    """The plans of the round that `user` may see and that the filters keep, each with
    `steps_total` (the steps not cancelled), `approved` and `overdue`, in the chosen order."""
    plans = scope_visible(StepPlanProcess.objects.filter(round=round_), user)
    return _filtered(plans, filters=filters, today=today)


def city_plans(
    *, round_: Round, filters: OfficeFilters, today: datetime.date
) -> QuerySet[StepPlanProcess]:
    """`filtered_plans` of the whole city, for background work that acts for no user (a
    report made on the command line): not scoped at all."""
    return _filtered(StepPlanProcess.objects.filter(round=round_), filters=filters, today=today)


def _filtered(plans: QuerySet, *, filters: OfficeFilters, today: datetime.date) -> QuerySet:
    plans = _department_filters(plans, filters)
    if filters.status or filters.overdue:
        matching = PlanStep.objects.filter(process_id=OuterRef("pk"))
        if filters.step:
            matching = matching.filter(step__code=filters.step)
        if filters.status:
            matching = matching.filter(status=filters.status)
        if filters.overdue:
            matching = matching.filter(PlanStep.overdue_condition(today=today))
        plans = plans.filter(Exists(matching))
    if filters.reviewer:
        plans = plans.filter(
            Exists(
                StepReview.objects.filter(
                    plan_step__process_id=OuterRef("pk"), reviewer_id=filters.reviewer
                )
            )
        )
    # The one rule of "overdue" (`PlanStep.overdue_condition`), seen from the plan.
    overdue = Q(**{f"steps__{key}": value
                   for key, value in PlanStep.overdue_condition(today=today).children})
    return plans.annotate(
        steps_total=Count("steps", filter=~Q(steps__status=Status.CANCELLED)),
        approved=Count("steps", filter=Q(steps__status=Status.APPROVED)),
        overdue=Count("steps", filter=overdue),
    ).order_by(*Sort.ORDER.get(filters.sort, Sort.ORDER[Sort.NAME]))


# --- the matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One step of one department: its status in words (and colour), overdue or not."""

    step_code: str
    status: str
    label: str
    due_date: datetime.date
    overdue: bool

    @property
    def css(self) -> str:
        return "office-cell--overdue" if self.overdue else f"office-cell--{self.status}"


@dataclass(frozen=True)
class MatrixRow:
    """A department's row: its plan of the round, its cells in the order of the steps (None
    where the plan has no such step), approved of total."""

    plan_id: int
    department_id: int
    department_name: str
    department_slug: str
    organisation: str
    cluster: str
    welfare_decree: bool
    plan_cancelled: bool
    steps_total: int
    approved: int
    overdue: int
    cells: list[Cell | None] = field(default_factory=list)

    @property
    def fully_approved(self) -> bool:
        return self.steps_total > 0 and self.approved == self.steps_total


_ROW_FIELDS = (
    "pk", "department_id", "department__name", "department__slug", "department__organisation",
    "department__cluster", "department__welfare_decree", "status", "steps_total", "approved",
    "overdue",
)


def plan_rows(plans: QuerySet[StepPlanProcess]) -> list[MatrixRow]:
    """Every plan that the filters keep, as a row without its cells (one query): light
    enough to hold the whole city (400 departments) for the figures and the pages."""
    organisations = dict(Department.Organisation.choices)
    return [
        MatrixRow(
            plan_id=pk, department_id=department_id, department_name=name, department_slug=slug,
            organisation=str(organisations.get(organisation, organisation)), cluster=cluster,
            welfare_decree=welfare, plan_cancelled=status == "CANCELED", steps_total=total,
            approved=approved, overdue=overdue,
        )
        for (pk, department_id, name, slug, organisation, cluster, welfare, status, total,
             approved, overdue) in plans.values_list(*_ROW_FIELDS)
    ]


def status_labels() -> dict[str, str]:
    return {status: str(label) for status, label in Status.choices}


def with_cells(rows: list[MatrixRow], steps: list[Step], today: datetime.date) -> list[MatrixRow]:
    """`rows` with their cells, in the order of `steps` (one query for all of them)."""
    labels = status_labels()
    found: dict[int, dict[int, Cell]] = defaultdict(dict)
    codes = {step.pk: step.code for step in steps}
    for process_id, step_id, status, due_date in PlanStep.objects.filter(
        process_id__in=[row.plan_id for row in rows]
    ).order_by().values_list("process_id", "step_id", "status", "due_date"):
        found[process_id][step_id] = Cell(
            step_code=codes.get(step_id, ""), status=status, label=labels[status],
            due_date=due_date,
            overdue=status in PlanStep.STILL_OPEN and due_date < today,
        )
    return [
        MatrixRow(**{**row.__dict__, "cells": [found[row.plan_id].get(step.pk) for step in steps]})
        for row in rows
    ]


def checklists_of(*, plan_steps: list[PlanStep]) -> dict[int, list[ChecklistItem]]:
    """Plan step id -> its checklist items with their requirements (one query), for the
    drill-down of a cell."""
    items: dict[int, list[ChecklistItem]] = {}
    for item in ChecklistItem.objects.filter(plan_step__in=plan_steps).select_related(
        "requirement"
    ):
        items.setdefault(item.plan_step_id, []).append(item)
    return items


# --- totals per step -------------------------------------------------------------------------


@dataclass(frozen=True)
class StepTotal:
    """Per step of the plan, how many departments of the filtered set have it in each status,
    and how many of those are overdue."""

    step: Step
    counts: dict[str, int]
    overdue: int

    def in_words(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of every status that occurs, in the order of the statuses."""
        labels = status_labels()
        return [(status, labels[status], self.counts[status])
                for status in Status.values if self.counts.get(status)]


def step_totals(
    *, plans: QuerySet[StepPlanProcess], steps: list[Step], today: datetime.date
) -> list[StepTotal]:
    """The totals of every step over the filtered plans (one query)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    overdue: dict[int, int] = defaultdict(int)
    rows = (
        PlanStep.objects.filter(process__in=plans.values("pk"))
        .order_by()
        .values("step_id", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=PlanStep.overdue_condition(today=today)))
    )
    for row in rows:
        counts[row["step_id"]][row["status"]] = row["n"]
        overdue[row["step_id"]] += row["late"]
    return [StepTotal(step=step, counts=counts[step.pk], overdue=overdue[step.pk])
            for step in steps]


# --- the figures above the matrix ------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The figures of the filtered departments, at the top of the overview."""

    departments: int
    fully_approved: int
    waiting_for_review: int
    overdue: int
    register: RegisterTotals
    trained: int  # a coordinator's basic training counts today
    training_lapses_soon: int  # ... and lapses within TRAINING_LAPSE_DAYS


def figures(
    *, rows: list[MatrixRow], totals: list[StepTotal], round_: Round, today: datetime.date,
) -> Figures:
    """The figures over `rows` (every filtered plan): steps from the step totals, the
    register counted in the database (one query; kept until the next audit event:
    `cached_figures`, one query either way), the training from the coordinators'
    attendance (two queries)."""
    ids = tuple(sorted(row.department_id for row in rows))
    months = training_period_months(version=round_.framework_version)
    trainings = training_valid_until(department_ids=list(ids), months=months, today=today)
    valid = [training for training in trainings.values() if training.is_valid(today)]
    soon = today + datetime.timedelta(days=TRAINING_LAPSE_DAYS)
    return Figures(
        departments=len(rows),
        fully_approved=sum(1 for row in rows if row.fully_approved),
        waiting_for_review=sum(total.counts.get(Status.SUBMITTED, 0) for total in totals),
        overdue=sum(total.overdue for total in totals),
        register=cached_figures(
            name="register_totals", parts=(today, ids),
            compute=lambda: register_totals(department_ids=ids, today=today),
        ),
        trained=len(valid),
        training_lapses_soon=sum(1 for training in valid if training.valid_until <= soon),
    )


# --- progress over the rounds ----------------------------------------------------------------


@dataclass(frozen=True)
class YearProgress:
    year: int
    departments: int
    steps: int  # not cancelled
    approved: int

    @property
    def percent(self) -> int:
        return 100 * self.approved // self.steps if self.steps else 0


def progress_over_rounds(*, user, filters: OfficeFilters) -> list[YearProgress]:
    """Per round (year, oldest first), over the departments the department filters keep
    (organisation, cluster, welfare decree): how many of their steps were approved (one
    query). The step filters and the consultant filter speak of one round: not applied."""
    return _progress(_department_filters(scope_visible(StepPlanProcess.objects.all(), user),
                                         filters))


def city_progress_over_rounds(*, filters: OfficeFilters) -> list[YearProgress]:
    """`progress_over_rounds` of the whole city, for background work that acts for no user."""
    return _progress(_department_filters(StepPlanProcess.objects.all(), filters))


def _progress(plans: QuerySet) -> list[YearProgress]:
    rows = (
        PlanStep.objects.filter(process__in=plans.values("pk"))
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("process__year")
        .annotate(
            departments=Count("process_id", distinct=True),
            steps=Count("pk"),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
        .order_by("process__year")
    )
    return [
        YearProgress(year=row["process__year"], departments=row["departments"],
                     steps=row["steps"], approved=row["approved"])
        for row in rows
    ]


@dataclass(frozen=True)
class Bar:
    """A bar of the progress chart, in the chart's own units (viewBox)."""

    year: int
    percent: int
    x: int
    y: int
    width: int
    height: int
    label_x: int


CHART_HEIGHT = 120  # the height of 100 %
CHART_TOP = 20  # room for the percentages above the bars
BAR_WIDTH = 48
BAR_GAP = 24


def progress_bars(progress: list[YearProgress]) -> list[Bar]:
    """The bars of the server-rendered chart: one per year, its height the share approved."""
    bars = []
    for index, year in enumerate(progress):
        height = CHART_HEIGHT * year.percent // 100
        x = BAR_GAP + index * (BAR_WIDTH + BAR_GAP)
        bars.append(Bar(
            year=year.year, percent=year.percent, x=x, y=CHART_TOP + CHART_HEIGHT - height,
            width=BAR_WIDTH, height=height, label_x=x + BAR_WIDTH // 2,
        ))
    return bars


def chart_width(bars: list[Bar]) -> int:
    return BAR_GAP + len(bars) * (BAR_WIDTH + BAR_GAP)


# --- one page: everything the overview shows -------------------------------------------------


@dataclass
class OfficeOverview:
    round: Round
    steps: list[Step]
    rows: list[MatrixRow]  # every filtered plan, without cells
    totals: list[StepTotal]
    figures: Figures | None


def office_overview(*, user, round_: Round, steps: list[Step], filters: OfficeFilters,
                    today: datetime.date | None = None, with_figures: bool = True
                    ) -> OfficeOverview:
    """The matrix of `round_` (rows without cells: `with_cells` adds them to a page) over the
    filtered departments (one query); with `with_figures`, the totals per step and the
    figures above the matrix too (four more; the exports leave them out)."""
    today = today or timezone.localdate()
    plans = filtered_plans(user=user, round_=round_, filters=filters, today=today)
    rows = plan_rows(plans)
    if not with_figures:
        return OfficeOverview(round=round_, steps=steps, rows=rows, totals=[], figures=None)
    totals = step_totals(plans=plans, steps=steps, today=today)
    return OfficeOverview(
        round=round_, steps=steps, rows=rows, totals=totals,
        figures=figures(rows=rows, totals=totals, round_=round_, today=today),
    )
