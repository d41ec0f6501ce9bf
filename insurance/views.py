"""Pages of the volunteer register. Thin: scope through `beleid.access`, call a selector or
service, render. Another department's volunteers do not exist for a coordinator (404)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from beleid import access

from . import exporters, import_uploads, selectors, services
from .forms import EngagementEndForm, ExportForm, ImportUploadForm
from .models import Engagement, ImportUpload


def _visible_department(user, slug):
    return get_object_or_404(access.visible_departments(user), slug=slug)


def _editable_department(user, slug):
    department = _visible_department(user, slug)
    if not access.can_edit_department(user, department):
        raise PermissionDenied
    return department


class RegisterOverviewView(LoginRequiredMixin, TemplateView):
    """Per department: active volunteers and the gaps (counts only: fine for auditors)."""

    template_name = "insurance/overview.html"

    def get_context_data(self, **kwargs):
        departments = list(access.visible_departments(self.request.user).filter(active=True))
        signals = selectors.department_signals_bulk(departments=departments)
        return super().get_context_data(
            rows=[(department, signals[department.pk]) for department in departments],
            can_export=selectors.can_see_personal_data(self.request.user),
            **kwargs,
        )


class DepartmentRegisterView(LoginRequiredMixin, TemplateView):
    template_name = "insurance/department.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = _visible_department(user, kwargs["slug"])
        personal = selectors.can_see_personal_data(user)
        search = self.request.GET.get("q", "").strip()
        page = None
        if personal:
            page = Paginator(
                selectors.department_engagements(department=department, search=search),
                self.paginate_by,
            ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            department=department,
            signals=selectors.department_signals(department=department),
            page_obj=page,
            query=search,
            can_edit=access.can_edit_department(user, department),
            **kwargs,
        )


class VolunteerDetailView(LoginRequiredMixin, TemplateView):
    """A volunteer's personal data. Opening it is recorded in the audit trail."""

    template_name = "insurance/volunteer_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        volunteer = get_object_or_404(
            selectors.visible_volunteers(user=user).filter(anonymised_at__isnull=True),
            pk=kwargs["pk"],
        )
        engagements = list(selectors.volunteer_engagements(volunteer=volunteer, user=user))
        services.volunteer_data_opened(
            actor=user, volunteer=volunteer,
            department=engagements[0].department if engagements else None,
        )
        editable = set(access.editable_departments(user).values_list("pk", flat=True))
        holidays = selectors.public_holidays()
        return super().get_context_data(
            volunteer=volunteer,
            engagements=[
                (e, e.department_id in editable,
                 [(d, selectors.c45b_window_for(d, holidays)) for d in e.declarations.all()])
                for e in engagements
            ],
            # Benefit data: the volunteer's own departments and the office only.
            show_benefits=bool(editable & {e.department_id for e in engagements}),
            coverages=volunteer.coverages.all(),
            end_form=EngagementEndForm(),
            **kwargs,
        )


class EngagementEndView(LoginRequiredMixin, FormView):
    form_class = EngagementEndForm
    template_name = "insurance/volunteer_detail.html"
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.engagement = get_object_or_404(
            access.scope_editable(Engagement.objects.select_related("department", "volunteer"),
                                  request.user),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.engagement_end(actor=self.request.user, engagement=self.engagement,
                                    end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("The engagement has ended."))
        return redirect("insurance:volunteer_detail", pk=self.engagement.volunteer_id)

    def form_invalid(self, form):
        messages.error(self.request, _("Give a valid last day."))
        return redirect("insurance:volunteer_detail", pk=self.engagement.volunteer_id)


class ImportUploadView(LoginRequiredMixin, FormView):
    template_name = "insurance/import_upload.html"
    form_class = ImportUploadForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.department = _editable_department(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = import_uploads.import_upload_create(
            actor=self.request.user, department=self.department, file=form.cleaned_data["file"])
        # The check runs in a task: the next page shows its progress (or, when the task
        # ran at once, the preview).
        return redirect("insurance:import_preview", slug=self.department.slug, pk=upload.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(department=self.department, **kwargs)


class ImportPreviewView(LoginRequiredMixin, TemplateView):
    """GET: the progress of the check or the import (refreshing itself), the preview with a
    result per row, or the final result. POST: confirm the checked file, or cancel it."""

    template_name = "insurance/import_preview.html"
    paginate_by = 100
    # How often the progress page asks again (milliseconds).
    refresh_ms = 1500

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.department = _editable_department(request.user, kwargs["slug"])
        # The kept file belongs to this user and this department only.
        self.upload = get_object_or_404(
            access.scope_editable(ImportUpload.objects.all(), request.user).filter(
                uploaded_by=request.user, department=self.department),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        upload = self.upload
        report = import_uploads.report_from_json(upload.report)
        page, only_errors = None, self.request.GET.get("errors") == "1"
        if report is not None:
            rows = report.errors if only_errors else report.rows
            page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            department=self.department, upload=upload, state=upload.state,
            report=report, page_obj=page, only_errors=only_errors,
            refresh_ms=self.refresh_ms if upload.running else None, **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            if import_uploads.import_upload_discard(upload=self.upload):
                return redirect("insurance:department", slug=self.department.slug)
            messages.error(request, _("The file is being imported; it can no longer be "
                                      "cancelled."))
        elif import_uploads.import_upload_confirm(actor=request.user, upload=self.upload):
            messages.success(request, _("The import has started."))
        else:
            messages.info(request, _("This file was already confirmed, or is not checked "
                                     "yet: nothing was done."))
        return redirect("insurance:import_preview", slug=self.department.slug,
                        pk=self.upload.pk)


class ExportView(LoginRequiredMixin, FormView):
    """The insurer's list: the office gets the whole city, a coordinator their departments."""

    template_name = "insurance/export.html"
    form_class = ExportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.can_see_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        fmt, since = form.cleaned_data["format"], form.cleaned_data["since"]
        user = self.request.user
        content = exporters.insurer_list_export(
            actor=user, fmt=fmt, since=since,
            user=None if access.sees_all_departments(user) else user,
        )
        content_type = (
            "text/csv; charset=utf-8" if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{exporters.export_filename(fmt=fmt, since=since)}"'
        )
        return response
