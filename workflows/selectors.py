"""Reads of the step plan, scoped through `beleid.access`."""

from django.db.models import Count, Prefetch, Q, QuerySet

from beleid.access import scope_visible
from beleid.models import AuditEvent

from .models import ApprovedVision, ChecklistItem, Evidence, PlanStep, Round, StepPlanProcess


def plans_visible(*, user) -> QuerySet[StepPlanProcess]:
    return StepPlanProcess.objects.visible_to(user)


def plan_step_checklist(*, plan_step: PlanStep) -> list[ChecklistItem]:
    """The items of a step with their requirement and evidence (3 queries)."""
    return list(
        ChecklistItem.objects.filter(plan_step=plan_step)
        .select_related("requirement", "carried_over_from")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("added_at")))
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


def round_overview(*, round_: Round, user) -> list[dict]:
    """Per department of the round: its plan steps, with status, due date and overdue."""
    processes = (
        plans_visible(user=user)
        .filter(round=round_)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "steps", queryset=PlanStep.objects.select_related("step").order_by("step__order")
            )
        )
        .order_by("department__name")
    )
    return [{"process": process, "steps": list(process.steps.all())} for process in processes]


def rounds_with_counts(*, user) -> QuerySet[Round]:
    visible = Q(processes__in=plans_visible(user=user))
    return Round.objects.select_related("framework_version").annotate(
        department_count=Count("processes", filter=visible, distinct=True),
        signed_off_count=Count(
            "processes", filter=visible & Q(processes__signed_off_at__isnull=False), distinct=True
        ),
    )


def overdue_steps(*, user) -> QuerySet[PlanStep]:
    from django.utils import timezone

    return (
        scope_visible(PlanStep.objects.all(), user, field="process__department")
        .exclude(status=PlanStep.Status.APPROVED)
        .filter(due_date__lt=timezone.localdate(), process__finished__isnull=True)
        .select_related("process__department", "step")
        .order_by("due_date", "process__department__name")
    )


def plan_history(*, process: StepPlanProcess) -> QuerySet[AuditEvent]:
    """The audit events of one department's plan of one year: the process, its steps, items,
    evidence and tasks."""
    from django.contrib.contenttypes.models import ContentType

    from .models import StepPlanTask

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
        .select_related("actor")
        .order_by("created_at", "id")
    )
