"""The information note (art. 4 Volunteer Law): the dated proof that a volunteer was told,
before the start, what the organisation is, how they are insured, and the rest."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from ..models import Engagement, InformationNote


@transaction.atomic
def information_note_record(
    *,
    actor,
    engagement: Engagement,
    given_on: datetime.date,
    method: str,
    agreement_note: bool = False,
) -> InformationNote:
    """Record the dated proof that the volunteer was informed (before the start)."""
    if given_on > timezone.localdate():
        raise ValidationError(_("The information note cannot be given in the future."))
    if method not in InformationNote.Method.values:
        raise ValidationError(_("Unknown way of giving the information note."))
    note = InformationNote.objects.create(
        engagement=engagement, given_on=given_on, method=method, agreement_note=agreement_note
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.INFORMATION_NOTE_RECORDED, department=engagement.department,
        obj=note,
        after={"engagement_id": engagement.pk, "given_on": given_on, "method": method,
               "agreement_note": agreement_note, "before_start": given_on <= engagement.start_date},
    )
    return note
