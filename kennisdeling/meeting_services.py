"""Recording the consultation meetings between the Vrijwilligerspunt and the departments."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_log

from . import markdown
from .models import Meeting, MeetingDecision


@dataclass(frozen=True)
class MeetingInput:
    date: datetime.date
    title: str
    agenda: str = ""
    minutes: str = ""
    departments: list[Department] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


def _snapshot(meeting: Meeting) -> dict:
    return {
        "date": meeting.date,
        "title": meeting.title,
        "departments": sorted(meeting.departments.values_list("pk", flat=True)),
        "decisions": list(meeting.decisions.values_list("text", flat=True)),
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
    }


def _write(meeting: Meeting, data: MeetingInput) -> None:
    if not data.title.strip():
        raise ValidationError([_("Give the meeting a title.")])
    meeting.date = data.date
    meeting.title = data.title.strip()
    meeting.agenda = data.agenda
    meeting.agenda_html = markdown.to_html(data.agenda)
    meeting.minutes = data.minutes
    meeting.minutes_html = markdown.to_html(data.minutes)
    meeting.save()
    meeting.departments.set(data.departments)
    meeting.decisions.all().delete()
    MeetingDecision.objects.bulk_create(
        MeetingDecision(meeting=meeting, text=text.strip()[:500], order=order)
        for order, text in enumerate(text for text in data.decisions if text.strip())
    )


def _audited(values: dict) -> dict:
    # The agenda and the minutes can be long: the trail says that they changed, the meeting
    # page shows them.
    return {key: (bool(value) if key in ("agenda", "minutes") else value)
            for key, value in values.items()}


@transaction.atomic
def meeting_record(*, actor, data: MeetingInput) -> Meeting:
    """The office records a meeting: its date, agenda and minutes (Markdown, rendered and
    sanitised once), the departments that took part and the decisions."""
    meeting = Meeting(recorded_by=actor, recorded_at=timezone.now())
    _write(meeting, data)
    audit_log(actor=actor, event_type=AuditEventType.MEETING_RECORDED, obj=meeting,
              after=_audited(_snapshot(meeting)))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: MeetingInput) -> Meeting:
    """The office corrects or completes a meeting (the minutes come after the meeting)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = _snapshot(meeting)
    _write(meeting, data)
    after = _snapshot(meeting)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        audit_log(
            actor=actor, event_type=AuditEventType.MEETING_UPDATED, obj=meeting,
            before=_audited({key: before[key] for key in changed}),
            after=_audited({key: after[key] for key in changed}),
        )
    return meeting
