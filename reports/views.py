"""The auditors' report pages: the rounds and their departments with a form to make the
department report, and the archive of every report the user may see. Auditors and the
Vrijwilligerspunt only (`access.can_see_reports`); anyone else gets 403. The forms post to
beleid's `document_request` (the report is made in the background)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from beleid import access
from beleid.documents import get_kind

from . import selectors
from .insurance_extract import may_take_extract


def describe_params(document) -> str:
    """The parameters of a report in words."""
    from django.utils import formats
    from django.utils.translation import gettext

    from .department_report import parse_day

    params = document.params or {}
    parts = []
    if "year" in params:
        parts.append(gettext("year %(year)s") % {"year": params["year"]})
    if params.get("as_of"):
        try:
            day = formats.date_format(parse_day(params["as_of"]), "DATE_FORMAT")
        except ValueError:
            day = params["as_of"]
        parts.append(gettext("state on %(date)s") % {"date": day})
    elif "as_of" in params:
        parts.append(gettext("state when made"))
    if params.get("insurer_copy"):
        parts.append(gettext("insurer's copy"))
    return ", ".join(parts)


class ReportIndexView(LoginRequiredMixin, TemplateView):
    template_name = "reports/index.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.can_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rounds = selectors.report_rounds()
        year = self.request.GET.get("year", "")
        chosen = next((r for r in rounds if str(r.year) == year), rounds[0] if rounds else None)
        page = Paginator(selectors.report_archive(user=self.request.user),
                         self.paginate_by).get_page(self.request.GET.get("page"))
        archive = [
            {"document": document, "params": describe_params(document),
             "kind": str(get_kind(document.kind).label)}
            for document in page.object_list
        ]
        return super().get_context_data(
            rounds=rounds,
            chosen=chosen,
            departments=selectors.round_departments(user=self.request.user, round_=chosen),
            today=timezone.localdate().isoformat(),
            can_take_city_report=chosen is not None and access.can_see_office_overview(
                self.request.user),
            can_take_extract=may_take_extract(self.request.user, insurer_copy=False),
            can_take_insurer_copy=may_take_extract(self.request.user, insurer_copy=True),
            page_obj=page,
            archive=archive,
            **kwargs,
        )
