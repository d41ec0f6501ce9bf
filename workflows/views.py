"""Pages of the step plan. Thin: check the role, call a service or selector, render.

The task views run inside viewflow's activation (request.activation): the flow lock is held and
a transaction is open during a POST; they call a service and then `activation.execute()`.
viewflow's own lists and process pages are in `flow_views.py`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from beleid.access import scope_editable, scope_visible
from beleid.roles import is_office

from . import forms, selectors
from .models import Evidence, Round
from .services import WorkflowError
from .services import checklists as checklist_services
from .services import plans as plan_services
from .services import steps as step_services

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
    """The coordinators complete a step's checklist: one form for the whole page. "Save"
    stores every item, the vision and the files and links chosen per item; "Submit" does the
    same, then submits; "Remove" next to a piece of evidence saves too, then asks to confirm
    the removal. Nothing typed is lost on the way."""

    template_name = "workflows/step_checklist.html"

    def get_context_data(self, item_forms=None, vision_form=None, **kwargs):
        items = selectors.plan_step_checklist(plan_step=self.plan_step)
        item_forms = item_forms or {
            item.pk: forms.ChecklistItemForm.for_item(item) for item in items
        }
        return super().get_context_data(
            plan_step=self.plan_step,
            process=self.activation.process,
            task=self.activation.task,
            rows=[(item, item_forms[item.pk]) for item in items],
            vision_form=vision_form
            or forms.VisionForm(initial={"vision_text": self.plan_step.vision_text}),
            computed=step_services.step_computed_status(plan_step=self.plan_step),
            blockers=step_services.step_submission_errors(plan_step=self.plan_step),
            returned=selectors.last_return(plan_step=self.plan_step),
            **kwargs,
        )

    def _removal_url(self, request, evidence_pk: str) -> str | None:
        evidence = Evidence.objects.filter(
            pk=evidence_pk if evidence_pk.isdigit() else None, item__plan_step=self.plan_step
        ).first()
        if evidence is None:
            return None
        url = reverse("workflows:evidence_remove", args=[evidence.pk])
        return f"{url}?{urlencode({'next': request.get_full_path()})}"

    def post(self, request, *args, **kwargs):
        items = selectors.plan_step_checklist(plan_step=self.plan_step)
        item_forms = {
            item.pk: forms.ChecklistItemForm.for_item(item, data=request.POST, files=request.FILES)
            for item in items
        }
        is_vision = self.plan_step.step.code == "vision"
        vision_form = forms.VisionForm(request.POST)
        if not all(form.is_valid() for form in item_forms.values()) or not vision_form.is_valid():
            messages.error(request, _("Nothing was saved yet: correct what is marked below."))
            return self.render_to_response(
                self.get_context_data(item_forms=item_forms, vision_form=vision_form)
            )
        try:
            checklist_services.checklist_save(
                plan_step=self.plan_step,
                actor=request.user,
                items={pk: form.entered() for pk, form in item_forms.items()},
                vision_text=vision_form.cleaned_data["vision_text"]
                if is_vision and "vision_text" in request.POST
                else None,
            )
        except WorkflowError as error:
            self.fail(error)
            return self.render_to_response(
                self.get_context_data(item_forms=item_forms, vision_form=vision_form)
            )
        removal = request.POST.get("remove_evidence")
        if removal:
            url = self._removal_url(request, removal)
            if url:
                return redirect(url)
        if request.POST.get("action") == "submit":
            try:
                step_services.step_submit(plan_step=self.plan_step, actor=request.user)
            except WorkflowError as error:
                messages.success(request, _("Your changes have been saved."))
                messages.error(request, _("The step has not been submitted yet:"))
                self.fail(error)
                return redirect(request.get_full_path())
            messages.success(request, _("The step has been submitted for review."))
            return self.done()
        messages.success(request, _("Your changes have been saved."))
        return redirect(request.get_full_path())


class StepReviewView(_TaskPage):
    """A consultant approves the step or returns it with a comment; a step submitted again
    shows what changed since it was returned."""

    template_name = "workflows/step_review.html"

    def get_context_data(self, form=None, **kwargs):
        content = selectors.plan_step_content(plan_step=self.plan_step)
        return super().get_context_data(
            process=self.activation.process,
            task=self.activation.task,
            changes=selectors.changes_since_return(plan_step=self.plan_step),
            form=form or forms.ReviewForm(),
            **content,
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
            task=self.activation.task,
            step_rows=selectors.plan_step_rows(process=process),
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


# --- rounds -------------------------------------------------------------------------------


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
            Round.objects.select_related("framework_version", "started_by"), year=kwargs["year"]
        )
        rows = selectors.round_overview(round_=round_, user=self.request.user)
        if not rows and not is_office(self.request.user):
            raise Http404
        return super().get_context_data(
            round=round_, rows=rows, can_start=is_office(self.request.user), **kwargs
        )


class RoundStartView(OfficeOnlyMixin, FormView):
    template_name = "workflows/round_start.html"
    form_class = forms.RoundStartForm

    def get_initial(self):
        return {
            "year": timezone.localdate().year,
            "framework_version": self.get_form_class()
            .base_fields["framework_version"]
            .queryset.order_by("-published_on", "-pk")
            .first(),
        }

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


# --- evidence -----------------------------------------------------------------------------


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return fallback
    return target


class EvidenceRemoveView(LoginRequiredMixin, TemplateView):
    """Confirm, then remove a piece of evidence from an item (the checklist was saved before
    this page, so nothing typed is lost)."""

    template_name = "workflows/evidence_remove.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.evidence = get_object_or_404(
            scope_editable(
                Evidence.objects.select_related(
                    "item__requirement", "item__plan_step__step", "item__plan_step__process",
                    "added_by",
                ),
                request.user,
                field="item__plan_step__process__department",
            ),
            pk=kwargs["pk"],
        )
        process = self.evidence.item.plan_step.process
        self.back = _back(
            request, reverse("stepplan:process_detail", args=[process.pk])
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evidence=self.evidence,
            item=self.evidence.item,
            plan_step=self.evidence.item.plan_step,
            process=self.evidence.item.plan_step.process,
            editable=self.evidence.item.plan_step.status in step_services.EDITABLE,
            back=self.back,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        name = str(self.evidence)
        try:
            checklist_services.evidence_remove(evidence=self.evidence, actor=request.user)
        except WorkflowError as error:
            for message in error.errors:
                messages.error(request, message)
        else:
            messages.success(
                request, _("“%(name)s” has been removed from the evidence.") % {"name": name}
            )
        return redirect(self.back)


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
