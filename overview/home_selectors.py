"""Reads of every role's home: what the person does most, each a fixed number of queries
whatever the number of departments (counted in SQL, never a Python loop over volunteers).

Who sees what is decided in `beleid.access` only: every queryset below goes through it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from viewflow.workflow.status import STATUS

from beleid import access, roles
from beleid.figures_cache import cached_figures
from beleid.models import Department
from insurance.selectors import Gap, register_gaps_many, register_warnings_many
from kennisdeling.knowledge_selectors import articles_visible
from kennisdeling.models import Article
from kennisdeling.training_selectors import training_offer
from workflows.managers import OFFICE
from workflows.models import (
    ChecklistItem,
    PlanStep,
    Round,
    StepPlanProcess,
    StepPlanTask,
    StepReview,
)
from workflows.selectors import overdue_steps, rounds_with_counts

# Which home a person gets: the first role of theirs in this order.
OFFICE_HOME, AUDITOR_HOME, COORDINATOR_HOME, NO_ROLE_HOME = (
    "office", "auditor", "coordinator", "none")

# How many rows a section of a home lists before it says how many more there are.
SHOWN = 10
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED)


def home_role(user) -> str:
    """The home `user` lands on: the office's (consultants, administrators), the auditor's,
    the coordinator's, or the home of somebody without a role yet."""
    if access.is_office(user):
        return OFFICE_HOME
    if roles.is_auditor(user):
        return AUDITOR_HOME
    if access.is_coordinator(user):
        return COORDINATOR_HOME
    return NO_ROLE_HOME


def current_round() -> Round | None:
    """The round of the latest year: the one the homes speak of."""
    return Round.objects.select_related("framework_version").order_by("-year").first()


def _task_url(task) -> str:
    return task.flow_task.reverse("index", args=[task.process_id, task.pk])


def _open_step_tasks(*, user, process_ids) -> dict[tuple[int, str], StepPlanTask]:
    """(process id, step code) -> the open task of that step `user` may do (one query)."""
    tasks = (
        StepPlanTask.objects.filter(
            process_id__in=list(process_ids), flow_task_type="HUMAN", status__in=OPEN_TASK)
        .workable_by(user)
        .order_by("created", "pk")
    )
    return {(task.process_id, (task.data or {}).get("step", "")): task for task in tasks}


@dataclass(frozen=True)
class Listed:
    """The first rows of a section and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


# --- the office: what needs me today -----------------------------------------------------


@dataclass(frozen=True)
class WaitingReview:
    plan_step: PlanStep
    days_waiting: int
    url: str  # the review task ("" when the flow has not created it)


def reviews_waiting(*, user, today: datetime.date, limit: int = SHOWN) -> Listed:
    """Submitted steps waiting for a review, oldest submission first, each with the days it
    waits and its review task (3 queries)."""
    steps = access.scope_visible(
        PlanStep.objects.filter(status=PlanStep.Status.SUBMITTED), user,
        field="process__department")
    total = steps.count()
    shown = list(
        steps.select_related("process__department", "step", "submitted_by")
        .order_by("submitted_at", "pk")[:limit])
    tasks = _open_step_tasks(user=user, process_ids={s.process_id for s in shown})
    rows = []
    for step in shown:
        task = tasks.get((step.process_id, step.step.code))
        submitted = timezone.localdate(step.submitted_at) if step.submitted_at else today
        rows.append(WaitingReview(
            plan_step=step, days_waiting=(today - submitted).days,
            url=_task_url(task) if task is not None and task.owner_permission == OFFICE else "",
        ))
    return Listed(rows=rows, total=total)


@dataclass(frozen=True)
class OverdueStep:
    plan_step: PlanStep
    days_overdue: int


def steps_overdue(*, user, today: datetime.date, limit: int = SHOWN) -> Listed:
    """The overdue steps the user may see, longest overdue first (2 queries)."""
    steps = overdue_steps(user=user)
    return Listed(
        rows=[OverdueStep(plan_step=step, days_overdue=(today - step.due_date).days)
              for step in steps[:limit]],
        total=steps.count(),
    )


@dataclass(frozen=True)
class DepartmentGap:
    """One department's count of one gap of its register, and the filtered list behind it."""

    department: Department
    gap: str
    count: int


def _gap_rows(names: dict[int, Department], warnings: dict, *kinds: str) -> list[DepartmentGap]:
    """Per department and gap kind a row when the count is not zero; the largest first."""
    rows = [
        DepartmentGap(department=names[pk], gap=kind, count=found.count(kind))
        for pk, found in warnings.items()
        for kind in kinds
        if found.count(kind) and pk in names
    ]
    return sorted(rows, key=lambda row: (-row.count, row.department.name, row.gap))


def _listed(rows: list, limit: int) -> Listed:
    return Listed(rows=rows[:limit], total=len(rows))


@dataclass
class OfficeHome:
    today: datetime.date
    round: Round | None
    reviews: Listed
    overdue: Listed
    uninsured: Listed  # DepartmentGap rows: active volunteers without cover
    duty_to_report: Listed  # DepartmentGap rows: no declaration recorded, C45B warnings
    not_started: Listed  # plans of the current round nobody has touched yet
    gap_departments: int = 0  # departments with an insurance or duty-to-report gap


def plans_not_started(*, user, round_: Round | None) -> QuerySet[StepPlanProcess]:
    """The plans of `round_` (not cancelled) in which nothing happened yet: no step submitted
    and every checklist item still "not started"; by department name."""
    if round_ is None:
        return StepPlanProcess.objects.none()
    moved = PlanStep.objects.filter(process_id=OuterRef("pk")).filter(
        ~Q(status=PlanStep.Status.OPEN) | Q(submitted_at__isnull=False))
    worked = ChecklistItem.objects.filter(plan_step__process_id=OuterRef("pk")).exclude(
        status=ChecklistItem.Status.NOT_STARTED)
    return (
        StepPlanProcess.objects.visible_to(user)
        .filter(round=round_)
        .exclude(status=STATUS.CANCELED)
        .filter(~Exists(moved), ~Exists(worked))
        .select_related("department")
        .order_by("department__name", "pk")
    )


def office_home(*, user, today: datetime.date | None = None, limit: int = SHOWN) -> OfficeHome:
    """What needs the Vrijwilligerspunt today, in all departments the user may see."""
    today = today or timezone.localdate()
    round_ = current_round()
    # Counted over every register (kept until the next audit event: `cached_figures`).
    ids = tuple(access.visible_departments(user).filter(active=True)
                .order_by("pk").values_list("pk", flat=True))
    warnings = cached_figures(
        name="register_warnings", parts=(today, ids),
        compute=lambda: register_warnings_many(departments=Department.objects.filter(pk__in=ids)),
    )
    # Only the departments with a warning are named (their name, slug for the link).
    names = Department.objects.only("pk", "name", "slug").in_bulk(list(warnings))
    uninsured = _gap_rows(names, warnings, Gap.WITHOUT_COVER)
    reporting = _gap_rows(names, warnings, Gap.WITHOUT_DECLARATION, Gap.C45B)
    not_started = plans_not_started(user=user, round_=round_)
    return OfficeHome(
        today=today,
        round=round_,
        reviews=reviews_waiting(user=user, today=today, limit=limit),
        overdue=steps_overdue(user=user, today=today, limit=limit),
        uninsured=_listed(uninsured, limit),
        duty_to_report=_listed(reporting, limit),
        not_started=Listed(rows=list(not_started[:limit]), total=not_started.count()),
        gap_departments=len({row.department.pk for row in uninsured + reporting}),
    )


# --- the coordinator's home ------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentProgress:
    department: Department
    plan: StepPlanProcess | None  # None: the department is not in the current round
    approved: int = 0
    total: int = 0  # the plan's steps, cancelled ones left out

    @property
    def done(self) -> bool:
        return self.plan is not None and self.total > 0 and self.approved == self.total


@dataclass(frozen=True)
class OpenTask:
    task: StepPlanTask
    department: Department
    step: PlanStep | None
    url: str

    @property
    def due_date(self) -> datetime.date | None:
        return self.step.due_date if self.step is not None else None


@dataclass(frozen=True)
class ReturnedStep:
    plan_step: PlanStep
    review: StepReview | None
    url: str


@dataclass(frozen=True)
class RegisterLine:
    """A gap of a department's register: its count and the list behind it."""

    department: Department
    gap: str
    label: str
    count: int


@dataclass
class CoordinatorHome:
    today: datetime.date
    round: Round | None
    departments: list[DepartmentProgress]
    tasks: Listed  # OpenTask rows, soonest due first
    returned: list[ReturnedStep]
    register: list[RegisterLine]
    register_clear: bool
    trainings: list
    articles: list


# What a coordinator's register misses (the C45B warnings too: a volunteer who started too early).
REGISTER_GAPS = (Gap.WITHOUT_COVER, Gap.WITHOUT_NOTE, Gap.WITHOUT_DECLARATION, Gap.C45B)


def _plan_progress(plans) -> QuerySet[StepPlanProcess]:
    counted = ~Q(steps__status=PlanStep.Status.CANCELLED)
    return plans.annotate(
        approved=Count("steps", filter=Q(steps__status=PlanStep.Status.APPROVED)),
        total=Count("steps", filter=counted),
    )


def coordinator_home(*, user, today: datetime.date | None = None,
                     limit: int = SHOWN) -> CoordinatorHome:
    """A coordinator's departments with their plan's progress, their open tasks (soonest due
    first), returned steps with the reviewer's comment, what their registers miss, the
    upcoming training sessions and what is new in the knowledge base."""
    today = today or timezone.localdate()
    round_ = current_round()
    departments = list(access.visible_departments(user).order_by("name"))
    plans = {}
    if round_ is not None:
        plans = {
            plan.department_id: plan
            for plan in _plan_progress(
                StepPlanProcess.objects.visible_to(user).filter(round=round_)
                .exclude(status=STATUS.CANCELED))
        }
    progress = [
        DepartmentProgress(
            department=department, plan=plans.get(department.pk),
            approved=getattr(plans.get(department.pk), "approved", 0),
            total=getattr(plans.get(department.pk), "total", 0))
        for department in departments
    ]
    by_pk = {department.pk: department for department in departments}

    # Open tasks of the step plan that are theirs, and the steps (due dates) behind them.
    tasks = list(
        StepPlanTask.objects.filter(flow_task_type="HUMAN", status__in=OPEN_TASK)
        .visible_to(user).workable_by(user)
        .select_related("process__stepplanprocess")
        .order_by("created", "pk"))
    returned_steps = access.scope_visible(
        PlanStep.objects.filter(status=PlanStep.Status.RETURNED), user,
        field="process__department")
    steps = {
        (step.process_id, step.step.code): step
        for step in PlanStep.objects.filter(
            Q(process_id__in={task.process_id for task in tasks}) | Q(pk__in=returned_steps))
        .select_related("step", "process__department")
    }
    open_tasks = []
    for task in tasks:
        step = steps.get((task.process_id, (task.data or {}).get("step", "")))
        department = by_pk.get(task.process.stepplanprocess.department_id)
        if department is not None:
            open_tasks.append(OpenTask(task=task, department=department, step=step,
                                       url=_task_url(task)))
    far = datetime.date.max
    open_tasks.sort(key=lambda row: (row.due_date or far, row.department.name,
                                     row.step.step.order if row.step else 0, row.task.pk))

    # Returned steps, each with the review that returned it (the latest decision).
    returned = [step for step in steps.values() if step.status == PlanStep.Status.RETURNED]
    last_review = {}
    for review in (StepReview.objects.filter(plan_step__in=[s.pk for s in returned])
                   .select_related("reviewer").order_by("decided_at", "id")):
        last_review[review.plan_step_id] = review
    task_of = {(row.task.process_id, row.step.step.code): row.url
               for row in open_tasks if row.step is not None}
    returned_rows = sorted(
        (ReturnedStep(plan_step=step, review=last_review.get(step.pk),
                      url=task_of.get((step.process_id, step.step.code), ""))
         for step in returned),
        key=lambda row: (row.plan_step.due_date, row.plan_step.process.department.name,
                         row.plan_step.step.order),
    )

    # What the registers miss: a count per department and gap, linking to the list.
    gaps = register_gaps_many(departments=departments)
    register = [
        RegisterLine(department=department, gap=gap, label=gap.label,
                     count=gaps[department.pk].count(gap))
        for department in departments
        for gap in REGISTER_GAPS
        if gaps[department.pk].count(gap)
    ]
    return CoordinatorHome(
        today=today,
        round=round_,
        departments=progress,
        tasks=_listed(open_tasks, limit),
        returned=returned_rows[:limit],
        register=register,
        register_clear=not register,
        trainings=list(training_offer()[:5]),
        articles=newest_articles(user=user),
    )


def newest_articles(*, user, limit: int = 5) -> list[Article]:
    """The published articles `user` may read, last published or changed first."""
    return list(
        articles_visible(user=user).filter(status=Article.Status.PUBLISHED)
        .only("pk", "slug", "title", "summary", "kind", "updated_at")
        .order_by("-updated_at", "-pk")[:limit])


# --- the auditor's home ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCell:
    """A department's plan of one year, in words: signed off, n of N approved, not in it."""

    year: int
    plan_id: int | None = None
    approved: int = 0
    total: int = 0
    signed_off: bool = False
    cancelled: bool = False


@dataclass
class AuditorHome:
    rounds: list[Round]
    page: object  # a page of departments
    rows: list[tuple[Department, list[PlanCell]]]


def auditor_home(*, user, page_number=None, per_page: int = 50,
                 years_shown: int = 3) -> AuditorHome:
    """Per round the counts, and per department (a page of them) the status of its plan in
    the latest rounds, with its audit trail."""
    rounds = list(rounds_with_counts(user=user).order_by("-year"))
    years = [round_.year for round_ in rounds[:years_shown]]
    page = Paginator(
        access.visible_departments(user).order_by("name").only("pk", "name", "slug"), per_page,
    ).get_page(page_number)
    cells: dict[tuple[int, int], PlanCell] = {}
    if years and page.object_list:
        plans = _plan_progress(
            StepPlanProcess.objects.visible_to(user).filter(
                department__in=[d.pk for d in page], year__in=years)
        ).values_list("pk", "department_id", "year", "approved", "total", "signed_off_at",
                      "status")
        for pk, department_id, year, approved, total, signed_off_at, status in plans:
            cells[(department_id, year)] = PlanCell(
                year=year, plan_id=pk, approved=approved, total=total,
                signed_off=signed_off_at is not None, cancelled=status == STATUS.CANCELED)
    rows = [
        (department, [cells.get((department.pk, year), PlanCell(year=year)) for year in years])
        for department in page
    ]
    return AuditorHome(rounds=rounds[:years_shown], page=page, rows=rows)
