"""Pages of the framework and the departments. Thin: scope, call a selector/service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from . import access, selectors
from .forms import InterpretationForm
from .models import Department, FrameworkVersion, Requirement
from .services.departments import interpretation_update
from .services.framework import framework_diff


class FrameworkListView(LoginRequiredMixin, ListView):
    template_name = "beleid/framework_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return FrameworkVersion.objects.order_by("-code")


class FrameworkDetailView(LoginRequiredMixin, TemplateView):
    template_name = "beleid/framework_detail.html"

    def get_context_data(self, **kwargs):
        version = get_object_or_404(FrameworkVersion, code=kwargs["code"])
        diff = framework_diff(old=version.previous, new=version) if version.previous else None
        return super().get_context_data(
            version=version,
            steps=selectors.framework_steps(version=version),
            diff=diff,
            changed_rows=[
                (code, [Requirement._meta.get_field(name).verbose_name for name in fields])
                for code, fields in (diff.changed.items() if diff else [])
            ],
            **kwargs,
        )


class DepartmentListView(LoginRequiredMixin, ListView):
    template_name = "beleid/department_list.html"
    context_object_name = "departments"
    paginate_by = 25

    def get_queryset(self):
        return selectors.department_list(
            user=self.request.user,
            search=self.request.GET.get("q", "").strip(),
            organisation=self.request.GET.get("organisation", ""),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisations=Department.Organisation.choices,
            query=self.request.GET.get("q", ""),
            organisation=self.request.GET.get("organisation", ""),
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
            can_read_trail=access.sees_all_departments(user),
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


class AuditTrailView(LoginRequiredMixin, TemplateView):
    template_name = "beleid/audit_trail.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = _visible_department(user, kwargs["slug"])
        # The trail is for the Vrijwilligerspunt, auditors and administrators.
        if not access.sees_all_departments(user):
            raise PermissionDenied
        page = Paginator(
            selectors.department_audit_trail(department=department), self.paginate_by
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(department=department, page_obj=page, **kwargs)
