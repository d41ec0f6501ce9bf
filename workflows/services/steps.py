"""Submitting, reviewing and approving a step of a department's plan; what a cancelled or
revived task means for its step."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from .. import selectors, step_status
from ..managers import OFFICE
from ..models import ApprovedVision, ChecklistItem, PlanStep, StepPlanProcess, StepReview
from . import WorkflowError
from .task_actions import TaskAction, task_act

EDITABLE = (PlanStep.Status.OPEN, PlanStep.Status.RETURNED)


def _locked(plan_step: PlanStep) -> PlanStep:
    return (
        PlanStep.objects.select_for_update().select_related("process", "step").get(pk=plan_step.pk)
    )


def step_computed_status(*, plan_step: PlanStep) -> step_status.ComputedStatus | None:
    """What the insurance or training register says about this step, if it says anything."""
    process = plan_step.process
    return step_status.computed_status(
        step_code=plan_step.step.code,
        department=process.department,
        framework_version=process.round.framework_version,
    )


def step_submission_errors(*, plan_step: PlanStep) -> list[str]:
    """Why the step cannot be submitted yet (empty: it can)."""
    errors = []
    items = ChecklistItem.objects.filter(plan_step=plan_step).select_related("requirement")
    for item in items:
        if item.blocks_submission:
            errors.append(
                _("%(code)s is mandatory and not met: set it to met, or explain why not.")
                % {"code": item.requirement.code}
            )
    if plan_step.step.code == "vision" and not plan_step.vision_text.strip():
        has_file = items.filter(evidence__kind="file").exists()
        if not has_file:
            errors.append(_("Write the vision or upload it as evidence."))
    computed = step_computed_status(plan_step=plan_step)
    if computed is not None and not computed.met:
        errors.append(computed.explanation)
    return errors


@transaction.atomic
def step_submit(*, plan_step: PlanStep, actor) -> PlanStep:
    """The coordinators submit the step's checklist for review.

    Refused while a mandatory item is not met and has no explanation, while the vision step has
    no vision, or while the computed status (insurance, training) is not met.
    """
    plan_step = _locked(plan_step)
    if plan_step.status not in EDITABLE:
        raise WorkflowError([_("This step has already been submitted.")])
    errors = step_submission_errors(plan_step=plan_step)
    if errors:
        raise WorkflowError(errors)
    computed = step_computed_status(plan_step=plan_step)
    before = plan_step.status
    plan_step.status = PlanStep.Status.SUBMITTED
    plan_step.submitted_at = timezone.now()
    plan_step.submitted_by = actor if actor is not None and actor.is_authenticated else None
    if computed is not None:
        plan_step.computed_status = "met" if computed.met else "not_met"
        plan_step.computed_explanation = computed.explanation
    plan_step.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.STEP_SUBMITTED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"status": before},
        after={"status": plan_step.status, "computed": plan_step.computed_status or None},
    )
    return plan_step


def _record_review(plan_step: PlanStep, *, decision: str, actor, comment: str) -> StepReview:
    return StepReview.objects.create(
        plan_step=plan_step,
        decision=decision,
        comment=comment,
        reviewer=actor if actor is not None and actor.is_authenticated else None,
        submitted_at=plan_step.submitted_at,
        submitted_by_id=plan_step.submitted_by_id,
        snapshot=selectors.plan_step_snapshot(plan_step=plan_step),
    )


@transaction.atomic
def step_approve(*, plan_step: PlanStep, actor, comment: str = "") -> PlanStep:
    """A consultant approves a submitted step. The decision is recorded with what the
    checklist held at that moment; an approved vision is kept as a version."""
    plan_step = _locked(plan_step)
    if plan_step.status != PlanStep.Status.SUBMITTED:
        raise WorkflowError([_("Only a submitted step can be approved.")])
    comment = comment.strip()
    review = _record_review(
        plan_step, decision=StepReview.Decision.APPROVED, actor=actor, comment=comment
    )
    plan_step.status = PlanStep.Status.APPROVED
    plan_step.approved_at = review.decided_at
    plan_step.approved_by = actor
    plan_step.review_comment = comment
    plan_step.save()
    if plan_step.step.code == "vision":
        ApprovedVision.objects.create(
            department=plan_step.process.department,
            plan_step=plan_step,
            text=plan_step.vision_text,
            approved_at=plan_step.approved_at,
            approved_by=actor,
        )
    audit_log(
        actor=actor,
        event_type=AuditEventType.STEP_APPROVED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"status": PlanStep.Status.SUBMITTED.value},
        after={"status": plan_step.status, "comment": comment},
    )
    return plan_step


@transaction.atomic
def step_return(*, plan_step: PlanStep, actor, comment: str) -> PlanStep:
    """A consultant returns a submitted step to the coordinators with a comment. The decision
    is recorded with what the checklist held, so that the next review shows what changed."""
    comment = comment.strip()
    if not comment:
        raise WorkflowError([_("Say what has to change when you return a step.")])
    plan_step = _locked(plan_step)
    if plan_step.status != PlanStep.Status.SUBMITTED:
        raise WorkflowError([_("Only a submitted step can be returned.")])
    _record_review(plan_step, decision=StepReview.Decision.RETURNED, actor=actor, comment=comment)
    plan_step.status = PlanStep.Status.RETURNED
    plan_step.review_comment = comment
    plan_step.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.STEP_RETURNED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"status": PlanStep.Status.SUBMITTED.value},
        after={"status": plan_step.status, "comment": comment},
    )
    return plan_step


def step_is_approved(*, process: StepPlanProcess, step_code: str) -> bool:
    return PlanStep.objects.filter(
        process=process, step__code=step_code, status=PlanStep.Status.APPROVED
    ).exists()


@transaction.atomic
def plan_step_mark_overdue(*, plan_step: PlanStep) -> None:
    """The due date passed while the step was not approved: note it (once)."""
    plan_step = _locked(plan_step)
    if (
        plan_step.status in (PlanStep.Status.APPROVED, PlanStep.Status.CANCELLED)
        or plan_step.overdue_noted_at is not None
    ):
        return
    plan_step.overdue_noted_at = timezone.now()
    plan_step.save(update_fields=["overdue_noted_at"])
    audit_log(
        actor=None,
        event_type=AuditEventType.STEP_OVERDUE,
        department=plan_step.process.department,
        obj=plan_step,
        after={"due_date": plan_step.due_date.isoformat(), "status": plan_step.status},
    )


@transaction.atomic
def plan_step_cancel(*, plan_step: PlanStep, actor) -> PlanStep:
    """The office cancelled the step's open task (or the whole plan): the step is marked as
    cancelled, so that nobody waits for it. An approved step stays approved."""
    plan_step = _locked(plan_step)
    if plan_step.status in (PlanStep.Status.APPROVED, PlanStep.Status.CANCELLED):
        return plan_step
    before = plan_step.status
    plan_step.status = PlanStep.Status.CANCELLED
    plan_step.cancelled_at = timezone.now()
    plan_step.cancelled_by = actor if actor is not None and actor.is_authenticated else None
    plan_step.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.STEP_CANCELLED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"status": before},
        after={"status": plan_step.status},
    )
    return plan_step


@transaction.atomic
def plan_step_reopen(*, plan_step: PlanStep, actor, submitted: bool) -> PlanStep:
    """The office revived the cancelled task of a step: the step is back where it was, with
    the coordinators (open, or returned when its last review returned it) or, for a revived
    review (`submitted`), with the consultants."""
    plan_step = _locked(plan_step)
    if plan_step.status != PlanStep.Status.CANCELLED:
        return plan_step
    last_review = plan_step.reviews.order_by("-decided_at", "-id").first()
    if submitted:
        status = PlanStep.Status.SUBMITTED
    elif last_review is not None and last_review.decision == StepReview.Decision.RETURNED:
        status = PlanStep.Status.RETURNED
    else:
        status = PlanStep.Status.OPEN
    plan_step.status = status
    plan_step.cancelled_at = None
    plan_step.cancelled_by = None
    plan_step.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.STEP_REOPENED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"status": PlanStep.Status.CANCELLED.value},
        after={"status": plan_step.status},
    )
    return plan_step


@transaction.atomic
def step_task_act(*, activation, actor, action: TaskAction, event_type: AuditEventType):
    """One of viewflow's actions on a task of a plan (`task_act`). A cancelled checklist or
    review task cancels its step (nobody completes it any more); a revived one opens the step
    again, with whom the revived task is for. Returns the new task of a revive."""
    result = task_act(activation=activation, actor=actor, action=action, event_type=event_type)
    code = (activation.task.data or {}).get("step")
    if action not in (TaskAction.CANCEL, TaskAction.REVIVE) or not code:
        return result
    plan_step = PlanStep.objects.get(process_id=activation.process.pk, step__code=code)
    if action == TaskAction.CANCEL:
        plan_step_cancel(plan_step=plan_step, actor=actor)
    else:
        plan_step_reopen(
            plan_step=plan_step,
            actor=actor,
            submitted=getattr(activation.flow_task, "audience", "") == OFFICE,
        )
    return result
