"""Reading a department's volunteer list (CSV or XLSX): bytes -> numbered rows. No database.

The file is read within the bounds of `beleid.spreadsheets` (rows, columns, time, size).
`read_register_file` refuses the whole file (`ImportFileError`) only when it is no list at
all (empty, not CSV or XLSX, in an unknown encoding, without the required columns) or
exceeds a bound. A line
that cannot be read is that line's problem (`SourceRow.problem`): the other lines are
read on. Cells are not checked here (see `row_checker`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from beleid.spreadsheets import SpreadsheetError, read_rows

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


def read_register_file(data: bytes) -> list[SourceRow]:
    """The data rows of a register file, each with its line number in the file.

    Refuses the whole file (ImportFileError) when it is empty, not CSV/XLSX, in another
    encoding, beyond the bounds of `beleid.spreadsheets`, or lacks a required column.
    """
    try:
        raw = [(row.line, row.cells, row.problem) for row in read_rows(data)]
    except SpreadsheetError as refused:
        raise ImportFileError(str(refused)) from refused
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
