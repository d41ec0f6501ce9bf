"""The insurer's list as CSV or XLSX: everyone insured, or additions and removals since a date.

Every text cell is neutralised against formula injection (a leading = + - @ tab or CR gets
a leading apostrophe), because the insurer and the office open these files in Excel.
"""

import csv
import datetime
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType

from . import selectors

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a cell inert in a spreadsheet: text starting like a formula gets a '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _headers(changes: bool) -> list[str]:
    headers = [_("policy"), _("volunteer number"), _("last name"), _("first name"),
               _("date of birth")]
    if settings.INSURER_REQUIRES_NATIONAL_NUMBER:
        headers.append(_("national register number"))
    headers += [_("insured from"), _("insured to")]
    if changes:
        headers.insert(0, _("change"))
    return headers


def _row(cover, change: str | None = None) -> list:
    volunteer = cover.volunteer
    row = [cover.policy_number, volunteer.pk, volunteer.last_name, volunteer.first_name,
           volunteer.date_of_birth]
    if settings.INSURER_REQUIRES_NATIONAL_NUMBER:
        # The insurer's own list is the one place that needs the full number.
        row.append(volunteer.national_number)
    row += [cover.insured_from, cover.insured_to]
    if change is not None:
        row.insert(0, change)
    return row


def insurer_rows(*, since: datetime.date | None = None, user=None) -> list[list]:
    """Header and rows of the insurer's list; scoped to what `user` may see when given."""
    if since is None:
        queryset = selectors.insured_persons()
        if user is not None:
            queryset = selectors.scope_coverage(queryset, user=user)
        rows = [_row(cover) for cover in queryset.iterator(chunk_size=2000)]
        return [_headers(changes=False), *rows]
    added, removed = selectors.coverage_changes(since=since)
    if user is not None:
        added = selectors.scope_coverage(added, user=user)
        removed = selectors.scope_coverage(removed, user=user)
    rows = [_row(cover, _("added")) for cover in added.iterator(chunk_size=2000)]
    rows += [_row(cover, _("removed")) for cover in removed.iterator(chunk_size=2000)]
    return [_headers(changes=True), *rows]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(rows: list[list]) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Excel in Belgium opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(_cell_text(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: list[list]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("insured persons"))
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(*, fmt: str, since: datetime.date | None) -> str:
    today = timezone.localdate()
    if since is None:
        return f"verzekerden-{today:%Y%m%d}.{fmt}"
    return f"verzekerden-wijzigingen-{since:%Y%m%d}-{today:%Y%m%d}.{fmt}"


def render(*, fmt: str, since: datetime.date | None = None, user=None) -> bytes:
    rows = insurer_rows(since=since, user=user)
    if fmt == "xlsx":
        return write_xlsx(rows)
    if fmt == "csv":
        return write_csv(rows)
    raise ValueError(fmt)


def insurer_list_export(*, actor, fmt: str, since: datetime.date | None = None,
                        user=None) -> bytes:
    """Render the insurer's list and record who took it (it holds personal data)."""
    from django.db import transaction

    from beleid.services.audit import audit_log


    with transaction.atomic():
        content = render(fmt=fmt, since=since, user=user)
        audit_log(actor=actor, event_type=AuditEventType.INSURANCE_EXPORTED,
                  after={"format": fmt, "since": since, "scoped": user is not None})
    return content
