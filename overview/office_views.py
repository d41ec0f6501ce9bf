"""The office's overview of all departments: the matrix of a round, figures and exports, and
the drill-down to one department's step (its requirements and checklist statuses).

Thin: who may see it is `beleid.access.can_see_office_overview` (the office and auditors;
a coordinator gets 403 on every page and export here); what it shows comes from
`office_selectors`.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from beleid.access import can_see_office_overview, is_office
from workflows import selectors as workflow_selectors

from . import office_exports
from . import office_selectors as selectors
from .office_forms import OfficeFilterForm


class OfficeOnlyMixin:
    """The office's overview is for those who see every department (`can_see_office_overview`)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_office_overview(request.user):
            raise PermissionDenied(
                _("The overview of all departments is for the Vrijwilligerspunt and auditors.")
            )
        return super().dispatch(request, *args, **kwargs)


def _requested_year(data) -> int | None:
    try:
        return int(data.get("year", ""))
    except ValueError:
        return None


class _Matrix(OfficeOnlyMixin):
    """The chosen round and the filtered matrix, as the page and the exports share them."""

    with_figures = True

    def matrix(self):
        data = self.request.GET
        rounds = selectors.rounds()
        round_ = selectors.chosen_round(rounds, _requested_year(data))
        if round_ is None:
            return None, None, None
        steps = selectors.round_steps(round_=round_)
        form = OfficeFilterForm(
            data, rounds=rounds, steps=steps, clusters=selectors.cluster_choices(),
            reviewers=selectors.reviewer_choices(round_=round_),
        )
        filters = form.filters(year=round_.year)
        overview = selectors.office_overview(
            user=self.request.user, round_=round_, steps=steps, filters=filters,
            today=timezone.localdate(), with_figures=self.with_figures,
        )
        return form, filters, overview


class OfficeOverviewView(_Matrix, TemplateView):
    template_name = "overview/office.html"
    DEPARTMENTS_PER_PAGE = 50  # as the round overview: a page renders in a fixed time

    def get_context_data(self, **kwargs):
        form, filters, overview = self.matrix()
        if overview is None:
            return super().get_context_data(overview=None, **kwargs)
        page = Paginator(overview.rows, self.DEPARTMENTS_PER_PAGE).get_page(
            self.request.GET.get("page"))
        today = timezone.localdate()
        progress = selectors.progress_over_rounds(user=self.request.user, filters=filters)
        bars = selectors.progress_bars(progress)
        return super().get_context_data(
            form=form, overview=overview, figures=overview.figures, page_obj=page,
            rows=selectors.with_cells(list(page.object_list), overview.steps, today),
            progress=progress, bars=bars, chart_width=selectors.chart_width(bars),
            chart_height=selectors.CHART_TOP + selectors.CHART_HEIGHT + 24,
            chart_base=selectors.CHART_TOP + selectors.CHART_HEIGHT,
            read_only=not is_office(self.request.user),
            # The drill-down's address of every department and cell: one reverse() a page,
            # not one for each of its thousand cells.
            drill_prefix=reverse(
                "overview:office_cell", args=[overview.round.year, "slug"]).removesuffix("slug/"),
            lapse_days=selectors.TRAINING_LAPSE_DAYS,
            **kwargs,
        )


class OfficeExportView(_Matrix, View):
    """The filtered matrix (every page of it) as XLSX or CSV."""

    fmt = "xlsx"
    with_figures = False  # the file holds the matrix only
    CONTENT_TYPES = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }

    def get(self, request, *args, **kwargs):
        _form, _filters, overview = self.matrix()
        if overview is None:
            raise Http404("No round has been started yet.")
        rows = selectors.with_cells(overview.rows, overview.steps, timezone.localdate())
        table = office_exports.matrix_table(rows=rows, steps=overview.steps)
        response = HttpResponse(
            office_exports.render(table, fmt=self.fmt, year=overview.round.year),
            content_type=self.CONTENT_TYPES[self.fmt],
        )
        filename = office_exports.export_filename(fmt=self.fmt, year=overview.round.year)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class OfficeCellView(OfficeOnlyMixin, TemplateView):
    """One department's plan of a round, step by step (or one step, `?stap=`): each
    requirement with the department's checklist status, and the way to the step's page."""

    template_name = "overview/office_cell.html"

    def get_context_data(self, **kwargs):
        process = get_object_or_404(
            workflow_selectors.plans_visible(user=self.request.user).select_related(
                "department", "round"),
            year=kwargs["year"], department__slug=kwargs["slug"],
        )
        step_rows = workflow_selectors.plan_step_rows(process=process)
        chosen = self.request.GET.get("stap", "")
        shown = [row for row in step_rows if row.step.step.code == chosen] or step_rows
        items = selectors.checklists_of(plan_steps=[row.step for row in shown])
        today = timezone.localdate()
        return super().get_context_data(
            process=process, department=process.department,
            sections=[(row, row.step.is_overdue_on(today), items.get(row.step.pk, []))
                      for row in shown],
            step_rows=step_rows, chosen=chosen if len(shown) == 1 else "",
            **kwargs,
        )
