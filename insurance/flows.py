"""Onboarding of one volunteer: the coordinator's checklist for each new volunteer.

intake -> information note given -> duty to report checked -> insured -> active

Every node calls a service; tasks belong to the coordinators of the process's department,
and every list of processes and tasks is scoped through `beleid.access`.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import mixins as flow_mixins

from beleid import access, roles
from workflows.nodes import audit_task_actions

from . import services
from .forms import ConfirmForm, DutyToReportForm, InformationNoteForm, IntakeForm
from .models import Benefit, BenefitDeclaration, OnboardingProcess

DEPARTMENT_FIELD = "onboardingprocess__department"
# A task in the lists: whose onboarding it is.
TASK_SUMMARY = (
    "{% if process.engagement %}{{ process.engagement.volunteer.full_name }} · "
    "{{ process.department.name }}{% endif %}"
)


def scope_processes(queryset, user):
    """Processes of departments the user may see (and only for users who see names)."""
    if not access.can_see_personal_data(user):
        return queryset.none()
    field = "department" if queryset.model is OnboardingProcess else DEPARTMENT_FIELD
    return access.scope_visible(queryset, user, field=field)


def scope_tasks(queryset, user):
    if not access.can_see_personal_data(user):
        return queryset.none()
    return access.scope_visible(queryset, user, field=f"process__{DEPARTMENT_FIELD}")


def is_department_coordinator(user, process) -> bool:
    department = process.coerced.department
    return (
        user.is_authenticated
        and department is not None
        and access.editable_departments(user).filter(pk=department.pk, coordinators=user).exists()
    )


class CoordinatorTask(flow.View):
    """A checklist task that only the coordinators of the process's department may take."""

    def can_assign(self, user, task):
        return task.owner_id is None and is_department_coordinator(user, task.process)

    def can_execute(self, user, task):
        return super().can_execute(user, task) and is_department_coordinator(user, task.process)


class _TaskFormView(flow_mixins.TaskSuccessUrlMixin, flow_mixins.TaskViewTemplateNames,
                    FormView):
    """form -> service -> activation.execute() -> redirect."""

    template_filename = "task.html"
    # What the task asks (shown above the form, with the volunteer's name, start date and
    # department) and what its button does.
    intro = ""
    submit_label = _("Done")

    @property
    def process(self) -> OnboardingProcess:
        return self.request.activation.process

    def get_context_data(self, **kwargs):
        engagement = self.process.engagement
        intro = ""
        if engagement is not None:
            intro = self.intro % {
                "name": engagement.volunteer.full_name,
                "department": engagement.department.name,
                "start": date_format(engagement.start_date, "DATE_FORMAT"),
            }
        return super().get_context_data(intro=intro, submit_label=self.submit_label, **kwargs)

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.request.activation.execute()
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, data):
        raise NotImplementedError


class IntakeView(_TaskFormView):
    form_class = IntakeForm
    template_filename = "start.html"
    submit_label = _("Register the intake")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "departments": access.editable_departments(self.request.user)}

    def perform(self, data):
        volunteer = services.volunteer_register(
            actor=self.request.user, department=data["department"],
            first_name=data["first_name"], last_name=data["last_name"],
            date_of_birth=data["date_of_birth"], email=data["email"], phone=data["phone"],
            emergency_contact=data["emergency_contact"],
            national_number=data.get("national_number", ""),
        )
        engagement = services.engagement_start(
            actor=self.request.user, volunteer=volunteer, department=data["department"],
            start_date=data["start_date"], tasks=data["tasks"], onboarding=True,
        )
        self.process.department = data["department"]
        self.process.engagement = engagement


class InformationNoteView(_TaskFormView):
    form_class = InformationNoteForm
    intro = _("Record when and how %(name)s got the information note (organisatienota) of "
              "%(department)s. The law asks that it happens before the start, on %(start)s; "
              "keep the signed or sent note as proof.")
    submit_label = _("Record the information note")

    def perform(self, data):
        services.information_note_record(
            actor=self.request.user, engagement=self.process.engagement,
            given_on=data["given_on"], method=data["method"],
            agreement_note=data["agreement_note"],
        )


class DutyToReportView(_TaskFormView):
    form_class = DutyToReportForm
    intro = _("Does %(name)s receive a benefit? Then the volunteering must be reported before "
              "the start (%(start)s): to the RVA with form C45B (unemployment), to the "
              "mutualiteit (incapacity for work) or to the OCMW (living wage). Record when "
              "it was filed and, once there is one, the answer.")
    submit_label = _("Record the duty to report")

    def perform(self, data):
        engagement = self.process.engagement
        services.volunteer_check_duty_to_report(
            actor=self.request.user, volunteer=engagement.volunteer,
            department=engagement.department, benefit=data["benefit"],
        )
        if data["benefit"] != Benefit.NONE:
            services.declaration_record(
                actor=self.request.user, engagement=engagement,
                kind=BenefitDeclaration.KIND_FOR_BENEFIT[data["benefit"]],
                filed_on=data["filed_on"],
                answer=data.get("answer") or BenefitDeclaration.Answer.NONE,
                answered_on=data.get("answered_on"),
            )


class InsureView(_TaskFormView):
    form_class = ConfirmForm
    intro = _("Register %(name)s on the city's accident policy from the start, %(start)s. "
              "The insurer finds the name on its next list. A volunteer who is already "
              "insured through another engagement stays insured once.")
    submit_label = _("Register on the policy")

    def perform(self, data):
        services.coverage_register(actor=self.request.user, engagement=self.process.engagement)


class ActivateView(_TaskFormView):
    form_class = ConfirmForm
    intro = _("The onboarding is done: from %(start)s, %(name)s counts as an active volunteer "
              "of %(department)s.")
    submit_label = _("Make active")

    def perform(self, data):
        services.engagement_activate(actor=self.request.user,
                                     engagement=self.process.engagement)


class OnboardingFlow(flow.Flow):
    """Onboarding of a volunteer"""

    process_class = OnboardingProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Volunteer onboarding")
    process_description = _("Intake, information note, duty to report, insurance, active.")
    # Who is onboarded where, by name: these lists are only shown to who may see names.
    process_summary_template = (
        "{% if process.engagement %}{{ process.engagement.volunteer.full_name }} · "
        "{{ process.department.name }}{% else %}{{ flow_class.process_title }}{% endif %}"
    )

    start = (
        flow.Start(IntakeView.as_view())
        .Annotation(title=_("Intake"), summary_template=TASK_SUMMARY)
        .Available(lambda user: access.editable_departments(user).exists())
        .Next(this.information_note)
    )
    information_note = (
        CoordinatorTask(InformationNoteView.as_view())
        .Annotation(title=_("Information note given"), summary_template=TASK_SUMMARY)
        .Next(this.duty_to_report)
    )
    duty_to_report = (
        CoordinatorTask(DutyToReportView.as_view())
        .Annotation(title=_("Duty to report checked"), summary_template=TASK_SUMMARY)
        .Next(this.insure)
    )
    insure = (
        CoordinatorTask(InsureView.as_view())
        .Annotation(title=_("Insured"), summary_template=TASK_SUMMARY)
        .Next(this.activate)
    )
    activate = (
        CoordinatorTask(ActivateView.as_view())
        .Annotation(title=_("Active"), summary_template=TASK_SUMMARY)
        .Next(this.end)
    )
    end = flow.End().Annotation(title=_("Onboarding done"))

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated or not access.can_see_personal_data(user):
            return False
        if obj is None:
            return access.visible_departments(user).exists()
        department = getattr(obj, "department", None)
        return department is not None and access.can_view_department(user, department)

    def has_manage_permission(self, user, obj=None):
        return roles.is_consultant(user) or roles.is_administrator(user)


# viewflow's own task actions write their audit event through the onboarding services:
# assign/unassign by the department's coordinators (`CoordinatorTask`), cancel/undo/revive by
# the office only (`has_manage_permission`).
audit_task_actions(
    OnboardingFlow,
    assign=services.onboarding_task_assign,
    unassign=services.onboarding_task_unassign,
    cancel=services.onboarding_task_cancel,
    undo=services.onboarding_task_undo,
    revive=services.onboarding_task_revive,
)
