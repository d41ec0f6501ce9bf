"""The empty register file a coordinator fills in: its columns (with the Dutch headers the
import reads first) and the template to download, as CSV or XLSX."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .exporters import write_csv
from .volunteer_import.file_reader import HEADER_ALIASES, REQUIRED_FIELDS


@dataclass(frozen=True)
class Column:
    header: str  # the Dutch header, one of file_reader.HEADER_ALIASES
    label: Promise
    explanation: Promise

    @property
    def field(self) -> str:
        return HEADER_ALIASES[self.header]

    @property
    def required(self) -> bool:
        return self.field in REQUIRED_FIELDS


DATE = _("a date: dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (or a date cell in Excel)")
COLUMNS = (
    Column("voornaam", _("First name"), _("as on the identity card")),
    Column("achternaam", _("Last name"), _("as on the identity card")),
    Column("geboortedatum", _("Date of birth"), DATE),
    Column("startdatum", _("Start date"),
           _("the first day of volunteering in your department; the volunteer is insured "
             "from that day")),
    Column("einddatum", _("End date"),
           _("only when the engagement ends: the last day (the cover ends with it)")),
    Column("email", _("E-mail"), _("optional")),
    Column("telefoon", _("Phone"), _("optional")),
    Column("adres", _("Address"), _("optional")),
    Column("noodcontact", _("Emergency contact"), _("optional: name and phone number")),
    Column("taken", _("Tasks"), _("optional: what the volunteer does, in a few words")),
)
NATIONAL_NUMBER = Column(
    "rijksregisternummer", _("National register number"),
    _("only because the insurer requires it: 11 digits, with or without dots and dash"),
)


def template_columns() -> list[Column]:
    """The columns of the template, the national register number only when the insurer
    requires it (otherwise it is never stored)."""
    columns = list(COLUMNS)
    if settings.INSURER_REQUIRES_NATIONAL_NUMBER:
        columns.append(NATIONAL_NUMBER)
    return columns


def import_template(*, fmt: str) -> bytes:
    """The empty list with its headers: CSV (semicolons, UTF-8 with BOM, as Excel in
    Belgium opens it) or XLSX (the list on the first sheet, an explanation on the second)."""
    columns = template_columns()
    headers = [column.header for column in columns]
    if fmt == "csv":
        return write_csv([headers])
    if fmt == "xlsx":
        return _xlsx(columns)
    raise ValueError(fmt)


def _xlsx(columns: list[Column]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(_("Volunteers"))
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
    sheet.freeze_panes = "A2"
    explanation = workbook.create_sheet(str(_("Explanation")))
    explanation.append([str(_("Column")), str(_("Required")), str(_("What to fill in"))])
    for cell in explanation[1]:
        cell.font = Font(bold=True)
    for column in columns:
        explanation.append([column.header, str(_("yes") if column.required else _("no")),
                            str(column.explanation)])
    explanation.append([])
    explanation.append([str(_("One line per volunteer and engagement. Only the first sheet "
                              "is read."))])
    for letter, width in (("A", 22), ("B", 10), ("C", 90)):
        explanation.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
