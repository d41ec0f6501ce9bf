"""The office's overview as a spreadsheet: the filtered matrix of a round, one row per
department, every step's status in words (and "overdue" with the due date), approved of total.

CSV as the project's other exports write it (`insurance.exporters.write_csv`: semicolons,
UTF-8 with BOM, what Excel in Belgium opens; every cell neutralised against formula
injection); XLSX through openpyxl, neutralised the same way.
"""

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from insurance.exporters import neutralise, write_csv

from .office_selectors import Cell, MatrixRow


def cell_text(cell: Cell | None) -> str:
    """A step's status in words; "overdue" with its due date when it is."""
    if cell is None:
        return _("not in this plan")
    if cell.overdue:
        return _("%(status)s, overdue (due %(date)s)") % {
            "status": cell.label, "date": date_format(cell.due_date, "DATE_FORMAT")}
    return cell.label


def matrix_table(*, rows: list[MatrixRow], steps) -> list[list]:
    """The header and one row per department (`rows` with their cells)."""
    header = [_("Department"), _("Organisation"), _("Cluster"), _("Welfare decree"),
              *(step.display_title for step in steps),
              _("Steps approved"), _("Steps"), _("Steps overdue"), _("Plan")]
    table = [header]
    for row in rows:
        table.append([
            row.department_name, row.organisation, row.cluster,
            _("yes") if row.welfare_decree else _("no"),
            *(cell_text(cell) for cell in row.cells),
            row.approved, row.steps_total, row.overdue,
            _("cancelled") if row.plan_cancelled else _("running"),
        ])
    return table


def write_xlsx(table: list[list], *, title: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on a sheet's name
    sheet.freeze_panes = "B2"  # the header and the department stay in view
    for row in table:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table: list[list], *, fmt: str, year: int) -> bytes:
    if fmt == "xlsx":
        return write_xlsx(table, title=_("All departments %(year)s") % {"year": year})
    if fmt == "csv":
        return write_csv(table)
    raise ValueError(fmt)


def export_filename(*, fmt: str, year: int) -> str:
    return f"alle-diensten-{year}-{timezone.localdate():%Y%m%d}.{fmt}"
