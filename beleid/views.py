"""Pages of the framework and the departments. Thin: scope, call a selector/service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from . import access, selectors
from .forms import (
    AuditTrailFilterForm,
    DepartmentFilterForm,
    FrameworkCompareForm,
    InterpretationForm,
)
from .models import Department, FrameworkVersion, Requirement
from .services.audit_trail import audit_trail_export
from .services.departments import interpretation_update


def _compare_form(*, old: FrameworkVersion | None, new: FrameworkVersion | None):
    """The form to compare two versions, set to `old` and `new` (None when there are not two
    versions to compare)."""
    if old is None or new is None:
        return None
    return FrameworkCompareForm(initial={"old": old.code, "new": new.code})


class FrameworkListView(LoginRequiredMixin, ListView):
    template_name = "beleid/framework_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return selectors.framework_versions()

    def get_context_data(self, **kwargs):
        versions = list(self.object_list)
        return super().get_context_data(
            compare_form=_compare_form(
                old=versions[1] if len(versions) > 1 else None,
                new=versions[0] if versions else None,
            ),
            **kwargs,
        )


class FrameworkDetailView(LoginRequiredMixin, TemplateView):
    template_name = "beleid/framework_detail.html"

    def get_context_data(self, **kwargs):
        version = get_object_or_404(
            FrameworkVersion.objects.select_related("previous"), code=kwargs["code"]
        )
        previous = version.previous
        return super().get_context_data(
            version=version,
            steps=selectors.framework_steps(version=version),
            comparison=(
                selectors.framework_comparison(old=previous, new=version) if previous else None
            ),
            compare_form=_compare_form(old=previous, new=version),
            **kwargs,
        )


class FrameworkCompareView(LoginRequiredMixin, TemplateView):
    """Any two versions side by side: `?old=2024.1&new=2025.1`."""

    template_name = "beleid/framework_compare.html"

    def get_context_data(self, **kwargs):
        form = FrameworkCompareForm(self.request.GET or None)
        comparison = None
        if form.is_bound and form.is_valid():
            comparison = selectors.framework_comparison(
                old=form.cleaned_data["old"], new=form.cleaned_data["new"]
            )
        elif not form.is_bound:
            versions = list(selectors.framework_versions()[:2])
            form = _compare_form(
                old=versions[1] if len(versions) > 1 else None,
                new=versions[0] if versions else None,
            ) or FrameworkCompareForm()
        return super().get_context_data(form=form, comparison=comparison, **kwargs)


class DepartmentListView(LoginRequiredMixin, ListView):
    template_name = "beleid/department_list.html"
    context_object_name = "departments"
    paginate_by = 25

    def get_queryset(self):
        self.form = DepartmentFilterForm(self.request.GET)
        return selectors.department_list(user=self.request.user, **self.form.filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            filtered=any(self.form.filters().values()),
            sees_all=access.sees_all_departments(self.request.user),
            **kwargs,
        )


def _visible_department(user, slug: str) -> Department:
    """A department the user may see, else 404 (another department's data does not exist)."""
    return get_object_or_404(access.visible_departments(user), slug=slug)


class DepartmentDetailView(LoginRequiredMixin, TemplateView):
    template_name = "beleid/department_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = _visible_department(user, kwargs["slug"])
        version = selectors.current_framework()
        return super().get_context_data(
            department=department,
            coordinators=department.coordinators.order_by("last_name", "first_name"),
            version=version,
            requirement_rows=(
                selectors.department_requirements(department=department, version=version)
                if version
                else []
            ),
            can_edit=access.can_edit_department(user, department),
            **kwargs,
        )


class InterpretationEditView(LoginRequiredMixin, FormView):
    template_name = "beleid/interpretation_form.html"
    form_class = InterpretationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.department = _visible_department(request.user, kwargs["slug"])
        if not access.can_edit_department(request.user, self.department):
            raise PermissionDenied
        self.requirement = get_object_or_404(
            Requirement.objects.select_related("version", "step").filter(
                Requirement.applicable_filter(self.department)
            ),
            version__code=kwargs["version"],
            code=kwargs["code"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        interpretation = self.requirement.interpretations.filter(department=self.department).first()
        return {"text": interpretation.text if interpretation else ""}

    def form_valid(self, form):
        interpretation_update(
            actor=self.request.user,
            department=self.department,
            requirement=self.requirement,
            text=form.cleaned_data["text"],
        )
        messages.success(
            self.request,
            _("Interpretation of %(code)s saved.") % {"code": self.requirement.code},
        )
        return redirect("beleid:department_detail", slug=self.department.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            department=self.department, requirement=self.requirement, **kwargs
        )


def _audit_filter_form(request, department: Department) -> AuditTrailFilterForm:
    return AuditTrailFilterForm(
        request.GET or None,
        event_types=selectors.audit_trail_event_types(department=department),
        people=selectors.audit_trail_people(department=department),
    )


class AuditTrailView(LoginRequiredMixin, TemplateView):
    """A department's audit trail, for everyone who may see the department: its coordinators,
    the Vrijwilligerspunt, auditors and administrators (another department's: 404)."""

    template_name = "beleid/audit_trail.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = _visible_department(user, kwargs["slug"])
        form = _audit_filter_form(self.request, department)
        filters = form.filters()
        page = Paginator(
            selectors.department_audit_trail(department=department, **filters),
            self.paginate_by,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            department=department,
            form=form,
            filtered=any(filters.values()),
            page_obj=page,
            audit_rows=selectors.audit_rows(page.object_list, user),
            **kwargs,
        )


class AuditTrailCsvView(LoginRequiredMixin, View):
    """The filtered trail as a CSV file; taking it is recorded in the trail."""

    def get(self, request, slug):
        department = _visible_department(request.user, slug)
        form = _audit_filter_form(request, department)
        content, _count = audit_trail_export(
            actor=request.user, department=department, **form.filters()
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        filename = f"audittrail-{department.slug}-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
