"""The department report of a year: a kind of document of `beleid.documents` ("department_report",
params {"department_id": int, "year": int, "as_of": "YYYY-MM-DD" or null}). Asked for from the
auditors' pages (reports:index) or the command line (`render_report department`), rendered in
the background, archived and verifiable. Who may ask for it and see it: `access.can_see_reports`
(auditors and the office); the archive shows every report of the kind to each of them.
"""

import datetime

from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid.documents import DocumentContent, DocumentKind, DocumentUnavailable, register_kind
from beleid.models import Department

from .department_selectors import department_report_data

KIND = "department_report"


def parse_day(value) -> datetime.date | None:
    """A date from "YYYY-MM-DD" (None for empty); ValueError when it is no date."""
    if value in (None, ""):
        return None
    return datetime.date.fromisoformat(str(value))


def report_params(*, department_id, year, as_of) -> dict:
    """Valid parameters (ValueError otherwise): an as-of date not in the future."""
    year = int(year)
    if not 2000 <= year <= 2100:
        raise ValueError("year")
    day = parse_day(as_of)
    if day is not None and day > timezone.localdate():
        raise ValueError("as_of")
    return {"department_id": int(department_id), "year": year,
            "as_of": day.isoformat() if day is not None else None}


class DepartmentReport(DocumentKind):
    code = KIND
    label = _("Department report")

    def params_from_request(self, user, data):
        try:
            params = report_params(department_id=data.get("department", ""),
                                   year=data.get("year", ""), as_of=data.get("as_of", ""))
        except ValueError:
            raise Http404("No valid department, year and date.") from None
        if not Department.objects.filter(pk=params["department_id"]).exists():
            raise Http404("No such department.")
        return params

    def title(self, params):
        department = self.department(params)
        name = department.name if department is not None else "?"
        title = gettext("Department report %(year)s: %(department)s") % {
            "year": params["year"], "department": name}
        if params.get("as_of"):
            title += " " + gettext("(state on %(date)s)") % {
                "date": formats.date_format(parse_day(params["as_of"]), "DATE_FORMAT")}
        return title

    def department(self, params):
        return Department.objects.filter(pk=params.get("department_id")).first()

    def may_request(self, user, params):
        return access.can_see_reports(user)

    def may_see(self, user, document):
        return access.can_see_reports(user)

    def public_title(self, document):
        # A report names a department and a year, no person.
        return document.title

    def back_url(self, document, user):
        return reverse("reports:index")

    def build(self, document):
        department = self.department(document.params)
        if department is None:
            raise DocumentUnavailable(gettext("This department no longer exists."))
        as_of = parse_day(document.params.get("as_of"))
        data = department_report_data(department=department, year=document.params["year"],
                                      as_of=as_of, user=document.requested_by)
        generated_by = (document.requested_by.get_full_name()
                        or document.requested_by.get_username()) if document.requested_by \
            else gettext("the command line")
        context = {
            "title": document.title,
            "report": data,
            "generated_at": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
            "generated_by": generated_by,
        }
        filename = f"rapport-{department.slug}-{document.params['year']}"
        if as_of is not None:
            filename += f"-{as_of.isoformat()}"
        return DocumentContent(
            template_name="reports/pdf/department_report.html",
            context=context,
            filename=filename + ".pdf",
            data={"kind": KIND, **data},
        )


def register() -> None:
    register_kind(DepartmentReport())
