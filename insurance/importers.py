"""Reading and checking a department's volunteer list (CSV or XLSX). No database here.

`read_register_file` turns the bytes of a file into numbered rows or refuses the whole file
(`ImportFileError`). `parse_row` checks one row and gives the reason when it cannot be
imported. The bulk write is `insurance.register_import.volunteers_import`.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import national_number
from .models import person_key

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
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
BATCH_SIZE = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing is imported."""


@dataclass
class SourceRow:
    line: int
    values: dict[str, object]


@dataclass
class ParsedRow:
    line: int
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    start_date: datetime.date
    end_date: datetime.date | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    emergency_contact: str = ""
    tasks: str = ""
    national_number: str = ""

    @property
    def key(self) -> str:
        return person_key(self.first_name, self.last_name, self.date_of_birth)


# --- reading -------------------------------------------------------------------------------


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


def _csv_rows(data: bytes) -> list[tuple[int, list]]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a text (CSV) or Excel (XLSX) file."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            rows.append((reader.line_num, values))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read at line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The Excel file cannot be opened.")) from error
    sheet = workbook.worksheets[0]
    rows = [
        (number, list(values))
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return rows


def read_register_file(data: bytes) -> list[SourceRow]:
    """The data rows of a register file, each with its line number in the file.

    Refuses the whole file (ImportFileError) when it is empty, not CSV/XLSX, in another
    encoding, or lacks a required column.
    """
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    raw = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    raw = [(line, values) for line, values in raw
           if any(str(v).strip() for v in values if v is not None)]
    if not raw:
        raise ImportFileError(_("The file is empty."))
    header_line, header = raw[0]
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
        )
        for line, values in raw[1:]
    ]


# --- checking rows -------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value) -> datetime.date | None:
    """dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (or a real date from Excel); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise ValueError(text)


def parse_row(row: SourceRow, *, today: datetime.date) -> ParsedRow | str:
    """A checked row, or the reason it cannot be imported."""
    v = row.values
    first_name, last_name = _text(v.get("first_name")), _text(v.get("last_name"))
    reasons = []
    if not first_name:
        reasons.append(_("first name is missing"))
    if not last_name:
        reasons.append(_("last name is missing"))
    dates = {}
    for name, label in (("date_of_birth", _("date of birth")), ("start_date", _("start date")),
                        ("end_date", _("end date"))):
        try:
            dates[name] = parse_date(v.get(name))
        except ValueError:
            reasons.append(
                _("%(field)s '%(value)s' is not a date (dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)")
                % {"field": label, "value": _text(v.get(name))}
            )
            dates[name] = None
        else:
            if dates[name] is None and name in REQUIRED_FIELDS:
                reasons.append(_("%(field)s is missing") % {"field": label})
    birth, start, end = dates["date_of_birth"], dates["start_date"], dates["end_date"]
    if birth is not None and not (datetime.date(1900, 1, 1) <= birth < today):
        reasons.append(_("date of birth %(date)s is not plausible")
                       % {"date": date_format(birth, "DATE_FORMAT")})
    if start is not None and birth is not None and start <= birth:
        reasons.append(_("start date lies before the date of birth"))
    if start is not None and end is not None and end < start:
        reasons.append(_("end date lies before the start date"))
    email = _text(v.get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("e-mail address '%(email)s' is not valid") % {"email": email})
    number = ""
    if settings.INSURER_REQUIRES_NATIONAL_NUMBER and _text(v.get("national_number")):
        if national_number.is_valid(_text(v.get("national_number")), birth):
            number = national_number.normalise(_text(v.get("national_number")))
        else:
            reasons.append(_("national register number is not valid (check digits)"))
    if reasons:
        return "; ".join(reasons)
    return ParsedRow(
        line=row.line, first_name=first_name, last_name=last_name, date_of_birth=birth,
        start_date=start, end_date=end, email=email, phone=_text(v.get("phone")),
        address=_text(v.get("address")), emergency_contact=_text(v.get("emergency_contact")),
        tasks=_text(v.get("tasks"))[:300], national_number=number,
    )
