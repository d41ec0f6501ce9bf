"""A department's plan of a year: prepare its checklists (carrying last year's results over),
sign the year off, cancel it. (Starting the plans of a year: `rounds.round_start`.)"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import (
    AuditEventType,
    Department,
    FrameworkVersion,
    Requirement,
    RequirementInterpretation,
)
from beleid.services.audit import audit_log
from beleid.services.framework import framework_diff

from ..models import ApprovedVision, ChecklistItem, Evidence, PlanStep, StepPlanProcess
from . import WorkflowError
from .steps import plan_step_cancel


def _reconfirmations(
    department: Department, year: int, version: FrameworkVersion
) -> dict[str, list[str]]:
    """Requirement code -> the fields that changed since the department last approved it
    (["new"] for a requirement that its last approved framework version did not have)."""
    rows = list(
        ChecklistItem.objects.filter(
            plan_step__process__department=department,
            plan_step__process__year__lt=year,
            plan_step__status=PlanStep.Status.APPROVED,
        )
        .order_by("plan_step__process__year")
        .values_list("requirement__code", "plan_step__process__round__framework_version_id")
    )
    if not rows:
        return {}
    last_approved = dict(rows)  # code -> version of its last approval (later years win)
    latest_version_id = rows[-1][1]
    diffs = {
        version_id: framework_diff(old=FrameworkVersion.objects.get(pk=version_id), new=version)
        for version_id in set(last_approved.values()) | {latest_version_id}
        if version_id != version.pk
    }
    result: dict[str, list[str]] = {}
    for code, version_id in last_approved.items():
        diff = diffs.get(version_id)
        if diff is not None and code in diff.changed:
            result[code] = list(diff.changed[code])
    if latest_version_id in diffs:
        for code in diffs[latest_version_id].added:
            result.setdefault(code, ["new"])
    return result


def _last_years_items(process: StepPlanProcess) -> tuple[int | None, dict[str, ChecklistItem]]:
    """The year of the department's previous plan and its items by requirement code."""
    previous = (
        StepPlanProcess.objects.filter(department=process.department, year__lt=process.year)
        .order_by("-year")
        .first()
    )
    if previous is None:
        return None, {}
    items = ChecklistItem.objects.filter(plan_step__process=previous).select_related("requirement")
    return previous.year, {item.requirement.code: item for item in items}


def _new_items(
    process: StepPlanProcess, plan_steps, last_year, reconfirm
) -> list[ChecklistItem]:
    """One item per requirement that applies to the department, with last year's
    interpretation, comments and status as proposals and what to re-confirm."""
    version, department = process.round.framework_version, process.department
    by_step = {plan_step.step_id: plan_step for plan_step in plan_steps}
    own_words = dict(
        RequirementInterpretation.objects.filter(
            department=department, requirement__version=version
        ).values_list("requirement__code", "text")
    )
    items = []
    for requirement in Requirement.objects.filter(version=version).filter(
        Requirement.applicable_filter(department)
    ):
        old = last_year.get(requirement.code)
        items.append(
            ChecklistItem(
                plan_step=by_step[requirement.step_id],
                requirement=requirement,
                interpretation=own_words.get(requirement.code)
                or (old.interpretation if old else ""),
                comment=old.comment if old else "",
                carried_over_from=old,
                proposed_status=old.status if old else "",
                reconfirm_fields=reconfirm.get(requirement.code, []),
            )
        )
    return ChecklistItem.objects.bulk_create(items)


def _carry_evidence_over(items: list[ChecklistItem]) -> list[Evidence]:
    """Last year's evidence of every carried-over item, on the new item (the same file)."""
    new_item = {item.carried_over_from_id: item for item in items if item.carried_over_from_id}
    return Evidence.objects.bulk_create(
        Evidence(
            item=new_item[evidence.item_id],
            kind=evidence.kind,
            file=evidence.file.name,
            token=evidence.token,
            filename=evidence.filename,
            sha256=evidence.sha256,
            size=evidence.size,
            link_url=evidence.link_url,
            link_title=evidence.link_title,
            article_id=evidence.article_id,
            carried_over_from=evidence,
            added_by=evidence.added_by,
        )
        for evidence in Evidence.objects.filter(item_id__in=list(new_item))
    )


@transaction.atomic
def plan_prepare(*, process: StepPlanProcess) -> None:
    """Create the checklists of the department's plan steps for the year.

    The items are the requirements that apply to the department. Last year's interpretation,
    comments and evidence are carried over as proposals, its status is kept as a proposal and
    has to be confirmed again; requirements that changed since the department's last approval
    (the framework diff) are marked for re-confirmation; the last approved vision is the
    proposed text of the vision step. Idempotent: a prepared plan is left as it is.
    """
    prepared_at = (
        StepPlanProcess.objects.select_for_update()
        .filter(pk=process.pk)
        .values_list("prepared_at", flat=True)
        .get()
    )
    if prepared_at is not None:
        return
    plan_steps = list(process.steps.select_related("step"))
    previous_year, last_year = _last_years_items(process)
    reconfirm = _reconfirmations(
        process.department, process.year, process.round.framework_version
    )
    items = _new_items(process, plan_steps, last_year, reconfirm)
    carried = _carry_evidence_over(items) if last_year else []
    vision = (
        ApprovedVision.objects.filter(department=process.department)
        .order_by("-approved_at")
        .first()
    )
    vision_step = next((p for p in plan_steps if p.step.code == "vision"), None)
    if vision is not None and vision_step is not None:
        vision_step.vision_text = vision.text
        vision_step.save(update_fields=["vision_text"])
    # Change the caller's instance: the flow may save that same process object later.
    process.prepared_at = timezone.now()
    process.save(update_fields=["prepared_at"])
    audit_log(
        actor=None,
        event_type=AuditEventType.CHECKLISTS_PREPARED,
        department=process.department,
        obj=process,
        after={
            "steps": len(plan_steps),
            "items": len(items),
            "carried_over_from_year": previous_year,
            "evidence_carried_over": len(carried),
            "to_reconfirm": {code: reconfirm[code] for code in sorted(reconfirm)},
        },
    )


@transaction.atomic
def plan_sign_off(*, process: StepPlanProcess, actor, comment: str = "") -> None:
    """The office signs a department's year off once every step is approved."""
    # Change the caller's instance: the flow saves that same process object when it ends.
    StepPlanProcess.objects.select_for_update().filter(pk=process.pk).exists()
    open_steps = list(
        process.steps.exclude(status=PlanStep.Status.APPROVED).values_list("step__code", flat=True)
    )
    if open_steps:
        raise WorkflowError(
            [_("Not every step is approved yet: %(steps)s.") % {"steps": ", ".join(open_steps)}]
        )
    signed_off_at = (
        StepPlanProcess.objects.filter(pk=process.pk).values_list("signed_off_at", flat=True).get()
    )
    if signed_off_at is not None:
        raise WorkflowError([_("This year has already been signed off.")])
    process.signed_off_at = timezone.now()
    process.signed_off_by = actor
    process.signed_off_comment = comment.strip()
    process.save(update_fields=["signed_off_at", "signed_off_by", "signed_off_comment"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.PLAN_SIGNED_OFF,
        department=process.department,
        obj=process,
        after={"year": process.year, "comment": comment},
    )


@transaction.atomic
def plan_cancel(*, process: StepPlanProcess, actor) -> None:
    """The office cancels a department's plan of a year (e.g. a department that closed).

    Every open task is cancelled by viewflow; audited as PLAN_CANCELLED. Every step that is not
    approved is marked as cancelled (`plan_step_cancel`).
    """
    before = process.status
    process.flow_class.instance.cancel(process)
    for plan_step in process.steps.exclude(
        status__in=[PlanStep.Status.APPROVED, PlanStep.Status.CANCELLED]
    ):
        plan_step_cancel(plan_step=plan_step, actor=actor)
    audit_log(
        actor=actor,
        event_type=AuditEventType.PLAN_CANCELLED,
        department=process.department,
        obj=process,
        before={"status": before},
        after={"status": process.status},
    )
