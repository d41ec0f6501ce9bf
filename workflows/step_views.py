"""The step plan's task pages: a step's checklist, its review, the sign-off of the year (form
-> service -> `activation.execute()` -> redirect), a task's page once it is done (its content),
and the office's page to cancel a task that says what will happen.

The task views run inside viewflow's activation (request.activation): the flow lock is held and
a transaction is open during a POST. Thin: check the role, call a service or selector, render.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from viewflow.workflow.flow import views as flow_views

from kennisdeling import knowledge_selectors

from . import forms, selectors, task_action_pages
from .managers import COORDINATORS, OFFICE
from .models import Evidence
from .services import WorkflowError
from .services import checklists as checklist_services
from .services import plans as plan_services
from .services import steps as step_services


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

    def _article_choices(self):
        # Read once for every item's form (one query however long the checklist).
        if not hasattr(self, "_articles"):
            self._articles = knowledge_selectors.article_choices(user=self.request.user)
        return self._articles

    def get_context_data(self, item_forms=None, vision_form=None, **kwargs):
        items = selectors.plan_step_checklist(plan_step=self.plan_step)
        item_forms = item_forms or {
            item.pk: forms.ChecklistItemForm.for_item(
                item, article_choices=self._article_choices())
            for item in items
        }
        # "How to meet this": the articles that serve each requirement, in one query.
        how_to = knowledge_selectors.articles_for_requirements(
            codes=[item.requirement.code for item in items], user=self.request.user)
        return super().get_context_data(
            plan_step=self.plan_step,
            process=self.activation.process,
            task=self.activation.task,
            rows=[(item, item_forms[item.pk], how_to.get(item.requirement.code, []))
                  for item in items],
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
            item.pk: forms.ChecklistItemForm.for_item(
                item, data=request.POST, files=request.FILES,
                article_choices=self._article_choices())
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


# --- a task of the plan, done or open: its content ----------------------------------------

ACTION_LABELS = {
    "execute": gettext_lazy("Open the task"),
    "assign": gettext_lazy("Take the task"),
    "unassign": gettext_lazy("Give the task back"),
    "cancel": gettext_lazy("Cancel the task…"),
    "undo": gettext_lazy("Undo the task…"),
    "revive": gettext_lazy("Reopen the task…"),
}


class TaskDetailView(flow_views.DetailTaskView):
    """The page of a checklist, review or sign-off task (viewflow's `detail` of the node):
    what the step holds -- the vision, every item with its evidence, the review decisions --
    and who did what when. Readable by everyone who may see the department."""

    template_name = "workflows/task_detail.html"

    def get_actions(self):
        actions = []
        for _label, url in super().get_actions():
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            if slug in ACTION_LABELS:
                actions.append((slug, ACTION_LABELS[slug], url))
        return actions

    def get_context_data(self, **kwargs):
        activation = self.request.activation
        task, process = activation.task, activation.process
        context = super().get_context_data(**kwargs)
        context["task"] = task
        context["process"] = process
        code = (task.data or {}).get("step")
        if code:
            plan_step = selectors.plan_step_of_task(task=task)
            context.update(selectors.plan_step_content(plan_step=plan_step))
            latest = selectors.latest_step_task(process=process, step_code=code)
            context["later_task"] = latest if latest is not None and latest.pk != task.pk else None
        else:
            context["sign_off_steps"] = selectors.plan_step_rows(process=process)
        return context


class CancelTaskView(task_action_pages.CancelTaskView):
    """The office cancels a task: the page says what will happen, for whom."""

    template_name = "workflows/task_cancel.html"

    def get_context_data(self, **kwargs):
        activation = self.request.activation
        context = super().get_context_data(**kwargs)
        context["task"] = activation.task
        context["process"] = activation.process
        audience = getattr(activation.flow_task, "audience", "")
        context["for_coordinators"] = audience == COORDINATORS
        context["is_review"] = audience == OFFICE and bool(
            (activation.task.data or {}).get("step")
        )
        return context

    def get_success_url(self):
        activation = self.request.activation
        return activation.flow_task.flow_class.instance.reverse(
            "process_detail", args=[activation.process.pk]
        )
