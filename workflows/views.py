"""Pages of the step plan. Thin: check the role, call a service or selector, render.

The task views run inside viewflow's activation (request.activation): the flow lock is held and
a transaction is open during a POST; they call a service and then `activation.execute()`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from viewflow.workflow.flow import views as flow_views

from beleid.access import scope_editable, scope_visible
from beleid.roles import is_office

from . import forms, selectors
from .flow_actions import (
    AuditedBulkAssignView,
    AuditedBulkUnassignView,
    AuditedProcessCancelView,
)
from .models import ChecklistItem, Evidence, Round, StepPlanProcess
from .services import WorkflowError
from .services import checklists as checklist_services
from .services import plans as plan_services
from .services import steps as step_services
from .services import tasks as task_services

# --- the flow's task views -----------------------------------------------------------------


class _TaskPage(TemplateView):
    def dispatch(self, request, *args, **kwargs):
        self.activation = request.activation
        self.plan_step = (
            selectors.plan_step_of_task(task=self.activation.task)
            if self.activation.task.data.get("step")
            else None
        )
        return super().dispatch(request, *args, **kwargs)

    def done(self):
        self.activation.execute()
        return redirect(self.request.resolver_match.flow_viewset.get_success_url(self.request))

    def fail(self, error: WorkflowError):
        for message in error.errors:
            messages.error(self.request, message)


class StepChecklistView(_TaskPage):
    """The coordinators complete a step's checklist: save as often as needed, then submit."""

    template_name = "workflows/step_checklist.html"

    def get_context_data(self, item_forms=None, vision_form=None, **kwargs):
        items = selectors.plan_step_checklist(plan_step=self.plan_step)
        item_forms = item_forms or {
            item.pk: forms.ChecklistItemForm.for_item(item) for item in items
        }
        return super().get_context_data(
            plan_step=self.plan_step,
            process=self.activation.process,
            rows=[(item, item_forms[item.pk]) for item in items],
            vision_form=vision_form
            or forms.VisionForm(initial={"vision_text": self.plan_step.vision_text}),
            computed=step_services.step_computed_status(plan_step=self.plan_step),
            blockers=step_services.step_submission_errors(plan_step=self.plan_step),
            file_form=forms.EvidenceFileForm(),
            link_form=forms.EvidenceLinkForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        items = selectors.plan_step_checklist(plan_step=self.plan_step)
        item_forms = {
            item.pk: forms.ChecklistItemForm.for_item(item, data=request.POST) for item in items
        }
        vision_form = forms.VisionForm(request.POST)
        if not all(form.is_valid() for form in item_forms.values()) or not vision_form.is_valid():
            return self.render_to_response(
                self.get_context_data(item_forms=item_forms, vision_form=vision_form)
            )
        try:
            for item in items:
                checklist_services.checklist_item_update(
                    item=item, actor=request.user, **item_forms[item.pk].cleaned_data
                )
            if self.plan_step.step.code == "vision" and "vision_text" in request.POST:
                checklist_services.plan_step_vision_update(
                    plan_step=self.plan_step,
                    actor=request.user,
                    text=vision_form.cleaned_data["vision_text"],
                )
            if request.POST.get("action") == "submit":
                step_services.step_submit(plan_step=self.plan_step, actor=request.user)
                messages.success(request, _("The step has been submitted for review."))
                return self.done()
        except WorkflowError as error:
            self.fail(error)
            self.plan_step.refresh_from_db()
            return self.render_to_response(
                self.get_context_data(item_forms=item_forms, vision_form=vision_form)
            )
        messages.success(request, _("Saved."))
        return redirect(request.get_full_path())


class StepReviewView(_TaskPage):
    """A consultant approves the step or returns it with a comment."""

    template_name = "workflows/step_review.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            plan_step=self.plan_step,
            process=self.activation.process,
            items=selectors.plan_step_checklist(plan_step=self.plan_step),
            form=form or forms.ReviewForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = forms.ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if form.cleaned_data["decision"] == forms.ReviewForm.APPROVE:
                step_services.step_approve(
                    plan_step=self.plan_step,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("The step has been approved."))
            else:
                step_services.step_return(
                    plan_step=self.plan_step,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("The step has been returned to the coordinators."))
        except WorkflowError as error:
            self.fail(error)
            return self.render_to_response(self.get_context_data(form=form))
        return self.done()


class SignOffView(_TaskPage):
    """The office signs the year off once every step is approved."""

    template_name = "workflows/sign_off.html"

    def get_context_data(self, form=None, **kwargs):
        process = self.activation.process
        return super().get_context_data(
            process=process,
            steps=process.steps.select_related("step").order_by("step__order"),
            form=form or forms.SignOffForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = forms.SignOffForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            plan_services.plan_sign_off(
                process=self.activation.process,
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except WorkflowError as error:
            self.fail(error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The year has been signed off."))
        return self.done()


# --- viewflow's lists and process pages, scoped to the user's departments ---------------------


class _TaskColumns:
    columns = ("task_id", "task_title", "department", "due", "created")

    def task_id(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">#{}/{}</a>', url, task.process_id, task.pk)

    task_id.short_description = "#"

    def task_title(self, task):
        return task.title

    task_title.short_description = gettext_lazy("Task")

    def department(self, task):
        plan = task.process.stepplanprocess
        return f"{plan.department} {plan.year}"

    department.short_description = gettext_lazy("Department")

    def due(self, task):
        due = task.data.get("due")
        if not due:
            return ""
        if due < timezone.localdate().isoformat() and task.finished is None:
            return format_html(
                '<strong class="workflows-overdue">{} ({})</strong>', due, _("overdue")
            )
        return due

    due.short_description = gettext_lazy("Due")

    def _scoped(self, queryset):
        return queryset.select_related("process__stepplanprocess__department").order_by(
            "data__due", "-created"
        )


class InboxView(_TaskColumns, flow_views.FlowInboxListView):
    """Open tasks meant for the user: taken by them, or free for their role and departments."""

    @property
    def queryset(self):
        return self._scoped(self.model.objects.open_for([self.flow_class], self.request.user))


class QueueView(_TaskColumns, flow_views.FlowQueueListView):
    @property
    def queryset(self):
        return self._scoped(self.model.objects.queue([self.flow_class], self.request.user))


class ArchiveView(_TaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_id", "task_title", "department", "created", "finished")

    @property
    def queryset(self):
        return self._scoped(self.model.objects.archive([self.flow_class], self.request.user))


class TaskListView(_TaskColumns, flow_views.DashboardTaskListView):
    columns = ("task_id", "task_title", "department", "due", "owner", "created")

    @property
    def queryset(self):
        return self._scoped(
            self.model.objects.filter_available([self.flow_class], self.request.user)
        )


class ProcessListView(flow_views.DashboardProcessListView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=selectors.plans_visible(user=self.request.user).values("pk"))
            .order_by("-created", "-pk")
        )


class ProcessDetailView(flow_views.DetailProcessView):
    template_name = "workflows/process_detail.html"

    def get_queryset(self):
        return selectors.plans_visible(user=self.request.user).select_related(
            "department", "round__framework_version"
        )

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise
        except StepPlanProcess.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        context["task_list"] = context["task_list"].filter(flow_task_type="HUMAN")
        context["plan_steps"] = process.steps.select_related("step").order_by("step__order")
        context["history"] = selectors.plan_history(process=process)
        context["visions"] = selectors.approved_visions(department=process.department)
        return context


class ProcessCancelView(AuditedProcessCancelView):
    def cancel(self, *, process, actor):
        plan_services.plan_cancel(process=process, actor=actor)

    @property
    def cancelled_message(self):
        return _("The plan has been cancelled.")


def _step_plan_tasks():
    from .flows import StepPlanFlow

    return StepPlanFlow, StepPlanFlow.task_class.objects


class BulkAssignView(AuditedBulkAssignView):
    def tasks_for(self, user):
        flow_class, tasks = _step_plan_tasks()
        return tasks.queue([flow_class], user)

    def act(self, *, activation, user):
        task_services.task_assign(activation=activation, user=user)


class BulkUnassignView(AuditedBulkUnassignView):
    def tasks_for(self, user):
        flow_class, tasks = _step_plan_tasks()
        return tasks.inbox([flow_class], user)

    def act(self, *, activation, user):
        task_services.task_unassign(activation=activation, user=user)


# --- rounds, evidence ---------------------------------------------------------------------


class OfficeOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoundListView(LoginRequiredMixin, ListView):
    template_name = "workflows/round_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        return selectors.rounds_with_counts(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_start=is_office(self.request.user),
            overdue=selectors.overdue_steps(user=self.request.user)[:50],
            **kwargs,
        )


class RoundDetailView(LoginRequiredMixin, TemplateView):
    template_name = "workflows/round_detail.html"

    def get_context_data(self, **kwargs):
        round_ = get_object_or_404(
            Round.objects.select_related("framework_version"), year=kwargs["year"]
        )
        rows = selectors.round_overview(round_=round_, user=self.request.user)
        if not rows and not is_office(self.request.user):
            raise Http404
        return super().get_context_data(round=round_, rows=rows, **kwargs)


class RoundStartView(OfficeOnlyMixin, FormView):
    template_name = "workflows/round_start.html"
    form_class = forms.RoundStartForm

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def form_valid(self, form):
        try:
            round_ = plan_services.round_start(
                year=form.cleaned_data["year"],
                framework_version=form.cleaned_data["framework_version"],
                departments=form.chosen_departments(),
                due_dates=form.due_dates(),
                actor=self.request.user,
            )
        except WorkflowError as error:
            for message in error.errors:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The round of %(year)s has been started.") % {"year": round_.year}
        )
        return redirect("workflows:round_detail", year=round_.year)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return fallback
    return target


class _EditableItemMixin(LoginRequiredMixin):
    def item(self, pk) -> ChecklistItem:
        items = scope_editable(
            ChecklistItem.objects.select_related("plan_step__process"),
            self.request.user,
            field="plan_step__process__department",
        )
        return get_object_or_404(items, pk=pk)


class EvidenceUploadView(_EditableItemMixin, View):
    def post(self, request, pk):
        item = self.item(pk)
        form = forms.EvidenceFileForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to upload."))
        else:
            try:
                checklist_services.evidence_add_file(
                    item=item, actor=request.user, upload=form.cleaned_data["file"]
                )
                messages.success(request, _("The file has been added."))
            except WorkflowError as error:
                for message in error.errors:
                    messages.error(request, message)
        return redirect(_back(request, "/"))


class EvidenceLinkView(_EditableItemMixin, View):
    def post(self, request, pk):
        item = self.item(pk)
        form = forms.EvidenceLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a valid link and a title."))
        else:
            try:
                checklist_services.evidence_add_link(
                    item=item, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("The link has been added."))
            except WorkflowError as error:
                for message in error.errors:
                    messages.error(request, message)
        return redirect(_back(request, "/"))


class EvidenceRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        evidence = get_object_or_404(
            scope_editable(
                Evidence.objects.all(), request.user, field="item__plan_step__process__department"
            ),
            pk=pk,
        )
        try:
            checklist_services.evidence_remove(evidence=evidence, actor=request.user)
            messages.success(request, _("The evidence has been removed."))
        except WorkflowError as error:
            for message in error.errors:
                messages.error(request, message)
        return redirect(_back(request, "/"))


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Evidence files are served as downloads, never inline, and only to users who may see
    the department."""

    def get(self, request, pk):
        evidence = get_object_or_404(
            scope_visible(
                Evidence.objects.filter(kind=Evidence.Kind.FILE),
                request.user,
                field="item__plan_step__process__department",
            ),
            pk=pk,
        )
        response = FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.filename,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
