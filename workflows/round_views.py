"""The yearly rounds: the list of rounds with what is overdue, one round's overview per
department, and the office's page to start a round."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from beleid.access import is_office

from . import forms, selectors
from .models import Round
from .services import WorkflowError
from .services.rounds import round_start


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
    """A round's overview: per department its steps (status, overdue), a page at a time."""

    template_name = "workflows/round_detail.html"
    DEPARTMENTS_PER_PAGE = 50

    def get_context_data(self, **kwargs):
        round_ = get_object_or_404(
            Round.objects.select_related("framework_version", "started_by"), year=kwargs["year"]
        )
        plans = Paginator(
            selectors.round_overview(round_=round_, user=self.request.user),
            self.DEPARTMENTS_PER_PAGE,
        )
        if not plans.count and not is_office(self.request.user):
            raise Http404
        page = plans.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            round=round_, rows=selectors.round_overview_rows(page.object_list), page_obj=page,
            can_start=is_office(self.request.user), **kwargs
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
            round_ = round_start(
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
