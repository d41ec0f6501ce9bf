"""Onboarding of one volunteer: the coordinator's checklist for each new volunteer.

intake -> information note given -> duty to report checked -> insured -> active

Every node calls a register service (`views`); the tasks are for the coordinators of the
process's department, who take a task before they do it.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from beleid import access
from beleid.models import AuditEventType

from ..department_flow import DepartmentFlowMixin
from ..managers import COORDINATORS
from ..nodes import RoleTask
from ..services.task_actions import TaskAction
from . import services, views
from .models import OnboardingProcess, OnboardingTask

# A task in the lists: whose onboarding it is.
TASK_SUMMARY = (
    "{% if process.engagement %}{{ process.engagement.volunteer.full_name }} · "
    "{{ process.department.name }}{% endif %}"
)


class OnboardingRoleTask(RoleTask):
    """A task of the onboarding for the department's coordinators, taken before it is done."""

    take_first = True
    assign_view_class = views.TakeTaskView
    detail_view_class = views.TaskDetailView


def coordinator_task(view, title):
    return (
        OnboardingRoleTask(view, audience=COORDINATORS)
        .Annotation(title=title, summary_template=TASK_SUMMARY)
    )


class OnboardingFlow(DepartmentFlowMixin, flow.Flow):
    """Onboarding of a volunteer"""

    process_class = OnboardingProcess
    task_class = OnboardingTask
    personal_data = True
    process_title = _("Volunteer onboarding")
    process_description = _("Intake, information note, duty to report, insurance, active.")
    # Who is onboarded where, by name: these lists are only shown to who may see names.
    process_summary_template = (
        "{% if process.engagement %}{{ process.engagement.volunteer.full_name }} · "
        "{{ process.department.name }}{% else %}{{ flow_class.process_title }}{% endif %}"
    )
    task_events = {
        TaskAction.ASSIGN: AuditEventType.ONBOARDING_TASK_ASSIGNED,
        TaskAction.UNASSIGN: AuditEventType.ONBOARDING_TASK_UNASSIGNED,
        TaskAction.CANCEL: AuditEventType.ONBOARDING_TASK_CANCELLED,
        TaskAction.UNDO: AuditEventType.ONBOARDING_TASK_UNDONE,
        TaskAction.REVIVE: AuditEventType.ONBOARDING_TASK_REVIVED,
    }

    start = (
        flow.Start(views.IntakeView.as_view())
        .Annotation(title=_("Intake"), summary_template=TASK_SUMMARY)
        .Available(lambda user: access.editable_departments(user).exists())
        .Next(this.information_note)
    )
    information_note = coordinator_task(
        views.InformationNoteView.as_view(), _("Information note given")
    ).Next(this.duty_to_report)
    duty_to_report = coordinator_task(
        views.DutyToReportView.as_view(), _("Duty to report checked")
    ).Next(this.insure)
    insure = coordinator_task(views.InsureView.as_view(), _("Insured")).Next(this.activate)
    activate = coordinator_task(views.ActivateView.as_view(), _("Active")).Next(this.end)
    end = flow.End().Annotation(title=_("Onboarding done"))

    def cancel_process(self, *, process, actor) -> None:
        services.onboarding_cancel(process=process, actor=actor)
