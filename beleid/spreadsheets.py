"""Reading an uploaded list (CSV or XLSX) within bounds: bytes -> numbered rows of cells.

Every list the product imports (the volunteer register, attendance lists) is read here, so
that no file can make a worker build more than a department's list would need:

- at most `SPREADSHEET_MAX_ROWS` lines with content and `SPREADSHEET_MAX_COLUMNS` columns
  with a value, read within `SPREADSHEET_MAX_SECONDS`;
- an XLSX is streamed cell by cell from its XML, never trusting the size that the sheet
  declares (`A1:XFD1048576` costs nothing), and refused when its parts unpacked would be
  larger than `SPREADSHEET_MAX_UNPACKED_MB`;
- a CSV is decoded as UTF-8 (with or without BOM) or Windows-1252, the separator `;` or `,`
  (what Excel in Belgium writes), and a line that cannot be read is that line's problem.

Exceeding a bound refuses the whole file (`SpreadsheetError`) with a message that names the
bound. No database.
"""

import csv
import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


class SpreadsheetError(Exception):
    """The file as a whole cannot be read, or exceeds a bound: nothing of it is used."""


@dataclass(frozen=True)
class Bounds:
    max_rows: int
    max_columns: int
    max_seconds: float
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> "Bounds":
        return cls(
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_columns=settings.SPREADSHEET_MAX_COLUMNS,
            max_seconds=settings.SPREADSHEET_MAX_SECONDS,
            max_unpacked_bytes=settings.SPREADSHEET_MAX_UNPACKED_MB * 1024 * 1024,
        )


@dataclass
class RawRow:
    line: int  # where the row starts in the file (1 = the first line)
    cells: list  # the cells as read (text, a number, a date, None)
    problem: str = ""  # why the line could not be read (then `cells` is empty)


def read_rows(data: bytes, bounds: Bounds | None = None) -> list[RawRow]:
    """The rows of a CSV or XLSX file that hold something, within `bounds` (the settings')."""
    bounds = bounds or Bounds.from_settings()
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    source = _xlsx_rows(data, bounds) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    rows, deadline = [], time.monotonic() + bounds.max_seconds
    for count, row in enumerate(source, start=1):
        if count % 1000 == 0 and time.monotonic() > deadline:
            raise SpreadsheetError(
                _("Reading the file took longer than %(seconds)s seconds: it is too large "
                  "or too complex. Split it, or save it again as a plain list.")
                % {"seconds": bounds.max_seconds})
        if not row.problem:
            cells = _trimmed(row.cells)
            if not cells:
                continue
            if len(cells) > bounds.max_columns:
                raise SpreadsheetError(
                    _("Line %(line)s has a value in column %(column)s; a list may have at "
                      "most %(limit)s columns.")
                    % {"line": row.line, "column": len(cells), "limit": bounds.max_columns})
            row.cells = cells
        rows.append(row)
        if len(rows) > bounds.max_rows:
            raise SpreadsheetError(
                _("The file has more than %(limit)s lines with content (the header "
                  "included); split it into smaller lists.") % {"limit": bounds.max_rows})
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    return rows


def _trimmed(cells: list) -> list:
    """The cells up to the last one that holds something."""
    end = len(cells)
    while end and (cells[end - 1] is None or not str(cells[end - 1]).strip()):
        end -= 1
    return list(cells[:end])


# CSV ----------------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The file says it is UTF-8 but is not.")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel in Belgium writes for "CSV (separated by semicolons)".
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("The file is neither UTF-8 nor Windows-1252 text, nor an Excel file.")
        ) from error


def _csv_rows(data: bytes) -> Iterator[RawRow]:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(_("This is not a text (CSV) or Excel (XLSX) file."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # The csv module refuses a cell over its field size limit (128 KB) with an error that
    # would end the reading of the whole file; no cell can be longer than the file, and an
    # oversize cell is the caller's business (that row's error). The limit is the process's:
    # it is only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RawRow(start, [], _("this line cannot be read as CSV (%(error)s)")
                         % {"error": error})
            continue
        yield RawRow(start, cells)


# XLSX ---------------------------------------------------------------------------------------

def _xlsx_rows(data: bytes, bounds: Bounds) -> Iterator[RawRow]:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(_("The Excel file cannot be opened.")) from error
    if unpacked > bounds.max_unpacked_bytes:
        raise SpreadsheetError(
            _("The Excel file would take %(size)s MB unpacked; at most %(limit)s MB is read. "
              "Save only the list, without other sheets or images.")
            % {"size": unpacked // (1024 * 1024),
               "limit": bounds.max_unpacked_bytes // (1024 * 1024)})
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl raises what its zip, XML and style readers raise on a damaged or fake file:
    # any of them means "not an Excel file we can read".
    except Exception as error:  # noqa: BLE001
        raise SpreadsheetError(_("The Excel file cannot be opened.")) from error
    try:
        sheet = workbook.worksheets[0]
        yield from _sheet_rows(workbook, sheet, bounds)
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001 - as above, from the sheet's XML
        raise SpreadsheetError(_("The Excel file cannot be opened.")) from error
    finally:
        workbook.close()


def _sheet_rows(workbook, sheet, bounds: Bounds) -> Iterator[RawRow]:
    """The sheet's rows as its XML holds them: only the cells present, only the rows present.

    openpyxl's own row iterator pads every row to the declared width and yields every missing
    row up to the last one: a declared `A1:XFD1048576` with one cell in the last row makes a
    million rows of 16,384 cells. Its cell parser is used directly instead (the same one
    `ReadOnlyWorksheet` uses, with the workbook's strings and date formats).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats)
        for line, cells in parser.parse():
            present = [cell for cell in cells
                       if cell["value"] is not None and str(cell["value"]).strip()]
            if not present:
                yield RawRow(line, [])  # counted for the time bound, then skipped
                continue
            width = max(cell["column"] for cell in present)
            if width > bounds.max_columns:
                raise SpreadsheetError(
                    _("Line %(line)s has a value in column %(column)s; a list may have at "
                      "most %(limit)s columns.")
                    % {"line": line, "column": width, "limit": bounds.max_columns})
            row = [None] * width
            for cell in present:
                row[cell["column"] - 1] = cell["value"]
            yield RawRow(line, row)
