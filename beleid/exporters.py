"""The audit trail as a CSV file, with the same readable columns as the page.

Every cell is neutralised against formula injection (a leading = + - @ tab or CR gets a
leading apostrophe), as the register's exports do: auditors open these files in Excel.
"""

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Events named per batch: the names of a batch are looked up together.
BATCH = 1000


def neutralise(value: str) -> str:
    """Make a cell inert in a spreadsheet: text starting like a formula gets a '."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(rows) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Excel in Belgium opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(str(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _batches(events: QuerySet) -> Iterator[list]:
    batch = []
    for event in events.iterator(chunk_size=BATCH):
        batch.append(event)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def audit_trail_rows(events: QuerySet, *, user) -> Iterator[list[str]]:
    """The header, then one row per event, named for `user` as on the page. The time is the
    local time as year-month-day hours:minutes:seconds, so that a spreadsheet sorts it."""
    yield [_("Time"), _("Department"), _("By"), _("Event"), _("Concerns"), _("Changes")]
    for batch in _batches(events):
        for row in selectors.audit_rows(batch, user):
            yield [
                timezone.localtime(row.when).strftime("%Y-%m-%d %H:%M:%S"),
                row.department,
                row.actor,
                str(row.event_label),
                row.subject,
                row.changes_text,
            ]
