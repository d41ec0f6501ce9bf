"""The step plan of one department for one year, as a viewflow process.

start -> prepare the checklists (in the background) -> every step of the plan side by side:
the coordinators complete the step's checklist and submit -> a consultant reviews -> approved,
or returned with a comment to the coordinators -> when every step is approved, the office signs
the year off -> end. A step whose due date passes is noted as overdue (a timer on the task).
"""

import datetime

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from beleid.models import AuditEventType, Step

from . import selectors, step_views
from .department_flow import DepartmentFlowMixin
from .managers import COORDINATORS, OFFICE
from .models import PlanStep, StepPlanProcess, StepPlanTask
from .nodes import RoleTask
from .services import plans as plan_services
from .services import steps as step_services
from .services.task_actions import TaskAction

Kind = Step.Kind


class StepPlanRoleTask(RoleTask):
    """A task of the step plan: opened straight from the inbox; its page once done shows what
    the step holds."""

    detail_view_class = step_views.TaskDetailView


def coordinator_task(view, *, step_kind: str) -> RoleTask:
    return StepPlanRoleTask(view, audience=COORDINATORS, task_data={"step": step_kind})


def office_task(view, *, step_kind: str = "") -> RoleTask:
    return StepPlanRoleTask(
        view, audience=OFFICE, task_data={"step": step_kind} if step_kind else None
    )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of a day in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _checklist(kind: Step.Kind, review):
    return (
        coordinator_task(step_views.StepChecklistView.as_view(), step_kind=kind)
        .Annotation(title=format_lazy("{}: {}", kind.label, _("complete the checklist")))
        .OnTimeout(this.due_moment, this.note_overdue, interrupting=False)
        .Next(review)
    )


def _review(kind: Step.Kind, decision):
    return (
        office_task(step_views.StepReviewView.as_view(), step_kind=kind)
        .Annotation(title=format_lazy("{}: {}", kind.label, _("review")))
        .Next(decision)
    )


def _decision(kind: Step.Kind, again):
    return (
        flow.If(
            lambda activation: step_services.step_is_approved(
                process=activation.process, step_code=kind
            )
        )
        .Annotation(title=format_lazy("{}: {}", kind.label, _("approved?")))
        .Then(this.join)
        .Else(again)
    )


def _in_plan(kind: Step.Kind):
    return lambda activation: kind in selectors.plan_due_dates(process=activation.process)


class StepPlanFlow(DepartmentFlowMixin, flow.Flow):
    """Step plan

    One department's yearly round of the minimum-quality step plan.
    """

    process_class = StepPlanProcess
    task_class = StepPlanTask
    task_events = {
        TaskAction.ASSIGN: AuditEventType.TASK_ASSIGNED,
        TaskAction.UNASSIGN: AuditEventType.TASK_UNASSIGNED,
        TaskAction.CANCEL: AuditEventType.TASK_CANCELLED,
        TaskAction.UNDO: AuditEventType.TASK_UNDONE,
        TaskAction.REVIVE: AuditEventType.TASK_REVIVED,
    }
    # The office's cancel page says what cancelling a task means for its step.
    task_action_views = {
        **DepartmentFlowMixin.task_action_views,
        TaskAction.CANCEL: step_views.CancelTaskView,
    }
    process_title = _("Step plan")
    process_description = _("One department's yearly round of the minimum-quality step plan.")
    process_summary_template = "{{ process.department }} {{ process.year }}"

    start = flow.StartHandle(this.start_plan).Next(this.prepare)
    prepare = (
        flow.Handle(this.prepare_checklists)
        .Annotation(title=_("Prepare the checklists"))
        .Next(this.split)
    )
    split = (
        flow.Split()
        .Annotation(title=_("Every step side by side"))
        .Next(this.vision, case=_in_plan(Kind.VISION))
        .Next(this.recruitment, case=_in_plan(Kind.RECRUITMENT))
        .Next(this.intake, case=_in_plan(Kind.INTAKE))
        .Next(this.onboarding, case=_in_plan(Kind.ONBOARDING))
        .Next(this.insurance, case=_in_plan(Kind.INSURANCE))
        .Next(this.training, case=_in_plan(Kind.TRAINING))
        .Next(this.guidance, case=_in_plan(Kind.GUIDANCE))
        .Next(this.appreciation, case=_in_plan(Kind.APPRECIATION))
        .Next(this.evaluation, case=_in_plan(Kind.EVALUATION))
        .Next(this.exit, case=_in_plan(Kind.EXIT))
    )

    vision = _checklist(Kind.VISION, this.vision_review)
    vision_review = _review(Kind.VISION, this.vision_approved)
    vision_approved = _decision(Kind.VISION, this.vision)

    recruitment = _checklist(Kind.RECRUITMENT, this.recruitment_review)
    recruitment_review = _review(Kind.RECRUITMENT, this.recruitment_approved)
    recruitment_approved = _decision(Kind.RECRUITMENT, this.recruitment)

    intake = _checklist(Kind.INTAKE, this.intake_review)
    intake_review = _review(Kind.INTAKE, this.intake_approved)
    intake_approved = _decision(Kind.INTAKE, this.intake)

    onboarding = _checklist(Kind.ONBOARDING, this.onboarding_review)
    onboarding_review = _review(Kind.ONBOARDING, this.onboarding_approved)
    onboarding_approved = _decision(Kind.ONBOARDING, this.onboarding)

    insurance = _checklist(Kind.INSURANCE, this.insurance_review)
    insurance_review = _review(Kind.INSURANCE, this.insurance_approved)
    insurance_approved = _decision(Kind.INSURANCE, this.insurance)

    training = _checklist(Kind.TRAINING, this.training_review)
    training_review = _review(Kind.TRAINING, this.training_approved)
    training_approved = _decision(Kind.TRAINING, this.training)

    guidance = _checklist(Kind.GUIDANCE, this.guidance_review)
    guidance_review = _review(Kind.GUIDANCE, this.guidance_approved)
    guidance_approved = _decision(Kind.GUIDANCE, this.guidance)

    appreciation = _checklist(Kind.APPRECIATION, this.appreciation_review)
    appreciation_review = _review(Kind.APPRECIATION, this.appreciation_approved)
    appreciation_approved = _decision(Kind.APPRECIATION, this.appreciation)

    evaluation = _checklist(Kind.EVALUATION, this.evaluation_review)
    evaluation_review = _review(Kind.EVALUATION, this.evaluation_approved)
    evaluation_approved = _decision(Kind.EVALUATION, this.evaluation)

    exit = _checklist(Kind.EXIT, this.exit_review)
    exit_review = _review(Kind.EXIT, this.exit_approved)
    exit_approved = _decision(Kind.EXIT, this.exit)

    join = flow.Join().Annotation(title=_("Every step approved")).Next(this.sign_off)
    sign_off = (
        office_task(step_views.SignOffView.as_view())
        .Annotation(title=_("Sign the year off"))
        .Next(this.end)
    )
    end = flow.End()

    # A passed due date is noted on the step; the task stays with the coordinators.
    note_overdue = (
        flow.Function(this.mark_overdue)
        .Annotation(title=_("Note the step as overdue"))
        .Next(this.overdue_noted)
    )
    overdue_noted = flow.End()

    # --- the nodes call services -----------------------------------------------------------

    def start_plan(self, activation, *, round, department):
        # Called by `round_start` (the service), inside its transaction.
        activation.process.round = round
        activation.process.department = department
        activation.process.year = round.year
        return activation.process

    def prepare_checklists(self, activation):
        plan_services.plan_prepare(process=activation.process)

    def due_moment(self, activation):
        kind = activation.flow_task._attached_to.task_data["step"]
        return end_of_day(selectors.plan_due_dates(process=activation.process)[kind])

    def mark_overdue(self, activation):
        boundary = activation.task.previous.get()
        host = boundary.previous.get()
        plan_step = PlanStep.objects.get(process=activation.process, step__code=host.data["step"])
        step_services.plan_step_mark_overdue(plan_step=plan_step)

    # --- the audited pages -----------------------------------------------------------------

    def act_on_task(self, *, activation, actor, action):
        return step_services.step_task_act(
            activation=activation, actor=actor, action=action, event_type=self.task_events[action]
        )

    def cancel_process(self, *, process, actor) -> None:
        plan_services.plan_cancel(process=process, actor=actor)
