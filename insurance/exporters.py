"""The insurer's list as CSV or XLSX: everyone insured, or additions and removals since a date.

Every text cell is neutralised against formula injection (a leading = + - @ tab or CR gets
a leading apostrophe), because the insurer and the office open these files in Excel.
"""

import csv
import datetime
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid import access
from beleid.models import AuditEventType
from beleid.services.audit import audit_log

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


def _insurer_rows(*, since: datetime.date | None, scope) -> list[list]:
    """Header and rows of the insurer's list; `scope` narrows each queryset of cover."""
    if since is None:
        covers = scope(selectors.insured_persons())
        return [_headers(changes=False),
                *(_row(cover) for cover in covers.iterator(chunk_size=2000))]
    added, removed = selectors.coverage_changes(since=since)
    return [
        _headers(changes=True),
        *(_row(cover, _("added")) for cover in scope(added).iterator(chunk_size=2000)),
        *(_row(cover, _("removed")) for cover in scope(removed).iterator(chunk_size=2000)),
    ]


def insurer_rows(*, user, since: datetime.date | None = None) -> list[list]:
    """The insurer's list as far as `user` may see it: the office the whole city, a
    coordinator the people of their departments."""
    return _insurer_rows(
        since=since, scope=lambda covers: selectors.coverage_visible_to(covers, user=user))


def insurer_rows_whole_city(*, since: datetime.date | None = None) -> list[list]:
    """The insurer's list of the whole city, for background and command-line work that acts
    for the city (no user to scope to)."""
    return _insurer_rows(since=since, scope=lambda covers: covers)


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


def render(rows: list[list], *, fmt: str) -> bytes:
    if fmt == "xlsx":
        return write_xlsx(rows)
    if fmt == "csv":
        return write_csv(rows)
    raise ValueError(fmt)


@transaction.atomic
def insurer_list_export(*, actor, fmt: str, since: datetime.date | None = None) -> bytes:
    """The insurer's list as far as `actor` may see it, rendered; taking it is recorded (it
    holds personal data)."""
    content = render(insurer_rows(user=actor, since=since), fmt=fmt)
    audit_log(actor=actor, event_type=AuditEventType.INSURANCE_EXPORTED,
              after={"format": fmt, "since": since,
                     "scoped": not access.sees_all_departments(actor)})
    return content


@transaction.atomic
def insurer_list_export_whole_city(*, fmt: str, since: datetime.date | None = None) -> bytes:
    """The insurer's list of the whole city for the command line (the system takes it);
    recorded as `insurer_list_export`."""
    content = render(insurer_rows_whole_city(since=since), fmt=fmt)
    audit_log(actor=None, event_type=AuditEventType.INSURANCE_EXPORTED,
              after={"format": fmt, "since": since, "scoped": False})
    return content
