"""The yearly round: start the step plan of a year for many departments at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from beleid.models import AuditEventType, Department, FrameworkVersion
from beleid.services.audit import audit_event, audit_log, audit_log_many

from ..flows import StepPlanFlow
from ..models import PlanStep, Round, StepPlanProcess
from ..tasks import prepare_plan
from . import WorkflowError


def _refusals(framework_version, step_codes, due_dates, departments) -> list[str]:
    errors = []
    if framework_version.status != FrameworkVersion.Status.PUBLISHED:
        errors.append(
            _("Framework version %(code)s is not published.") % {"code": framework_version.code}
        )
    missing = sorted(step_codes - set(due_dates))
    if missing:
        errors.append(_("No due date for: %(steps)s.") % {"steps": ", ".join(missing)})
    if not departments:
        errors.append(_("Choose at least one department."))
    return errors


def _start_plans(round_: Round, departments, steps, due_dates, actor) -> list[StepPlanProcess]:
    """One started process per department, with its plan steps and due dates (audited)."""
    started = sorted(
        StepPlanProcess.objects.filter(
            year=round_.year, department__in=[d.pk for d in departments]
        ).values_list("department__name", flat=True)
    )
    if started:
        raise WorkflowError(
            [
                _("Already started for %(year)s: %(departments)s.")
                % {"year": round_.year, "departments": ", ".join(started)}
            ]
        )
    processes = [
        StepPlanFlow.start.run(round=round_, department=department) for department in departments
    ]
    PlanStep.objects.bulk_create(
        [
            PlanStep(process=process, step=step, due_date=due_dates[step.code])
            for process in processes
            for step in steps
        ]
    )
    audit_log_many(
        [
            audit_event(
                actor=actor,
                event_type=AuditEventType.PLAN_STARTED,
                department=process.department,
                obj=process,
                after={"year": round_.year, "framework_version": round_.framework_version.code},
            )
            for process in processes
        ]
    )
    return processes


def round_start(
    *,
    year: int,
    framework_version: FrameworkVersion,
    departments: Iterable[Department],
    due_dates: dict[str, datetime.date],
    actor=None,
) -> Round:
    """Start the step plan of `year` for every department in `departments`: one process each,
    with its plan steps and their due dates.

    `due_dates` maps every step code of the framework version to its due date (stored on the
    plan steps only). A round that already exists for `year` is extended with the departments
    not in it yet; a department already started for `year` is refused (and then nothing is
    started). The checklists are prepared in the background, one Celery task per department,
    after the commit.
    """
    departments = list(departments)
    steps = list(framework_version.steps.all())
    errors = _refusals(framework_version, {step.code for step in steps}, due_dates, departments)
    if errors:
        raise WorkflowError(errors)

    with transaction.atomic():
        round_, created = Round.objects.select_for_update().get_or_create(
            year=year,
            defaults={
                "framework_version": framework_version,
                "started_by": actor if actor is not None and actor.is_authenticated else None,
            },
        )
        if round_.framework_version_id != framework_version.pk:
            raise WorkflowError(
                [
                    _("The round of %(year)s uses framework version %(code)s.")
                    % {"year": year, "code": round_.framework_version.code}
                ]
            )
        processes = _start_plans(round_, departments, steps, due_dates, actor)
        audit_log(
            actor=actor,
            event_type=AuditEventType.ROUND_STARTED,
            obj=round_,
            after={
                "year": year,
                "framework_version": framework_version.code,
                "departments": [d.slug for d in departments],
                "due_dates": {
                    code: due_dates[code].isoformat() for code in sorted(s.code for s in steps)
                },
                "extended": not created,
            },
        )
        process_ids = [process.pk for process in processes]
        transaction.on_commit(lambda: [prepare_plan.delay(pk) for pk in process_ids])
    return round_
