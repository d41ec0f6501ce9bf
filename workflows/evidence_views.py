"""Evidence of a checklist item: removing it (after a confirmation) and downloading a file."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from beleid.access import scope_editable, scope_visible

from .models import Evidence
from .services import WorkflowError
from .services import checklists as checklist_services
from .services import steps as step_services


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
