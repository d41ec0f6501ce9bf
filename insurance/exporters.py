"""The insurer's list as CSV or XLSX: everyone insured, or additions and removals since a date.

Every text cell is neutralised against formula injection (a leading = + - @ tab or CR gets
a leading apostrophe), because the insurer and the office open these files in Excel.
"""

import csv
import datetime
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
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
    person = cover.person
    row = [cover.policy_number, person.pk, person.last_name, person.first_name,
           person.date_of_birth]
    if settings.INSURER_REQUIRES_NATIONAL_NUMBER:
        # The insurer's own list is the one place that needs the full number.
        row.append(person.national_number)
    row += [cover.insured_from, cover.insured_to]
    if change is not None:
        row.insert(0, change)
    return row


def insurer_rows(*, since: datetime.date | None = None) -> list[list]:
    """Header and rows of the insurer's list of the whole city: one row per insured person
    (the person's data, as the insurer knows them), or the additions and removals since a
    day. Who may take it: `beleid.access.can_take_insurer_list`."""
    if since is None:
        return [_headers(changes=False),
                *(_row(cover) for cover in selectors.insured_persons().iterator(chunk_size=2000))]
    added, removed = selectors.coverage_changes(since=since)
    return [
        _headers(changes=True),
        *(_row(cover, _("added")) for cover in added.iterator(chunk_size=2000)),
        *(_row(cover, _("removed")) for cover in removed.iterator(chunk_size=2000)),
    ]


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
    """The insurer's list of the whole city, rendered, for `actor` (who may take it:
    `beleid.access.can_take_insurer_list`; refused otherwise). Taking it is recorded (it
    holds personal data)."""
    if not access.can_take_insurer_list(actor):
        raise PermissionDenied("Only the office takes the insurer's list.")
    content = render(insurer_rows(since=since), fmt=fmt)
    audit_log(actor=actor, event_type=AuditEventType.INSURANCE_EXPORTED,
              after={"format": fmt, "since": since})
    return content


@transaction.atomic
def insurer_list_export_whole_city(*, fmt: str, since: datetime.date | None = None) -> bytes:
    """The insurer's list of the whole city for the command line (the system takes it);
    recorded as `insurer_list_export`."""
    content = render(insurer_rows(since=since), fmt=fmt)
    audit_log(actor=None, event_type=AuditEventType.INSURANCE_EXPORTED,
              after={"format": fmt, "since": since})
    return content
