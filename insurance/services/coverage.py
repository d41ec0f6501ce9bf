"""The one writer of the city's accident cover: the "insured once" rule.

The cover hangs on the person (`Person`), not on a department's volunteer record: a person
who volunteers in two departments is insured once.

- A volunteer is insured from the first day of activity: an engagement opens cover from its
  start date.
- One open period per person, however many departments: another engagement joins the open
  period, and one that starts earlier moves its start earlier.
- Ending an engagement keeps the cover while another engagement of the person is active; the
  last one ends it.
- An engagement registered when it has already ended (an imported list with its history)
  gets a closed period, unless the person's cover already holds those days.

The services of the pages and the onboarding, the import and the demo seeding all go through
`coverage_register_many` and `coverage_deregister_many`: for one engagement or for thousands
in a constant number of queries, every change with its audit event, written in bulk. An
event lies in the trail of the department whose engagement caused it, and holds that
engagement's dates only: never the period another department's engagement gave the person.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from beleid.models import AuditEventType
from beleid.services.audit import audit_event, audit_log_many

from ..models import Engagement, InsuranceCoverage, Volunteer
from .dates_in_bulk import save_dates


@dataclass
class CoverChanges:
    """What `coverage_register_many` changed."""

    opened: list[InsuranceCoverage] = field(default_factory=list)  # new open periods
    # Open periods whose start moved earlier, with the start they had.
    moved: list[tuple[InsuranceCoverage, datetime.date]] = field(default_factory=list)
    recorded: list[InsuranceCoverage] = field(default_factory=list)  # closed periods (history)

    @property
    def person_ids(self) -> set[int]:
        return {cover.person_id for cover in [*self.opened, *self.recorded]} | {
            cover.person_id for cover, _before in self.moved}


def _touches(end: datetime.date, start: datetime.date) -> bool:
    """A period that ends on `end` and one that starts on `start` are one activity: they
    overlap, or the second starts the day after the first ended."""
    return (start - end).days <= 1


def _persons(engagements) -> dict[int, int]:
    """The person of each engagement's volunteer: volunteer id -> person id (one query)."""
    return dict(Volunteer.objects.filter(
        pk__in={engagement.volunteer_id for engagement in engagements}
    ).values_list("pk", "person_id"))


def _join_open_period(person_id: int, cover: InsuranceCoverage | None,
                      own: list[Engagement], today: datetime.date):
    """One person's open period once `own` engagements joined it (a new one when one of
    them goes on and there is none), the engagement that gave it its start (None when the
    start stayed), and the ended engagements that lie outside it."""
    ongoing = sorted((e for e in own if e.end_date is None), key=lambda e: e.start_date)
    ended = sorted((e for e in own if e.end_date is not None), key=lambda e: e.end_date,
                   reverse=True)
    if cover is None:
        if not ongoing:
            return None, None, ended
        cover = InsuranceCoverage(person_id=person_id, insured_from=ongoing[0].start_date,
                                  registered_on=today)
    first = None
    if ongoing and ongoing[0].start_date <= cover.insured_from:
        cover.insured_from, first = ongoing[0].start_date, ongoing[0]
    outside = []
    # Latest end first: an ended engagement that reaches the period may bring its start
    # close enough for the next one to reach it too.
    for engagement in ended:
        if not _touches(engagement.end_date, cover.insured_from):
            outside.append(engagement)
        elif engagement.start_date < cover.insured_from:
            cover.insured_from, first = engagement.start_date, engagement
    return cover, first, outside


def _history_periods(outside: dict[int, list[Engagement]], today: datetime.date):
    """Closed periods for ended engagements outside every open period, merged per person
    where they touch, leaving out the days that a cover period of theirs already holds.
    Yields (cover, the engagement that starts it)."""
    held: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for person_id, start, end in InsuranceCoverage.objects.filter(
        person_id__in=outside
    ).values_list("person_id", "insured_from", "insured_to"):
        held[person_id].append((start, end))
    for person_id, engagements in outside.items():
        merged: list[list] = []  # [start, end, first engagement]
        for engagement in sorted(engagements, key=lambda e: e.start_date):
            if merged and _touches(merged[-1][1], engagement.start_date):
                merged[-1][1] = max(merged[-1][1], engagement.end_date)
            else:
                merged.append([engagement.start_date, engagement.end_date, engagement])
        for start, end, first in merged:
            if any(from_ <= start and (to is None or end <= to)
                   for from_, to in held[person_id]):
                continue
            yield InsuranceCoverage(person_id=person_id, insured_from=start,
                                    insured_to=end, registered_on=today,
                                    deregistered_on=today), first


@transaction.atomic
def coverage_register_many(*, actor, engagements: Sequence[Engagement],
                           source: str = "") -> CoverChanges:
    """Insure the persons of `engagements` (saved, with their start and end dates) by the
    insured-once rule; `source` ("import") is noted in the audit events.

    A constant number of queries however many engagements; callers pass a few thousand at a
    time (the import's batches). Returns what changed: nothing for engagements whose days
    cover already holds, so a second call does nothing twice.
    """
    changes = CoverChanges()
    if not engagements:
        return changes
    today = timezone.localdate()
    person_of = _persons(engagements)
    by_person: dict[int, list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        by_person[person_of[engagement.volunteer_id]].append(engagement)
    open_covers = {
        cover.person_id: cover
        for cover in InsuranceCoverage.objects.select_for_update()
        .filter(person_id__in=by_person, insured_to__isnull=True)
        .only("id", "person_id", "insured_from")
    }
    starts: dict[int, Engagement] = {}  # person -> the engagement that gave the start
    outside: dict[int, list[Engagement]] = {}
    for person_id, own in by_person.items():
        known = open_covers.get(person_id)
        before = known.insured_from if known is not None else None
        cover, first, left_out = _join_open_period(person_id, known, own, today)
        if left_out:
            outside[person_id] = left_out
        if cover is None or cover.insured_from == before:
            continue
        starts[person_id] = first
        if known is None:
            changes.opened.append(cover)
        else:
            changes.moved.append((cover, before))
    recorded = list(_history_periods(outside, today)) if outside else []
    changes.recorded = [cover for cover, _first in recorded]
    InsuranceCoverage.objects.bulk_create([*changes.opened, *changes.recorded],
                                          batch_size=1000)
    save_dates(InsuranceCoverage, [cover for cover, _before in changes.moved], "insured_from")
    audit_log_many(_events(actor, changes, starts, recorded, {"source": source} if source else {}))
    return changes


def _events(actor, changes: CoverChanges, starts: dict[int, Engagement],
            recorded: list[tuple[InsuranceCoverage, Engagement]], noted: dict) -> list:
    """The audit events of `changes`, each in the trail of the department of the engagement
    behind it. A start moved earlier keeps no "before": that start may be another
    department's engagement's (the cover's earlier events in the office's view hold it)."""

    def event(cover, engagement, after):
        return audit_event(
            actor=actor, event_type=AuditEventType.VOLUNTEER_INSURED,
            department_id=engagement.department_id, obj=cover,
            after={"volunteer_id": engagement.volunteer_id, "person_id": cover.person_id,
                   "insured_from": cover.insured_from, **after, **noted},
        )

    return [
        *(event(cover, starts[cover.person_id], {"policy": cover.policy_number})
          for cover in changes.opened),
        *(event(cover, starts[cover.person_id], {}) for cover, _before in changes.moved),
        *(event(cover, first, {"insured_to": cover.insured_to, "policy": cover.policy_number})
          for cover, first in recorded),
    ]


@transaction.atomic
def coverage_register(*, actor, engagement: Engagement) -> InsuranceCoverage | None:
    """Register the person of `engagement` on the accident policy from its start date
    (the insured-once rule for one engagement). Returns the period that holds its start."""
    coverage_register_many(actor=actor, engagements=[engagement])
    start = engagement.start_date
    return (
        InsuranceCoverage.objects.filter(person__volunteers=engagement.volunteer_id,
                                         insured_from__lte=start)
        .filter(Q(insured_to__isnull=True) | Q(insured_to__gte=start))
        .order_by("-insured_from").first()
    )


@transaction.atomic
def coverage_deregister_many(
    *, actor, ends: Sequence[tuple[Engagement, datetime.date]]
) -> list[InsuranceCoverage]:
    """The cover of each person whose engagements end (saved with their end dates) ends
    with the last of them, unless the person is still active in another engagement, in
    this department or another (one person, insured once). A constant number of queries;
    returns the periods that ended."""
    if not ends:
        return []
    person_of = _persons([engagement for engagement, _day in ends])
    # Per person: the last day of the engagements that end now, and that engagement.
    last_day: dict[int, tuple[datetime.date, Engagement]] = {}
    for engagement, end_date in ends:
        person_id = person_of[engagement.volunteer_id]
        known = last_day.get(person_id)
        if known is None or end_date >= known[0]:
            last_day[person_id] = (end_date, engagement)
    still_active = {
        person_id
        for person_id, other_end in Engagement.objects.filter(
            volunteer__person_id__in=last_day, status=Engagement.Status.ACTIVE
        )
        .exclude(pk__in=[engagement.pk for engagement, _day in ends])
        .values_list("volunteer__person_id", "end_date")
        if other_end is None or other_end > last_day[person_id][0]
    }
    covers = list(
        InsuranceCoverage.objects.select_for_update().filter(
            person_id__in=set(last_day) - still_active, insured_to__isnull=True
        )
    )
    today = timezone.localdate()
    for cover in covers:
        cover.insured_to = max(last_day[cover.person_id][0], cover.insured_from)
        cover.deregistered_on = today
    save_dates(InsuranceCoverage, covers, "insured_to", deregistered_on=today)
    audit_log_many([
        audit_event(
            actor=actor, event_type=AuditEventType.VOLUNTEER_DEREGISTERED,
            department_id=last_day[cover.person_id][1].department_id, obj=cover,
            before={"insured_to": None},
            after={"volunteer_id": last_day[cover.person_id][1].volunteer_id,
                   "person_id": cover.person_id, "insured_to": cover.insured_to},
        )
        for cover in covers
    ])
    return covers
