"""Reads of the step plan, scoped through `beleid.access`."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from beleid.access import scope_visible
from beleid.models import AuditEvent

from .models import (
    ApprovedVision,
    ChecklistItem,
    Evidence,
    PlanStep,
    Round,
    StepPlanProcess,
    StepPlanTask,
    StepReview,
)


def plans_visible(*, user) -> QuerySet[StepPlanProcess]:
    return StepPlanProcess.objects.visible_to(user)


def plan_due_dates(*, process: StepPlanProcess) -> dict[str, datetime.date]:
    """Step code -> due date of every step of a department's plan (one query, then cached on
    the process object: the flow asks it for every step it opens)."""
    if not hasattr(process, "_due_dates"):
        process._due_dates = dict(process.steps.values_list("step__code", "due_date"))
    return process._due_dates


def plan_step_checklist(*, plan_step: PlanStep) -> list[ChecklistItem]:
    """The items of a step with their requirement and evidence (2 queries)."""
    return list(
        ChecklistItem.objects.filter(plan_step=plan_step)
        .select_related("requirement", "carried_over_from")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("added_by", "article").order_by(
                    "added_at", "id"),
            )
        )
    )


def plan_step_of_task(*, task) -> PlanStep:
    return PlanStep.objects.select_related(
        "process__department", "process__round__framework_version", "step"
    ).get(process_id=task.process_id, step__code=task.data["step"])


def approved_visions(*, department) -> QuerySet[ApprovedVision]:
    """Every approved version of a department's vision, newest first."""
    return (
        ApprovedVision.objects.filter(department=department)
        .select_related("plan_step__process", "approved_by")
        .order_by("-approved_at")
    )


def round_overview(*, round_: Round, user) -> QuerySet[StepPlanProcess]:
    """The plans of the round the user may see, by department name, each with its steps
    (status, due date, overdue) prefetched: a page of them costs two queries."""
    return (
        plans_visible(user=user)
        .filter(round=round_)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=PlanStep.objects.select_related("step", "cancelled_by").order_by(
                    "step__order"
                ),
            )
        )
        .order_by("department__name", "pk")
    )


@dataclass(frozen=True)
class StepCell:
    """One step of a department on the round overview, ready to show."""

    title: str
    status: str
    label: str
    overdue: bool
    cancelled_by: object | None
    cancelled_at: datetime.datetime | None


def round_overview_rows(plans) -> list[tuple[StepPlanProcess, list[StepCell]]]:
    """Per plan of a page of `round_overview`, its steps as cells. Each label is looked up once
    per page, not once per cell: a page is 50 departments of 10 steps."""
    today = timezone.localdate()
    labels = {status: str(label).lower() for status, label in PlanStep.Status.choices}
    titles: dict[int, str] = {}
    rows = []
    for plan in plans:
        cells = []
        for step in plan.steps.all():
            if step.step_id not in titles:
                titles[step.step_id] = step.step.display_title
            cells.append(StepCell(
                title=titles[step.step_id], status=step.status, label=labels[step.status],
                overdue=step.is_overdue_on(today), cancelled_by=step.cancelled_by,
                cancelled_at=step.cancelled_at,
            ))
        rows.append((plan, cells))
    return rows


def rounds_with_counts(*, user) -> QuerySet[Round]:
    visible = Q(processes__in=plans_visible(user=user))
    return Round.objects.select_related("framework_version").annotate(
        department_count=Count("processes", filter=visible, distinct=True),
        signed_off_count=Count(
            "processes", filter=visible & Q(processes__signed_off_at__isnull=False), distinct=True
        ),
    )


def overdue_steps(*, user) -> QuerySet[PlanStep]:
    """The overdue steps of the departments the user may see, the longest overdue first."""
    return (
        scope_visible(PlanStep.objects.overdue(), user, field="process__department")
        .select_related("process__department", "step")
        .order_by("due_date", "process__department__name")
    )


def plan_history(*, process: StepPlanProcess) -> QuerySet[AuditEvent]:
    """The audit events of one department's plan of one year, newest first: the process, its
    steps, items, evidence and tasks."""

    def ids(queryset):
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    objects = {
        StepPlanProcess: [str(process.pk)],
        PlanStep: ids(PlanStep.objects.filter(process=process)),
        ChecklistItem: ids(ChecklistItem.objects.filter(plan_step__process=process)),
        Evidence: ids(Evidence.objects.filter(item__plan_step__process=process)),
        StepPlanTask: ids(StepPlanTask.objects.filter(process=process)),
    }
    types = ContentType.objects.get_for_models(*objects)
    match = Q()
    for model, pks in objects.items():
        match |= Q(object_type=types[model], object_id__in=pks)
    return (
        AuditEvent.objects.filter(match, department=process.department)
        .select_related("actor", "object_type", "department")
        .order_by("-created_at", "-id")
    )


# --- the content of a step, its reviews and what changed since a return ----------------------


def plan_step_snapshot(*, plan_step: PlanStep, items: list[ChecklistItem] | None = None) -> dict:
    """What the step's checklist holds now, as stored with a review (`StepReview.snapshot`)."""
    if items is None:
        items = plan_step_checklist(plan_step=plan_step)
    snapshot = {}
    for item in items:
        snapshot[item.requirement.code] = {
            "status": item.status,
            "explanation": item.explanation,
            "interpretation": item.interpretation,
            "comment": item.comment,
            "evidence": [
                {
                    "id": evidence.pk,
                    "kind": evidence.kind,
                    "name": str(evidence),
                    "sha256": evidence.sha256,
                }
                for evidence in item.evidence.all()
            ],
        }
    return {"vision_text": plan_step.vision_text, "items": snapshot}


def step_reviews(*, plan_step: PlanStep) -> list[StepReview]:
    """Every review decision on the step, oldest first, with the reviewer."""
    return list(
        StepReview.objects.filter(plan_step=plan_step)
        .select_related("reviewer", "submitted_by")
        .order_by("decided_at", "id")
    )


def last_return(*, plan_step: PlanStep) -> StepReview | None:
    """The review that returned the step, when the step's last decision was a return."""
    last = (
        StepReview.objects.filter(plan_step=plan_step)
        .select_related("reviewer")
        .order_by("-decided_at", "-id")
        .first()
    )
    return last if last is not None and last.decision == StepReview.Decision.RETURNED else None


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChanges:
    code: str
    title: str
    fields: list[FieldChange]
    evidence_added: list[str]
    evidence_removed: list[str]


@dataclass(frozen=True)
class StepChanges:
    """What changed in a step between a review (`since`) and now."""

    since: StepReview
    vision: FieldChange | None
    items: list[ItemChanges]  # only the items that changed

    @property
    def any(self) -> bool:
        return bool(self.vision or self.items)


_ITEM_FIELDS = ("status", "explanation", "interpretation", "comment")


def _field_label(name: str) -> str:
    return str(ChecklistItem._meta.get_field(name).verbose_name).capitalize()


def _shown(field: str, value: str) -> str:
    if field == "status" and value in ChecklistItem.Status.values:
        return str(ChecklistItem.Status(value).label)
    return value


def _evidence_key(evidence: dict) -> tuple:
    # A carried-over or re-added file is the same evidence when its content is the same.
    return (evidence["kind"], evidence["sha256"] or evidence["name"])


def step_changes(*, plan_step: PlanStep, since: StepReview) -> StepChanges:
    """Per item, what changed since the review `since`: status, explanation, interpretation,
    comments, evidence added and removed; and the vision text."""
    before = since.snapshot or {}
    checklist = plan_step_checklist(plan_step=plan_step)
    now = plan_step_snapshot(plan_step=plan_step, items=checklist)
    vision = None
    if before.get("vision_text", "") != now["vision_text"]:
        vision = FieldChange(
            label=str(PlanStep._meta.get_field("vision_text").verbose_name).capitalize(),
            before=before.get("vision_text", ""),
            after=now["vision_text"],
        )
    titles = {item.requirement.code: item.requirement.display_title for item in checklist}
    items = []
    old_items = before.get("items", {})
    for code, current in now["items"].items():
        old = old_items.get(code, {})
        fields = [
            FieldChange(
                label=_field_label(field),
                before=_shown(field, old.get(field, "")),
                after=_shown(field, current[field]),
            )
            for field in _ITEM_FIELDS
            if old.get(field, "") != current[field]
        ]
        old_evidence = {_evidence_key(e): e["name"] for e in old.get("evidence", [])}
        new_evidence = {_evidence_key(e): e["name"] for e in current["evidence"]}
        added = [name for key, name in new_evidence.items() if key not in old_evidence]
        removed = [name for key, name in old_evidence.items() if key not in new_evidence]
        if fields or added or removed:
            items.append(
                ItemChanges(
                    code=code,
                    title=titles.get(code, ""),
                    fields=fields,
                    evidence_added=added,
                    evidence_removed=removed,
                )
            )
    return StepChanges(since=since, vision=vision, items=items)


def changes_since_return(*, plan_step: PlanStep) -> StepChanges | None:
    """For a step that was returned and submitted again: what changed since the return."""
    returned = last_return(plan_step=plan_step)
    if returned is None:
        return None
    return step_changes(plan_step=plan_step, since=returned)


# --- the steps of a plan, as shown on its pages ---------------------------------------------


@dataclass(frozen=True)
class StepRow:
    """A step of a plan with its latest task (the link to its content) and last review."""

    step: PlanStep
    task: object | None  # the latest checklist or review task of the step
    last_review: StepReview | None

    @property
    def url(self) -> str:
        if self.task is None:
            return ""
        return self.task.flow_task.reverse("index", args=[self.task.process_id, self.task.pk])

    @property
    def is_open(self) -> bool:
        return self.step.status not in (PlanStep.Status.APPROVED, PlanStep.Status.CANCELLED)


def plan_step_rows(*, process: StepPlanProcess) -> list[StepRow]:
    """Every step of a plan with its latest human task and its last review (3 queries)."""
    steps = list(
        PlanStep.objects.filter(process=process)
        .select_related("step", "submitted_by", "approved_by", "cancelled_by")
        .order_by("step__order")
    )
    latest_task = {}
    for task in StepPlanTask.objects.filter(process=process, flow_task_type="HUMAN").order_by(
        "created", "pk"
    ):
        code = (task.data or {}).get("step")
        if code:
            latest_task[code] = task
    last_review = {}
    for review in (
        StepReview.objects.filter(plan_step__process=process)
        .select_related("reviewer")
        .order_by("decided_at", "id")
    ):
        last_review[review.plan_step_id] = review
    return [
        StepRow(
            step=step,
            task=latest_task.get(step.step.code),
            last_review=last_review.get(step.pk),
        )
        for step in steps
    ]


def latest_step_task(*, process: StepPlanProcess, step_code: str):
    """The newest checklist or review task of a step (None before the checklists exist)."""
    return (
        StepPlanTask.objects.filter(
            process=process, flow_task_type="HUMAN", data__step=step_code
        )
        .order_by("-created", "-pk")
        .first()
    )


def plan_step_content(*, plan_step: PlanStep) -> dict:
    """What a step's pages show: the step, its items with their evidence, every review."""
    plan_step = PlanStep.objects.select_related(
        "step", "process__department", "submitted_by", "approved_by", "cancelled_by"
    ).get(pk=plan_step.pk)
    return {
        "plan_step": plan_step,
        "items": plan_step_checklist(plan_step=plan_step),
        "reviews": step_reviews(plan_step=plan_step),
    }
