"""A volunteer's engagements in departments: starting, activating after the onboarding,
ending. The cover follows through the insured-once rule (`coverage`)."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_event, audit_log, audit_log_many

from ..models import Engagement, InsuranceCoverage, Volunteer
from .coverage import coverage_deregister_many, coverage_register, coverage_register_many
from .dates_in_bulk import save_dates


@transaction.atomic
def engagement_start(
    *,
    actor,
    volunteer: Volunteer,
    start_date: datetime.date,
    tasks: str = "",
    onboarding: bool = False,
) -> Engagement:
    """Engage a department's volunteer there. An active engagement insures the person from
    its start date; with `onboarding=True` it waits in intake until `engagement_activate`."""
    if Engagement.objects.filter(volunteer=volunteer, start_date=start_date).exists():
        raise ValidationError(_("This engagement is already registered."))
    department = volunteer.department
    engagement = Engagement.objects.create(
        volunteer=volunteer,
        department=department,
        start_date=start_date,
        tasks=tasks,
        status=Engagement.Status.INTAKE if onboarding else Engagement.Status.ACTIVE,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.ENGAGEMENT_STARTED, department=department, obj=engagement,
        after={"volunteer_id": volunteer.pk, "start_date": start_date,
               "status": engagement.status},
    )
    if not onboarding:
        coverage_register_many(actor=actor, engagements=[engagement])
    return engagement


@transaction.atomic
def engagement_activate(*, actor, engagement: Engagement) -> Engagement:
    """End of onboarding: the engagement becomes active (and so certainly insured)."""
    if engagement.status == Engagement.Status.ACTIVE:
        return engagement
    engagement.status = Engagement.Status.ACTIVE
    engagement.save(update_fields=["status"])
    coverage_register(actor=actor, engagement=engagement)
    audit_log(
        actor=actor,
        event_type=AuditEventType.ENGAGEMENT_ACTIVATED, department=engagement.department,
        obj=engagement, before={"status": Engagement.Status.INTAKE},
        after={"status": Engagement.Status.ACTIVE},
    )
    return engagement


@transaction.atomic
def engagement_end(*, actor, engagement: Engagement, end_date: datetime.date) -> Engagement:
    """End an engagement. The person's cover ends with it, unless they are still active in
    another engagement, here or in another department (one person, insured once)."""
    if end_date < engagement.start_date:
        raise ValidationError(_("The end date lies before the start date."))
    if engagement.end_date is not None:
        raise ValidationError(_("This engagement has already ended."))
    engagements_end(actor=actor, ends=[(engagement, end_date)])
    return engagement


@transaction.atomic
def engagements_end(
    *, actor, ends: Sequence[tuple[Engagement, datetime.date]]
) -> list[InsuranceCoverage]:
    """End open engagements, each on its own date, with the rule of `engagement_end`: a
    person's cover ends with the engagement unless they are still active elsewhere.

    A constant number of queries however many engagements end (the bulk import uses it).
    The callers have checked each end date (open engagement, not before its start).
    Returns the cover periods that ended.
    """
    if not ends:
        return []
    for engagement, end_date in ends:
        engagement.end_date = end_date
    save_dates(Engagement, [engagement for engagement, _day in ends], "end_date")
    audit_log_many([
        audit_event(
            actor=actor, event_type=AuditEventType.ENGAGEMENT_ENDED,
            department_id=engagement.department_id, obj=engagement,
            before={"end_date": None}, after={"end_date": end_date},
        )
        for engagement, end_date in ends
    ])
    return coverage_deregister_many(actor=actor, ends=ends)
