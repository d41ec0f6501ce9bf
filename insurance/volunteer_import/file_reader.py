"""Reading a department's volunteer list (CSV or XLSX): bytes -> numbered rows. No database.

`read_register_file` refuses the whole file (`ImportFileError`) only when it is no list at
all: empty, not CSV or XLSX, in an unknown encoding, without the required columns. A line
that cannot be read is that line's problem (`SourceRow.problem`): the other lines are
read on. Cells are not checked here (see `row_checker`).
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Normalised header (lower case, no spaces, dashes or underscores) -> field.
HEADER_ALIASES = {
    "voornaam": "first_name", "firstname": "first_name",
    "achternaam": "last_name", "familienaam": "last_name", "lastname": "last_name",
    "surname": "last_name",
    "geboortedatum": "date_of_birth", "dateofbirth": "date_of_birth",
    "birthdate": "date_of_birth",
    "startdatum": "start_date", "begindatum": "start_date", "startdate": "start_date",
    "einddatum": "end_date", "enddate": "end_date",
    "email": "email", "emailadres": "email",
    "telefoon": "phone", "telefoonnummer": "phone", "gsm": "phone", "phone": "phone",
    "adres": "address", "address": "address",
    "noodcontact": "emergency_contact", "emergencycontact": "emergency_contact",
    "taken": "tasks", "tasks": "tasks",
    "rijksregisternummer": "national_number", "insz": "national_number",
    "nationalnumber": "national_number", "nationalregisternumber": "national_number",
}
REQUIRED_FIELDS = ("first_name", "last_name", "date_of_birth", "start_date")


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing is imported."""


@dataclass
class SourceRow:
    line: int  # where the row starts in the file (1 = the first line)
    values: dict[str, object]  # field -> the cell as read (text, a number, a date, None)
    problem: str = ""  # why the line could not be read (then `values` is empty)


def _normalise_header(value) -> str:
    text = str(value or "").strip().lower().lstrip("\ufeff")
    for char in " -_.":
        text = text.replace(char, "")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file says it is UTF-8 but is not.")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel in Belgium writes for "CSV (separated by semicolons)".
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is neither UTF-8 nor Windows-1252 text, nor an Excel file.")
        ) from error


def _csv_rows(data: bytes) -> list[tuple[int, list, str]]:
    """(line, cells, problem) per record of a CSV file."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a text (CSV) or Excel (XLSX) file."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # The csv module refuses a cell over its field size limit (128 KB) with an error that
    # would end the reading of the whole file; no cell can be longer than the file, and an
    # oversize cell is the row checker's business (that row's error or warning). The limit
    # is the process's: it is only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rows.append((start, [], _("this line cannot be read as CSV (%(error)s)")
                         % {"error": error}))
            continue
        rows.append((start, values, ""))
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list, str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [
                (number, list(values), "")
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        finally:
            workbook.close()
    # openpyxl raises what its zip, XML and style readers raise on a damaged or fake file:
    # any of them means "not an Excel file we can read".
    except Exception as error:  # noqa: BLE001
        raise ImportFileError(_("The Excel file cannot be opened.")) from error


def _has_content(values: list) -> bool:
    return any(str(value).strip() for value in values if value is not None)


def read_register_file(data: bytes) -> list[SourceRow]:
    """The data rows of a register file, each with its line number in the file.

    Refuses the whole file (ImportFileError) when it is empty, not CSV/XLSX, in another
    encoding, or lacks a required column.
    """
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    raw = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    raw = [(line, values, problem) for line, values, problem in raw
           if problem or _has_content(values)]
    if not raw:
        raise ImportFileError(_("The file is empty."))
    header_line, header, problem = raw[0]
    if problem:
        raise ImportFileError(
            _("Line %(line)s, the header, cannot be read.") % {"line": header_line})
    columns = {
        index: HEADER_ALIASES[_normalise_header(name)]
        for index, name in enumerate(header)
        if _normalise_header(name) in HEADER_ALIASES
    }
    missing = [f for f in REQUIRED_FIELDS if f not in columns.values()]
    if missing:
        raise ImportFileError(
            _("Line %(line)s lacks the required columns: %(columns)s. Expected "
              "voornaam/first_name, achternaam/last_name, geboortedatum/date_of_birth, "
              "startdatum/start_date.")
            % {"line": header_line, "columns": ", ".join(missing)}
        )
    return [
        SourceRow(
            line=line,
            values={
                name: values[index] if index < len(values) else None
                for index, name in columns.items()
            },
            problem=problem,
        )
        for line, values, problem in raw[1:]
    ]
