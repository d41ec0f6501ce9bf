"""Pages of the volunteer register. Thin: scope through `beleid.access`, call a selector or
service, render. Another department's volunteers do not exist for a coordinator (404), not
even its record of a person the coordinator's own department registered too."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from beleid import access

from . import exporters, import_template, selectors, services
from .forms import EngagementEndForm, ExportForm, ImportUploadForm
from .models import Engagement, ImportUpload
from .volunteer_import import discarding, uploads


def _counters(department, gaps: selectors.RegisterGaps, *, linked: bool) -> list[dict]:
    """The register's counters of a department, each linking to its list when the user may
    see names."""
    url = reverse("insurance:department", args=[department.slug])
    return [
        {"gap": gap.value, "label": gap.label, "count": gaps.count(gap),
         "url": f"{url}?{urlencode({'filter': gap.value})}" if linked else None}
        for gap in selectors.Gap
    ]


class RegisterOverviewView(LoginRequiredMixin, TemplateView):
    """Per department: the register's counters (counts only: fine for auditors)."""

    template_name = "insurance/overview.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(
            access.visible_departments(user).filter(active=True).order_by("name"),
            self.paginate_by,
        ).get_page(self.request.GET.get("page"))
        gaps = selectors.register_gaps_many(departments=list(page))
        personal = access.can_see_personal_data(user)
        return super().get_context_data(
            page_obj=page,
            gaps=selectors.Gap,
            rows=[(department, _counters(department, gaps[department.pk], linked=personal))
                  for department in page],
            personal=personal,
            can_export=access.can_take_insurer_list(user),
            **kwargs,
        )


class DepartmentRegisterView(LoginRequiredMixin, TemplateView):
    """A department's register: its counters, the C45B warnings by name, and one row per
    person with their engagements there and their cover (names only to who may see them)."""

    template_name = "insurance/department.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = access.visible_department_or_404(user, slug=kwargs["slug"])
        personal = access.can_see_personal_data(user)
        gaps = selectors.register_gaps(department=department)
        search = self.request.GET.get("q", "").strip()
        gap = self.request.GET.get("filter", "")
        if gap not in selectors.Gap.values:
            gap = ""
        page, warnings = None, []
        if personal:
            page = Paginator(
                selectors.department_register(department=department, search=search, gap=gap),
                self.paginate_by,
            ).get_page(self.request.GET.get("page"))
            named = selectors.volunteers_by_id(ids=gaps.c45b_volunteer_ids, user=user)
            warnings = [(warning, named.get(warning.volunteer_id))
                        for warning in gaps.c45b_warnings]
        return super().get_context_data(
            department=department,
            register_gaps=gaps,
            counters=_counters(department, gaps, linked=personal),
            c45b_warnings=warnings,
            gap=selectors.Gap(gap) if gap else None,
            page_obj=page,
            personal=personal,
            query=search,
            today=timezone.localdate(),
            can_edit=access.can_edit_department(user, department),
            **kwargs,
        )


class VolunteerDetailView(LoginRequiredMixin, TemplateView):
    """A department's volunteer: what the department recorded, its engagements, and the cover
    on their days. The person behind it (shared by the departments) only for the office.
    Opening it is recorded in the audit trail."""

    template_name = "insurance/volunteer_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        volunteer = get_object_or_404(
            selectors.visible_volunteers(user=user).filter(anonymised_at__isnull=True)
            .select_related("department", "person"),
            pk=kwargs["pk"],
        )
        engagements = list(selectors.volunteer_engagements(volunteer=volunteer))
        services.volunteer_data_opened(actor=user, volunteer=volunteer)
        holidays = selectors.public_holidays()
        editable = access.can_edit_department(user, volunteer.department)
        return super().get_context_data(
            volunteer=volunteer,
            department=volunteer.department,
            engagements=[
                (e, editable,
                 [(d, selectors.c45b_window_for(d, holidays)) for d in e.declarations.all()])
                for e in engagements
            ],
            show_benefits=access.can_see_benefit_data(user, {volunteer.department_id}),
            coverages=selectors.volunteer_cover(volunteer=volunteer, engagements=engagements),
            **self._person(volunteer, user),
            today=timezone.localdate(),
            **kwargs,
        )

    @staticmethod
    def _person(volunteer, user) -> dict:
        """The person behind the record, for the office only: what the insurer knows, the
        cover over every department, and every department's record of them."""
        if not access.can_see_persons(user):
            return {"person": None}
        person = volunteer.person
        return {
            "person": person,
            "person_coverages": person.coverages.all(),
            "person_records": person.volunteers.filter(anonymised_at__isnull=True)
            .select_related("department").order_by("department__name"),
        }


class EngagementEndView(LoginRequiredMixin, FormView):
    """GET: what ending the engagement will do (to the cover too), with the last day to
    give; POST: end it. Only the department's coordinators and the office."""

    form_class = EngagementEndForm
    template_name = "insurance/engagement_end.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.engagement = get_object_or_404(
            access.scope_editable(Engagement.objects.select_related("department", "volunteer"),
                                  request.user).filter(volunteer__anonymised_at__isnull=True),
            pk=kwargs["pk"],
        )
        if self.engagement.end_date is not None:
            messages.info(request, _("This engagement has already ended."))
            return redirect("insurance:volunteer_detail", pk=self.engagement.volunteer_id)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"end_date": max(timezone.localdate(), self.engagement.start_date)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "engagement": self.engagement}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            engagement=self.engagement, volunteer=self.engagement.volunteer,
            outlook=selectors.engagement_end_outlook(engagement=self.engagement),
            today=timezone.localdate(), **kwargs,
        )

    def form_valid(self, form):
        end_date = form.cleaned_data["end_date"]
        try:
            services.engagement_end(actor=self.request.user, engagement=self.engagement,
                                    end_date=end_date)
        except ValidationError as error:
            form.add_error("end_date", error)
            return self.form_invalid(form)
        messages.success(self.request, _(
            "The engagement of %(name)s in %(department)s ends on %(date)s.") % {
            "name": self.engagement.volunteer.full_name,
            "department": self.engagement.department.name,
            "date": date_format(end_date, "DATE_FORMAT"),
        })
        return redirect("insurance:volunteer_detail", pk=self.engagement.volunteer_id)


class ImportUploadView(LoginRequiredMixin, FormView):
    template_name = "insurance/import_upload.html"
    form_class = ImportUploadForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.department = access.editable_department_or_404(request.user, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = uploads.import_upload_create(
            actor=self.request.user, department=self.department, file=form.cleaned_data["file"])
        # The check runs in a task: the next page shows its progress (or, when the task
        # ran at once, the preview).
        return redirect("insurance:import_preview", slug=self.department.slug, pk=upload.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            department=self.department, columns=import_template.template_columns(),
            max_mb=settings.EVIDENCE_MAX_UPLOAD_MB, **kwargs)


class ImportTemplateView(LoginRequiredMixin, View):
    """The empty register file to fill in (no personal data: anyone signed in)."""

    fmt = "csv"
    content_types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, *args, **kwargs):
        response = HttpResponse(import_template.import_template(fmt=self.fmt),
                                content_type=self.content_types[self.fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="vrijwilligerslijst-sjabloon.{self.fmt}"')
        return response


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
        self.department = access.editable_department_or_404(request.user, slug=kwargs["slug"])
        # The kept file belongs to this user and this department only.
        self.upload = get_object_or_404(
            access.scope_editable(ImportUpload.objects.all(), request.user).filter(
                uploaded_by=request.user, department=self.department),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        upload = self.upload
        finished = upload.state in (upload.State.CHECKED, upload.State.DONE)
        report = upload.report if finished else None
        page, only_errors = None, self.request.GET.get("errors") == "1"
        if report is not None:
            lines = upload.result_lines.all()
            if only_errors:
                lines = lines.filter(to_look_at=True)
            page = Paginator(lines, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            department=self.department, upload=upload, state=upload.state,
            report=report, page_obj=page, only_errors=only_errors,
            refresh_ms=self.refresh_ms if upload.running else None, **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            if discarding.import_upload_discard(actor=request.user, upload=self.upload):
                return redirect("insurance:department", slug=self.department.slug)
            messages.error(request, _("The file is being imported; it can no longer be "
                                      "cancelled."))
        elif uploads.import_upload_confirm(actor=request.user, upload=self.upload):
            messages.success(request, _("The import has started."))
        else:
            messages.info(request, _("This file was already confirmed, or is not checked "
                                     "yet: nothing was done."))
        return redirect("insurance:import_preview", slug=self.department.slug,
                        pk=self.upload.pk)


class ExportView(LoginRequiredMixin, FormView):
    """The insurer's list of the whole city, one row per insured person: the office's (and
    an auditor's with the register-extract permission), never a department's."""

    template_name = "insurance/export.html"
    form_class = ExportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.can_take_insurer_list(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        fmt, since = form.cleaned_data["format"], form.cleaned_data["since"]
        user = self.request.user
        content = exporters.insurer_list_export(actor=user, fmt=fmt, since=since)
        content_type = (
            "text/csv; charset=utf-8" if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{exporters.export_filename(fmt=fmt, since=since)}"'
        )
        return response
