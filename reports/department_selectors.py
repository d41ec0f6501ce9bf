"""What the department report of a year shows, as plain JSON values: today's state, or the state
at the end of an earlier day (`as_of`), rebuilt from the audit trail.

Rebuilding a past day: the steps' and checklist items' fields are today's, with every audited
change made after that day undone (the events' `before` values, newest first); evidence added
after that day, review decisions taken after it, and audit events after it are left out; the
register is counted with the engagements' and covers' date ranges of that day. Evidence
deleted since cannot be brought back (its deletion is in the trail).
"""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext

from beleid.models import AuditEvent, Department
from beleid.selectors import audit_rows, department_audit_trail
from insurance.selectors import register_totals
from kennisdeling.training_selectors import training_valid_until
from workflows.models import ChecklistItem, Evidence, PlanStep, StepPlanProcess, StepReview

# Steps whose work is done (in words: compliant), and item statuses that meet the requirement.
DONE_STEP = {PlanStep.Status.APPROVED.value, PlanStep.Status.CANCELLED.value}
MET_ITEM = {ChecklistItem.Status.MET.value, ChecklistItem.Status.NOT_APPLICABLE.value}


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day`, in Ghent's time."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _rewind(objects: dict[int, dict], events) -> None:
    """Undo on `objects` (pk -> field values) the changes of `events` (newest first)."""
    for event in events:
        state = objects.get(int(event.object_id)) if event.object_id.isdigit() else None
        if state is None or not isinstance(event.before, dict):
            continue
        for field, value in event.before.items():
            if field in state:
                state[field] = value


def department_report_data(*, department: Department, year: int,
                           as_of: datetime.date | None, user) -> dict:
    """The report's content (plain JSON values, in the current language). `user` names the
    persons in the audit trail as the audit-trail page would for them (None: as for nobody
    special). A bounded number of queries, however many steps, requirements and events."""
    process = (
        StepPlanProcess.objects.select_related("round__framework_version")
        .filter(department=department, year=year).first()
    )
    cutoff = end_of_day(as_of) if as_of is not None else None
    steps = []
    if process is not None:
        plan_steps = list(PlanStep.objects.filter(process=process).select_related("step")
                          .order_by("step__order"))
        evidence = Evidence.objects.select_related("added_by").order_by("added_at", "id")
        if cutoff is not None:
            evidence = evidence.filter(added_at__lt=cutoff)
        items = list(
            ChecklistItem.objects.filter(plan_step__process=process)
            .select_related("requirement").order_by("requirement__order", "requirement__code")
            .prefetch_related(Prefetch("evidence", queryset=evidence))
        )
        reviews = StepReview.objects.filter(plan_step__process=process).select_related(
            "reviewer").order_by("decided_at", "id")
        if cutoff is not None:
            reviews = reviews.filter(decided_at__lt=cutoff)
        step_state = {step.pk: {"status": step.status, "vision_text": step.vision_text}
                      for step in plan_steps}
        item_state = {item.pk: {"status": item.status, "interpretation": item.interpretation,
                                "comment": item.comment} for item in items}
        if cutoff is not None:
            later = AuditEvent.objects.filter(department=department, created_at__gte=cutoff) \
                .order_by("-created_at", "-id")
            types = ContentType.objects.get_for_models(PlanStep, ChecklistItem)
            _rewind(step_state, later.filter(object_type=types[PlanStep]))
            _rewind(item_state, later.filter(object_type=types[ChecklistItem]))
        items_of = defaultdict(list)
        for item in items:
            items_of[item.plan_step_id].append(item)
        reviews_of = defaultdict(list)
        for review in reviews:
            reviews_of[review.plan_step_id].append(review)
        step_labels = dict(PlanStep.Status.choices)
        item_labels = dict(ChecklistItem.Status.choices)
        decision_labels = dict(StepReview.Decision.choices)
        for step in plan_steps:
            status = step_state[step.pk]["status"]
            requirements = []
            for item in items_of[step.pk]:
                state = item_state[item.pk]
                requirements.append({
                    "code": item.requirement.code,
                    "requirement": item.requirement.title,
                    "guidance": item.requirement.guidance,
                    "status": state["status"],
                    "status_label": str(item_labels.get(state["status"], state["status"])),
                    "interpretation": state["interpretation"],
                    "comment": state["comment"],
                    "open": state["status"] not in MET_ITEM,
                    "evidence": [
                        {"name": str(proof), "sha256": proof.sha256,
                         "added_by": _person(proof.added_by), "added_at": _moment(proof.added_at)}
                        for proof in item.evidence.all()
                    ],
                })
            steps.append({
                "code": step.step.code,
                "title": step.step.title,
                "status": status,
                "status_label": str(step_labels.get(status, status)),
                "compliant": status in DONE_STEP,
                "vision_text": step_state[step.pk]["vision_text"],
                "requirements": requirements,
                "reviews": [
                    {"decision": review.decision,
                     "decision_label": str(decision_labels.get(review.decision, review.decision)),
                     "comment": review.comment, "reviewer": _person(review.reviewer),
                     "decided_at": _moment(review.decided_at)}
                    for review in reviews_of[step.pk]
                ],
            })
    on = as_of or timezone.localdate()
    totals = register_totals(department_ids=[department.pk], today=on)
    framework = process.round.framework_version if process is not None else None
    training = None
    if framework is not None:
        training = training_valid_until(department_ids=[department.pk],
                                        months=framework.training_valid_months,
                                        today=on).get(department.pk)
    events = department_audit_trail(department=department,
                                    date_from=datetime.date(year, 1, 1),
                                    date_to=min(as_of, datetime.date(year, 12, 31))
                                    if as_of is not None else datetime.date(year, 12, 31))
    events = events.order_by("created_at", "id")
    trail = [
        {"when": _moment(row.when), "actor": row.actor, "event": str(row.event_label),
         "subject": row.subject, "changes": row.changes_text}
        for row in audit_rows(events, user)
    ]
    return {
        "department": department.name,
        "year": year,
        "framework_version": framework.code if framework is not None else "",
        "as_of": as_of.isoformat() if as_of is not None else None,
        "as_of_text": formats.date_format(on, "DATE_FORMAT"),
        "compliant": bool(steps) and all(step["compliant"] for step in steps),
        "steps": steps,
        "insurance": {
            "active": totals.active,
            "insured": totals.insured,
            "not_insured": totals.active - totals.insured,
            "open_duty_to_report": totals.open_duty_to_report,
        },
        "training": {
            "attended_on": (formats.date_format(training.attended_on, "DATE_FORMAT")
                            if training is not None else ""),
            "valid_until": (formats.date_format(training.valid_until, "DATE_FORMAT")
                            if training is not None else ""),
            "valid": training is not None and training.is_valid(on),
        },
        "audit_trail": trail,
        "no_plan": gettext("This department has no plan for this year.") if process is None
        else "",
    }
