"""The bulk import service: checked rows of a register file into the register.

A constant number of queries per batch of rows, one transaction, an audit event per created
volunteer, engagement and cover and per ended engagement and cover, plus a summary, and a
report with a result for every line.

Re-importing an updated list: the same person (name and date of birth, or national number)
with the same start date in this department is the same engagement (an end date in the file
ends it, as `services.engagement_end` would); a later start after the last engagement there
ended starts a new one; any other start date that overlaps an engagement is that row's error.
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

from . import services
from .importers import BATCH_SIZE, ParsedRow, SourceRow, parse_row
from .models import Engagement, InsuranceCoverage, Volunteer


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
    ENDED = "ended"  # the open engagement ends on the file's end date
    UNCHANGED = "unchanged"  # already in the register: nothing to do
    ERROR = "error"
    STATUSES = (NEW, ENGAGED, ENDED, UNCHANGED, ERROR)

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

    def __init__(self, *, actor, department, rows: list[ParsedRow], today, report):
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.department = department
        self.rows = rows
        self.today = today
        self.report = report
        self.events: list[AuditEvent] = []

    def event(self, event_type: AuditEventType, obj, after: dict) -> None:
        self.events.append(audit_event(
            actor=self.actor, event_type=event_type, department=self.department, obj=obj,
            after=after,
        ))

    def run(self) -> None:
        volunteers = self._volunteers()
        engagements = self._engagements(volunteers)
        self._cover(engagements)
        audit_log_many(self.events)

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
            self.event(AuditEventType.VOLUNTEER_REGISTERED, volunteer,
                       {"volunteer_id": volunteer.pk, "source": "import"})
        self.new_volunteers = {id(v) for v in new.values()}
        return result

    def _fail(self, row: ParsedRow, reason: str) -> None:
        self.rows.remove(row)
        self.report.rows.append(RowResult(row.line, ImportReport.ERROR, reason))

    def _engagements(self, volunteers: dict[int, Volunteer]) -> list[tuple[ParsedRow, Engagement]]:
        """Match each row to the person's engagements in this department.

        The same start date is that engagement: an end date in the file ends it (when still
        open). Another start date starts a new engagement only when it overlaps none of the
        person's engagements here: a coordinator's list that gives an open engagement
        another start date is reported, never turned into a second engagement.
        """
        known: dict[int, list[Engagement]] = defaultdict(list)
        for engagement in Engagement.objects.filter(
            department=self.department,
            volunteer_id__in={v.pk for v in volunteers.values()},
        ).only("id", "volunteer_id", "department_id", "start_date", "end_date"):
            known[engagement.volunteer_id].append(engagement)

        def same_start(row: ParsedRow) -> Engagement | None:
            return next((e for e in known[volunteers[row.line].pk]
                         if e.start_date == row.start_date), None)

        # Rows about engagements already in the register first: a file that ends an
        # engagement and starts a later one for the same person works in either order.
        rows = sorted(self.rows, key=lambda row: same_start(row) is None)
        created, ending = [], []
        for row in rows:
            volunteer = volunteers[row.line]
            name = f"{row.first_name} {row.last_name}"
            engagement = same_start(row)
            if engagement is not None:
                self._match(row, name, engagement, ending)
                continue
            clash = _overlapping(known[volunteer.pk], row.start_date, row.end_date)
            if clash is not None:
                self.report.rows.append(
                    RowResult(row.line, ImportReport.ERROR, _clash_reason(clash), name))
                continue
            engagement = Engagement(
                volunteer=volunteer, department=self.department, tasks=row.tasks,
                start_date=row.start_date, end_date=row.end_date,
            )
            known[volunteer.pk].append(engagement)
            created.append((row, engagement))
            status = (ImportReport.NEW if id(volunteer) in self.new_volunteers
                      else ImportReport.ENGAGED)
            self.report.rows.append(RowResult(row.line, status, "", name))
        Engagement.objects.bulk_create([engagement for _row, engagement in created])
        for row, engagement in created:
            self.event(AuditEventType.ENGAGEMENT_STARTED, engagement, {
                "volunteer_id": engagement.volunteer_id, "start_date": row.start_date,
                "end_date": row.end_date, "source": "import", "line": row.line,
            })
        # After the new engagements exist: one that goes on keeps the person insured.
        services.engagements_end(actor=self.actor, ends=ending)
        return created

    def _match(self, row: ParsedRow, name: str, engagement: Engagement,
               ending: list[tuple[Engagement, datetime.date]]) -> None:
        """A row about an engagement already in the register (same start date)."""
        if engagement.end_date is None and row.end_date is not None:
            # Set now, so that a later row of the same person sees the engagement ended.
            engagement.end_date = row.end_date
            ending.append((engagement, row.end_date))
            self.report.rows.append(RowResult(row.line, ImportReport.ENDED, "", name))
        elif row.end_date is None or row.end_date == engagement.end_date:
            self.report.rows.append(RowResult(
                row.line, ImportReport.UNCHANGED, _("already in the register"), name))
        else:
            self.report.rows.append(RowResult(row.line, ImportReport.ERROR, _(
                "the engagement that started on %(start)s already ended on %(end)s"
            ) % {"start": _day(engagement.start_date), "end": _day(engagement.end_date)}, name))

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
            self.event(AuditEventType.VOLUNTEER_INSURED, cover, {
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
                   report=report).run()
            if progress is not None:
                progress(min(start + batch_size, len(checked)), len(checked))
        report.rows.sort(key=lambda row: row.line)
        audit_log(
            actor=actor, event_type=AuditEventType.VOLUNTEERS_IMPORTED, department=department,
            after={**report.counts, "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
