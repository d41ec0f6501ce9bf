"""The city-wide report of a yearly round (kind "city_report", params {"year": int}): the
office overview's matrix of departments x steps, the totals per step, the overdue work, the
progress over the rounds, and the requirements not met with the departments concerned.

Who may ask for it: whoever may see the office's overview (`access.can_see_office_overview`:
the office, administrators, auditors); never a coordinator. In the worker it is built for the
document's requester (the overview's selectors scope by user), or for the whole city when the
command line made it (no requester).

`city_report_data` is what the pages show, as plain JSON values: the template renders it and
the renderer embeds the same dict as "report-data.json".
"""

import datetime
from collections import defaultdict

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid.documents import DocumentContent, DocumentKind, DocumentUnavailable
from overview import office_selectors as selectors
from workflows.models import ChecklistItem, PlanStep, Round

KIND = "city_report"
TEMPLATE = "reports/pdf/city_report.html"

# A checklist item whose status is one of these is no concern of the report.
SETTLED = (ChecklistItem.Status.MET, ChecklistItem.Status.NOT_APPLICABLE)


def _round(year) -> Round | None:
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    return Round.objects.select_related("framework_version").filter(year=year).first()


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def city_report_data(*, round_: Round, user, today: datetime.date) -> dict:
    """What the city report of `round_` shows, as plain JSON values in the current language:
    read for `user` (None: the whole city, unscoped). A fixed number of queries whatever the
    number of departments."""
    filters = selectors.OfficeFilters(year=round_.year)
    if user is None:
        plans = selectors.city_plans(round_=round_, filters=filters, today=today)
        progress = selectors.city_progress_over_rounds(filters=filters)
    else:
        plans = selectors.filtered_plans(user=user, round_=round_, filters=filters, today=today)
        progress = selectors.progress_over_rounds(user=user, filters=filters)
    steps = selectors.round_steps(round_=round_)
    rows = selectors.with_cells(selectors.plan_rows(plans), steps, today)
    totals = selectors.step_totals(plans=plans, steps=steps, today=today)
    labels = selectors.status_labels()
    plan_ids = [row.plan_id for row in rows]
    return {
        "kind": KIND,
        "year": round_.year,
        "framework": f"{round_.framework_version.code} {round_.framework_version.title}",
        "today": today.isoformat(),
        "steps": [{"code": step.code, "title": step.display_title} for step in steps],
        "figures": {
            "departments": len(rows),
            "fully_approved": sum(1 for row in rows if row.fully_approved),
            "waiting_for_review": sum(t.counts.get(PlanStep.Status.SUBMITTED, 0) for t in totals),
            "overdue": sum(total.overdue for total in totals),
        },
        "matrix": [
            {
                "department": row.department_name,
                "approved": row.approved,
                "steps_total": row.steps_total,
                "cells": [
                    None if cell is None else {
                        "status": cell.status, "label": cell.label, "overdue": cell.overdue}
                    for cell in row.cells
                ],
            }
            for row in rows
        ],
        "totals": [
            {
                "step": total.step.code,
                "counts": [{"status": status, "label": label, "count": count}
                           for status, label, count in total.in_words()],
                "overdue": total.overdue,
            }
            for total in totals
        ],
        "overdue": [
            {"department": name, "step": code, "status": labels[status],
             "due_date": due.isoformat(), "due_date_text": _date(due)}
            for name, code, status, due in PlanStep.objects.filter(
                PlanStep.overdue_condition(today=today), process_id__in=plan_ids)
            .order_by("due_date", "process__department__name", "step__order", "pk")
            .values_list("process__department__name", "step__code", "status", "due_date")
        ],
        "progress": [
            {"year": year.year, "departments": year.departments, "steps": year.steps,
             "approved": year.approved, "percent": year.percent}
            for year in progress
        ],
        "requirements_not_met": _not_met(plan_ids),
    }


def _not_met(plan_ids: list[int]) -> list[dict]:
    """Per requirement (in the framework's order), the departments whose checklist item of
    it is neither met nor not applicable, grouped by the item's status (one query)."""
    labels = {status: str(label) for status, label in ChecklistItem.Status.choices}
    found: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, department, status in _not_met_rows(plan_ids):
        found[key][status].append(department)
    return [
        {"code": code, "title": title,
         "statuses": [{"status": status, "label": labels[status], "departments": names}
                      for status in ChecklistItem.Status.values
                      if (names := by_status.get(status))]}
        for (_step, _order, code, title), by_status in found.items()
    ]


def _not_met_rows(plan_ids):
    rows = (
        ChecklistItem.objects.filter(plan_step__process_id__in=plan_ids)
        .exclude(status__in=SETTLED)
        .exclude(plan_step__status=PlanStep.Status.CANCELLED)
        .order_by("requirement__step__order", "requirement__order", "requirement__code",
                  "plan_step__process__department__name", "pk")
        .values_list("requirement__step__order", "requirement__order", "requirement__code",
                     "requirement__title", "plan_step__process__department__name", "status")
    )
    for step_order, order, code, title, department, status in rows.iterator(chunk_size=5000):
        yield (step_order, order, code, title), department, status


def city_report_content(*, round_: Round, user, today: datetime.date,
                        generated_by: str) -> DocumentContent:
    """Template, context and data of the city report (also the benchmark's way in)."""
    data = city_report_data(round_=round_, user=user, today=today)
    title = gettext("City-wide report %(year)s") % {"year": round_.year}
    return DocumentContent(
        template_name=TEMPLATE,
        context={
            "title": title, "report": data,
            "generated_on": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
            "generated_by": generated_by,
            "today_text": _date(today),
        },
        filename=f"stadsrapport-{round_.year}.pdf",
        data=data,
    )


class CityReport(DocumentKind):
    code = KIND
    label = _("City-wide report")

    def params_from_request(self, user, data):
        year = str(data.get("year", ""))
        round_ = _round(int(year)) if year.isdigit() else None
        if round_ is None or not access.can_see_office_overview(user):
            raise Http404("No round of this year for this user.")
        return {"year": round_.year}

    def title(self, params):
        return gettext("City-wide report %(year)s") % {"year": params.get("year")}

    def public_title(self, document):
        return self.title(document.params)  # names no person

    def may_request(self, user, params):
        return access.can_see_office_overview(user) and _round(params.get("year")) is not None

    def build(self, document):
        round_ = _round(document.params.get("year"))
        if round_ is None:
            raise DocumentUnavailable(gettext("There is no round of this year."))
        requester = document.requested_by
        generated_by = (requester.get_full_name() or requester.get_username()) if requester \
            else gettext("the command line")
        return city_report_content(round_=round_, user=requester, today=timezone.localdate(),
                                   generated_by=generated_by)
