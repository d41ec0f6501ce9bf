"""Writing the checked rows of a volunteer list into the register (`volunteers_import`).

A constant number of queries per batch of rows, one transaction, an audit event per created
volunteer and engagement, per ended engagement and per change of cover, plus a summary, and a
report with a result (and the warnings) for every line.

Each row is a volunteer of the importing department: the person is found (name and date of
birth, or national number) or created once for the whole city, and the department gets its own
record of them with the row's data. A person another department registered is matched without
reading or changing anything of that department's: the row says only that the person is new
in this department and already on the city's insurance.

Re-importing an updated list: the same person with the same start date in this department is
the same engagement (an end date in the file
ends it, as `services.engagement_end` would; an active one without cover gets it); a later
start after the last engagement there ended starts a new one; any other start date that
overlaps an engagement is that row's error. The cover follows the insured-once rule of
`services.coverage`, its one writer.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beleid.models import AuditEvent, AuditEventType, Department
from beleid.services.audit import audit_event, audit_log, audit_log_many

from ..models import Engagement, Person, Volunteer
from ..services.coverage import coverage_register_many
from ..services.engagements import engagements_end
from .file_reader import SourceRow
from .row_checker import CheckedRow, RefusedRow, check_row

BATCH_SIZE = 1000


@dataclass
class RowResult:
    line: int
    status: str  # one of ImportReport.STATUSES
    reason: str = ""
    name: str = ""
    # Values of secondary fields left out (the row was imported without them).
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    NEW = "new"  # new volunteer, new engagement
    # New in this department; the person is already on the city's insurance (registered by
    # another department): nothing more of that is said.
    NEW_HERE = "new_here"
    ENGAGED = "engaged"  # already in this department's register, new engagement
    ENDED = "ended"  # the open engagement ends on the file's end date
    INSURED = "insured"  # already in the register, but without cover: now insured
    UNCHANGED = "unchanged"  # already in the register: nothing to do
    ERROR = "error"
    STATUSES = (NEW, NEW_HERE, ENGAGED, ENDED, INSURED, UNCHANGED, ERROR)

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
    def warned(self) -> list[RowResult]:
        """The lines imported without some of their values."""
        return [row for row in self.rows if row.warnings]

    @property
    def to_look_at(self) -> list[RowResult]:
        """The lines with an error or a warning."""
        return [row for row in self.rows if row.status == self.ERROR or row.warnings]

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _day(date: datetime.date) -> str:
    return date_format(date, "DATE_FORMAT")


def _overlapping(engagements: list[Engagement], start: datetime.date,
                 end: datetime.date | None) -> Engagement | None:
    """The first of `engagements` whose period overlaps start..end (open: no end)."""
    for engagement in engagements:
        if (end is None or engagement.start_date <= end) and (
            engagement.end_date is None or start <= engagement.end_date
        ):
            return engagement
    return None


def _clash_reason(engagement: Engagement) -> str:
    if engagement.end_date is None:
        return _("already engaged in this department since %(start)s; a different start "
                 "date does not start a second engagement (end the open one first)"
                 ) % {"start": _day(engagement.start_date)}
    return _("overlaps the engagement from %(start)s to %(end)s") % {
        "start": _day(engagement.start_date), "end": _day(engagement.end_date)}


class _Batch:
    """Writes one batch of checked rows with a fixed number of queries."""

    def __init__(self, *, actor, department, rows: list[CheckedRow], report):
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.department = department
        self.rows = rows
        self.report = report
        self.events: list[AuditEvent] = []
        self.results: dict[int, RowResult] = {}  # line -> its result, once known

    def event(self, event_type: AuditEventType, obj, after: dict) -> None:
        self.events.append(audit_event(
            actor=self.actor, event_type=event_type, department=self.department, obj=obj,
            after=after,
        ))

    def result(self, row: CheckedRow, status: str, reason: str = "") -> None:
        # A warning says which value was left out of what the row writes: every value of a
        # volunteer new in this department, the tasks of a new engagement (the data of a
        # volunteer already in this department's register stay as they are).
        used = {ImportReport.NEW: row.warnings.keys(), ImportReport.NEW_HERE: row.warnings.keys(),
                ImportReport.ENGAGED: {"tasks"}}
        warnings = [text for name, text in row.warnings.items() if name in used.get(status, ())]
        self.results[row.line] = RowResult(row.line, status, reason,
                                           f"{row.first_name} {row.last_name}", warnings)

    def run(self) -> None:
        volunteers = self._volunteers()
        created, kept = self._engagements(volunteers)
        audit_log_many(self.events)
        self._cover(created, kept)
        self.report.rows.extend(self.results.values())

    def _persons(self) -> dict[int, Person]:
        """line -> person (found or created once for the city); rows in conflict are
        reported. Reads the persons' keys only."""
        keys = {row.key for row in self.rows}
        numbers = {row.national_number for row in self.rows if row.national_number}
        match = Q(person_key__in=keys)
        if numbers:
            match |= Q(national_number__in=numbers)
        by_key, by_number = {}, {}
        for person in Person.objects.filter(match, anonymised_at__isnull=True).only(
            "id", "person_key", "national_number"
        ):
            by_key[person.person_key] = person
            if person.national_number:
                by_number[person.national_number] = person
        result, new = {}, {}
        for row in list(self.rows):
            known = by_key.get(row.key)
            numbered = by_number.get(row.national_number) if row.national_number else None
            if numbered is not None and known is not None and numbered.pk != known.pk:
                self.rows.remove(row)
                self.report.rows.append(RowResult(
                    row.line, ImportReport.ERROR,
                    _("the national register number belongs to another person")))
                continue
            person = known or numbered
            if person is None:
                person = new.get(row.key)
                if person is None:
                    person = new[row.key] = Person(
                        first_name=row.first_name, last_name=row.last_name,
                        date_of_birth=row.date_of_birth, national_number=row.national_number,
                        person_key=row.key,
                    )
                    if row.national_number:
                        by_number[row.national_number] = person
            result[row.line] = person
        Person.objects.bulk_create(new.values())
        self.new_persons = {person.pk for person in new.values()}
        return result

    def _volunteers(self) -> dict[int, Volunteer]:
        """line -> this department's volunteer (its record found, or created with the first
        row's data); only this department's records are read."""
        persons = self._persons()
        existing = {
            volunteer.person_id: volunteer
            for volunteer in Volunteer.objects.filter(
                department=self.department, anonymised_at__isnull=True,
                person_id__in={person.pk for person in persons.values()},
            ).only("id", "person_id", "department_id")
        }
        result, new = {}, {}
        for row in self.rows:
            person = persons[row.line]
            volunteer = existing.get(person.pk) or new.get(person.pk)
            if volunteer is None:
                volunteer = new[person.pk] = Volunteer(
                    person=person, department=self.department, first_name=row.first_name,
                    last_name=row.last_name, date_of_birth=row.date_of_birth, email=row.email,
                    phone=row.phone, address=row.address,
                    emergency_contact=row.emergency_contact,
                )
            result[row.line] = volunteer
        Volunteer.objects.bulk_create(new.values())
        for volunteer in new.values():
            self.event(AuditEventType.VOLUNTEER_REGISTERED, volunteer,
                       {"volunteer_id": volunteer.pk, "person_id": volunteer.person_id,
                        "source": "import"})
        # How a new engagement's row reads: a new person, or new here only.
        self.new_here = {
            volunteer.pk: ImportReport.NEW if volunteer.person_id in self.new_persons
            else ImportReport.NEW_HERE
            for volunteer in new.values()
        }
        self.person_of = {volunteer.pk: volunteer.person_id for volunteer in result.values()}
        return result

    def _engagements(self, volunteers: dict[int, Volunteer]):
        """Match each row to the person's engagements in this department.

        The same start date is that engagement: an end date in the file ends it (when still
        open). Another start date starts a new engagement only when it overlaps none of the
        person's engagements here: a coordinator's list that gives an open engagement
        another start date is reported, never turned into a second engagement.
        Returns the engagements created and the open active ones the file keeps, each with
        its row.
        """
        known: dict[int, list[Engagement]] = defaultdict(list)
        for engagement in Engagement.objects.filter(
            department=self.department,
            volunteer_id__in={v.pk for v in volunteers.values()},
        ).only("id", "volunteer_id", "department_id", "start_date", "end_date", "status"):
            known[engagement.volunteer_id].append(engagement)

        def same_start(row: CheckedRow) -> Engagement | None:
            return next((e for e in known[volunteers[row.line].pk]
                         if e.start_date == row.start_date), None)

        # Rows about engagements already in the register first: a file that ends an
        # engagement and starts a later one for the same person works in either order.
        rows = sorted(self.rows, key=lambda row: same_start(row) is None)
        created, kept, ending = [], [], []
        for row in rows:
            volunteer = volunteers[row.line]
            engagement = same_start(row)
            if engagement is not None:
                self._match(row, engagement, ending, kept)
                continue
            clash = _overlapping(known[volunteer.pk], row.start_date, row.end_date)
            if clash is not None:
                self.result(row, ImportReport.ERROR, _clash_reason(clash))
                continue
            engagement = Engagement(
                volunteer=volunteer, department=self.department, tasks=row.tasks,
                start_date=row.start_date, end_date=row.end_date,
            )
            known[volunteer.pk].append(engagement)
            created.append((row, engagement))
            self.result(row, self.new_here.get(volunteer.pk, ImportReport.ENGAGED))
        Engagement.objects.bulk_create([engagement for _row, engagement in created])
        for row, engagement in created:
            self.event(AuditEventType.ENGAGEMENT_STARTED, engagement, {
                "volunteer_id": engagement.volunteer_id, "start_date": row.start_date,
                "end_date": row.end_date, "source": "import", "line": row.line,
            })
        # After the new engagements exist: one that goes on keeps the person insured.
        engagements_end(actor=self.actor, ends=ending)
        return created, kept

    def _match(self, row: CheckedRow, engagement: Engagement,
               ending: list[tuple[Engagement, datetime.date]],
               kept: list[tuple[CheckedRow, Engagement]]) -> None:
        """A row about an engagement already in the register (same start date)."""
        if engagement.end_date is None and row.end_date is not None:
            # Set now, so that a later row of the same person sees the engagement ended.
            engagement.end_date = row.end_date
            ending.append((engagement, row.end_date))
            self.result(row, ImportReport.ENDED)
        elif row.end_date is None or row.end_date == engagement.end_date:
            if engagement.end_date is None and engagement.status == Engagement.Status.ACTIVE:
                kept.append((row, engagement))
            self.result(row, ImportReport.UNCHANGED, _("already in the register"))
        else:
            self.result(row, ImportReport.ERROR, _(
                "the engagement that started on %(start)s already ended on %(end)s"
            ) % {"start": _day(engagement.start_date), "end": _day(engagement.end_date)})

    def _cover(self, created: list[tuple[CheckedRow, Engagement]],
               kept: list[tuple[CheckedRow, Engagement]]) -> None:
        """The insured-once rule for the new engagements, and for the open ones the file
        keeps: an active engagement without cover (left so by an older import) gets it."""
        changes = coverage_register_many(
            actor=self.actor, engagements=[e for _row, e in [*created, *kept]], source="import")
        newly_engaged = {self.person_of[engagement.volunteer_id] for _row, engagement in created}
        for row, engagement in kept:
            person = self.person_of[engagement.volunteer_id]
            if person in changes.person_ids and person not in newly_engaged:
                self.result(row, ImportReport.INSURED, _(
                    "already in the register, but not insured from its start: insured "
                    "from %(start)s"
                ) % {"start": _day(engagement.start_date)})


def _checked_rows(rows: list[SourceRow], report: ImportReport) -> list[CheckedRow]:
    """The rows that pass the checks; the others and the repeated ones are reported."""
    today = timezone.localdate()
    seen: dict[tuple[str, datetime.date], int] = {}
    checked: list[CheckedRow] = []
    for source in rows:
        row = check_row(source, today=today)
        if isinstance(row, RefusedRow):
            report.rows.append(RowResult(row.line, ImportReport.ERROR, row.reason))
            continue
        first = seen.setdefault((row.key, row.start_date), row.line)
        if first != row.line:
            report.rows.append(RowResult(
                row.line, ImportReport.ERROR,
                _("same person and start date as line %(line)s") % {"line": first}))
            continue
        checked.append(row)
    return checked


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
    report = ImportReport(dry_run=dry_run)
    checked = _checked_rows(rows, report)
    with transaction.atomic():
        for start in range(0, len(checked), batch_size):
            _Batch(actor=actor, department=department,
                   rows=checked[start:start + batch_size], report=report).run()
            if progress is not None:
                progress(min(start + batch_size, len(checked)), len(checked))
        report.rows.sort(key=lambda row: row.line)
        audit_log(
            actor=actor, event_type=AuditEventType.VOLUNTEERS_IMPORTED, department=department,
            after={**report.counts, "warnings": len(report.warned), "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
