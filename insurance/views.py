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

from . import exporters, selectors, services
from .forms import EngagementEndForm, ExportForm, ImportUploadForm
from .importers import ImportFileError, read_register_file
from .models import Engagement, ImportUpload
from .register_import import volunteers_import


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
        upload = form.cleaned_data["file"]
        stored = ImportUpload(uploaded_by=self.request.user, department=self.department,
                              original_name=upload.name[:255])
        stored.file.save(str(stored.pk), upload, save=False)
        stored.save()
        return redirect("insurance:import_preview", slug=self.department.slug, pk=stored.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(department=self.department, **kwargs)


class ImportPreviewView(LoginRequiredMixin, TemplateView):
    """GET: a dry run with a result per row. POST: the real import of the same file."""

    template_name = "insurance/import_preview.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.department = _editable_department(request.user, kwargs["slug"])
        # The kept file belongs to this user and this department only.
        self.upload = get_object_or_404(
            ImportUpload, pk=kwargs["pk"], uploaded_by=request.user, department=self.department
        )
        return super().dispatch(request, *args, **kwargs)

    def _run(self, dry_run):
        with self.upload.file.open("rb") as handle:
            rows = read_register_file(handle.read())
        return volunteers_import(actor=self.request.user, department=self.department,
                                 rows=rows, dry_run=dry_run)

    def _discard(self):
        self.upload.file.delete(save=False)
        self.upload.delete()

    def get_context_data(self, **kwargs):
        try:
            report, error = self._run(dry_run=True), None
        except ImportFileError as refused:
            report, error = None, str(refused)
        return super().get_context_data(department=self.department, upload=self.upload,
                                        report=report, file_error=error, **kwargs)

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            self._discard()
            return redirect("insurance:department", slug=self.department.slug)
        try:
            report = self._run(dry_run=False)
        except ImportFileError as refused:
            messages.error(request, str(refused))
            self._discard()
            return redirect("insurance:import_upload", slug=self.department.slug)
        self._discard()
        counts = report.counts
        messages.success(request, _(
            "Imported: %(new)s new volunteers, %(engaged)s known volunteers engaged, "
            "%(ended)s engagements ended, %(unchanged)s already in the register, "
            "%(error)s rows not imported.") % counts)
        return redirect("insurance:department", slug=self.department.slug)


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
