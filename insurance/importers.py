"""Importing a department's volunteer list (CSV or XLSX) into the register.

`read_register_file` turns the bytes of a file into numbered rows or refuses the whole file
(`ImportFileError`, nothing written). `parse_rows` checks each row. `volunteers_import` is the
bulk service: a constant number of queries per batch of rows, one transaction, an audit event
per created volunteer, engagement and cover, and a report with a result for every line.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEvent, Department
from beleid.services.audit import audit_log

from . import national_number, services
from .models import Engagement, InsuranceCoverage, Volunteer, person_key

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


@dataclass
class RowResult:
    line: int
    status: str  # one of ImportReport.STATUSES
    reason: str = ""
    name: str = ""


@dataclass
class ImportReport:
    NEW = "new"  # new volunteer, new engagement
    ENGAGED = "engaged"  # known volunteer, new engagement in this department
    UNCHANGED = "unchanged"  # already in the register: nothing to do
    ERROR = "error"
    STATUSES = (NEW, ENGAGED, UNCHANGED, ERROR)

    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in self.STATUSES}

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == self.ERROR]

    @property
    def failed(self) -> bool:
        return bool(self.errors)


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
        reasons.append(_("date of birth %(date)s is not plausible") % {"date": birth})
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


# --- the bulk service ----------------------------------------------------------------------


class _Batch:
    """Writes one batch of checked rows with a fixed number of queries."""

    def __init__(self, *, actor, department, rows: list[ParsedRow], today, report, types):
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.department = department
        self.rows = rows
        self.today = today
        self.report = report
        self.types = types
        self.events: list[AuditEvent] = []

    def event(self, event_type: str, obj, after: dict) -> None:
        self.events.append(AuditEvent(
            actor=self.actor, event_type=event_type, department=self.department,
            object_type=self.types[type(obj)], object_id=str(obj.pk), object_repr=str(obj),
            after=after,
        ))

    def run(self) -> None:
        volunteers = self._volunteers()
        engagements = self._engagements(volunteers)
        self._cover(engagements)
        AuditEvent.objects.bulk_create(self.events)

    def _volunteers(self) -> dict[int, Volunteer]:
        """line -> volunteer (found or created); rows in conflict are reported."""
        keys = {row.key for row in self.rows}
        numbers = {row.national_number for row in self.rows if row.national_number}
        match = Q(person_key__in=keys)
        if numbers:
            match |= Q(national_number__in=numbers)
        by_key, by_number = {}, {}
        for volunteer in Volunteer.objects.filter(match, anonymised_at__isnull=True).only(
            "id", "person_key", "national_number"
        ):
            by_key[volunteer.person_key] = volunteer
            if volunteer.national_number:
                by_number[volunteer.national_number] = volunteer
        result, new = {}, {}
        for row in list(self.rows):
            known = by_key.get(row.key)
            numbered = by_number.get(row.national_number) if row.national_number else None
            if numbered is not None and known is not None and numbered.pk != known.pk:
                self._fail(row, _("the national register number belongs to another person"))
                continue
            volunteer = known or numbered
            if volunteer is None:
                volunteer = new.get(row.key)
                if volunteer is None:
                    volunteer = Volunteer(
                        first_name=row.first_name, last_name=row.last_name,
                        date_of_birth=row.date_of_birth, email=row.email, phone=row.phone,
                        address=row.address, emergency_contact=row.emergency_contact,
                        national_number=row.national_number, person_key=row.key,
                    )
                    new[row.key] = volunteer
                    if row.national_number:
                        by_number[row.national_number] = volunteer
            result[row.line] = volunteer
        Volunteer.objects.bulk_create(new.values())
        for volunteer in new.values():
            self.event(services.VOLUNTEER_REGISTERED, volunteer,
                       {"volunteer_id": volunteer.pk, "source": "import"})
        self.new_volunteers = {id(v) for v in new.values()}
        return result

    def _fail(self, row: ParsedRow, reason: str) -> None:
        self.rows.remove(row)
        self.report.rows.append(RowResult(row.line, ImportReport.ERROR, reason))

    def _engagements(self, volunteers: dict[int, Volunteer]) -> list[tuple[ParsedRow, Engagement]]:
        existing = set(
            Engagement.objects.filter(
                department=self.department,
                volunteer_id__in={v.pk for v in volunteers.values()},
            ).values_list("volunteer_id", "start_date")
        )
        created = []
        for row in self.rows:
            volunteer = volunteers[row.line]
            name = f"{row.first_name} {row.last_name}"
            if (volunteer.pk, row.start_date) in existing:
                self.report.rows.append(RowResult(
                    row.line, ImportReport.UNCHANGED, _("already in the register"), name))
                continue
            existing.add((volunteer.pk, row.start_date))
            created.append((row, Engagement(
                volunteer=volunteer, department=self.department, tasks=row.tasks,
                start_date=row.start_date, end_date=row.end_date,
            )))
            status = (ImportReport.NEW if id(volunteer) in self.new_volunteers
                      else ImportReport.ENGAGED)
            self.report.rows.append(RowResult(row.line, status, "", name))
        Engagement.objects.bulk_create([engagement for _row, engagement in created])
        for row, engagement in created:
            self.event(services.ENGAGEMENT_STARTED, engagement, {
                "volunteer_id": engagement.volunteer_id, "start_date": row.start_date,
                "end_date": row.end_date, "source": "import", "line": row.line,
            })
        return created

    def _cover(self, created: list[tuple[ParsedRow, Engagement]]) -> None:
        """Insure once per person from the earliest start; an ended engagement of a person
        without other cover gets a closed period."""
        open_from = dict(
            InsuranceCoverage.objects.filter(
                volunteer_id__in={e.volunteer_id for _row, e in created},
                insured_to__isnull=True,
            ).values_list("volunteer_id", "insured_from")
        )
        new_open: dict[int, InsuranceCoverage] = {}
        closed: list[InsuranceCoverage] = []
        ongoing = sorted((e for _r, e in created if e.end_date is None),
                         key=lambda e: e.start_date)
        for engagement in ongoing:
            pk = engagement.volunteer_id
            if pk in open_from or pk in new_open:
                if pk in open_from and engagement.start_date < open_from[pk]:
                    InsuranceCoverage.objects.filter(
                        volunteer_id=pk, insured_to__isnull=True
                    ).update(insured_from=engagement.start_date)
                    open_from[pk] = engagement.start_date
                continue
            new_open[pk] = InsuranceCoverage(
                volunteer_id=pk, insured_from=engagement.start_date, registered_on=self.today
            )
        for _row, engagement in created:
            pk = engagement.volunteer_id
            if engagement.end_date is None or pk in open_from or pk in new_open:
                continue
            closed.append(InsuranceCoverage(
                volunteer_id=pk, insured_from=engagement.start_date,
                insured_to=engagement.end_date, registered_on=self.today,
                deregistered_on=self.today,
            ))
        InsuranceCoverage.objects.bulk_create([*new_open.values(), *closed])
        for cover in [*new_open.values(), *closed]:
            self.event(services.VOLUNTEER_INSURED, cover, {
                "volunteer_id": cover.volunteer_id, "insured_from": cover.insured_from,
                "insured_to": cover.insured_to, "policy": cover.policy_number,
                "source": "import",
            })


def volunteers_import(
    *,
    actor,
    department: Department,
    rows: list[SourceRow],
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import the rows of a register file for `department`; every line gets a result.

    Good rows are imported even when others fail; the same file imported again changes
    nothing. With `dry_run` everything is checked and rolled back (the preview).
    """
    today = timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    types = {
        model: ContentType.objects.get_for_model(model)
        for model in (Volunteer, Engagement, InsuranceCoverage)
    }
    seen: dict[tuple[str, datetime.date], int] = {}
    checked: list[ParsedRow] = []
    for source in rows:
        parsed = parse_row(source, today=today)
        if isinstance(parsed, str):
            report.rows.append(RowResult(source.line, ImportReport.ERROR, parsed))
            continue
        first = seen.setdefault((parsed.key, parsed.start_date), parsed.line)
        if first != parsed.line:
            report.rows.append(RowResult(
                parsed.line, ImportReport.ERROR,
                _("same person and start date as line %(line)s") % {"line": first}))
            continue
        checked.append(parsed)
    with transaction.atomic():
        for start in range(0, len(checked), batch_size):
            batch = checked[start:start + batch_size]
            _Batch(actor=actor, department=department, rows=batch, today=today,
                   report=report, types=types).run()
            if progress is not None:
                progress(min(start + batch_size, len(checked)), len(checked))
        report.rows.sort(key=lambda row: row.line)
        audit_log(
            actor=actor, event_type=services.VOLUNTEERS_IMPORTED, department=department,
            after={**report.counts, "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
