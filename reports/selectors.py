"""What the auditors' pages show: the rounds with their departments, and the archive of
reports."""

from django.db.models import QuerySet

from beleid import access
from beleid.models import Department, Document
from workflows.models import Round, StepPlanProcess

# The kinds of document that are reports (their archive is on reports:index).
REPORT_KINDS = ("department_report", "city_report", "insurance_extract")


def report_rounds() -> list[Round]:
    """Every round, newest first."""
    return list(Round.objects.select_related("framework_version").order_by("-year"))


def round_departments(*, user, round_: Round | None) -> QuerySet[Department]:
    """The departments `user` may see with a plan in `round_`, by name."""
    if round_ is None:
        return Department.objects.none()
    ids = StepPlanProcess.objects.filter(round=round_).values("department_id")
    return access.visible_departments(user).filter(pk__in=ids).order_by("name")


def report_archive(*, user) -> list[Document]:
    """The reports `user` may see, newest first (each kind decides: `access.can_see_document`).
    One query."""
    documents = (
        Document.objects.filter(kind__in=REPORT_KINDS)
        .select_related("requested_by", "department")
        .order_by("-created_at")
    )
    return [document for document in documents if access.can_see_document(user, document)]
