"""The onboarding's task pages: form -> register service -> `activation.execute()` -> redirect;
and the pages to take a task and to read a done one."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from viewflow.workflow.flow.views import DetailTaskView
from viewflow.workflow.flow.views import mixins as flow_mixins

from beleid import access
from insurance import services
from insurance.forms import ConfirmForm, DutyToReportForm, InformationNoteForm, IntakeForm
from insurance.models import Benefit, BenefitDeclaration

from .. import task_action_pages
from .models import OnboardingProcess

TEMPLATES = "workflows/onboarding"


class _TaskFormView(flow_mixins.TaskSuccessUrlMixin, FormView):
    """form -> service -> activation.execute() -> redirect."""

    template_name = f"{TEMPLATES}/task.html"
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
    template_name = f"{TEMPLATES}/start.html"
    submit_label = _("Register the intake")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "departments": access.editable_departments(self.request.user)}

    def perform(self, data):
        # The department's own volunteer: a person another department registered gets a new
        # record here, and nothing of the other department's is read or changed.
        volunteer = services.volunteer_register(
            actor=self.request.user, department=data["department"],
            first_name=data["first_name"], last_name=data["last_name"],
            date_of_birth=data["date_of_birth"], email=data["email"], phone=data["phone"],
            emergency_contact=data["emergency_contact"],
            national_number=data.get("national_number", ""),
        )
        engagement = services.engagement_start(
            actor=self.request.user, volunteer=volunteer, start_date=data["start_date"],
            tasks=data["tasks"], onboarding=True,
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
        # The benefit of this department's volunteer: other departments keep theirs.
        services.volunteer_check_duty_to_report(
            actor=self.request.user, volunteer=engagement.volunteer, benefit=data["benefit"],
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


class TakeTaskView(task_action_pages.AssignTaskView):
    """The page to take a task: for whom it is, and "take it and do it now"."""

    template_name = f"{TEMPLATES}/task_assign.html"


class TaskDetailView(DetailTaskView):
    """A task of an onboarding: its status, who did it when."""

    template_name = f"{TEMPLATES}/task_detail.html"
