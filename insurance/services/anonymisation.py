"""Anonymising the volunteers whose engagements ended long ago (GDPR retention)."""

import datetime

from django.db import transaction
from django.db.models import CharField, Max, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from beleid.models import AuditEventType
from beleid.services.audit import audit_event, audit_log_many

from ..models import Engagement, Volunteer


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def volunteers_anonymise(*, actor=None, older_than_years: int,
                         today: datetime.date | None = None) -> int:
    """Anonymise volunteers whose every engagement ended more than `older_than_years` ago.

    Engagements, cover periods and declarations stay (counts and the trail remain true);
    names, birth date, contact data and national number are erased. Safe to run twice.
    """
    cutoff = _years_before(today or timezone.localdate(), older_than_years)
    candidates = list(
        Volunteer.objects.filter(anonymised_at__isnull=True, engagements__isnull=False)
        .exclude(engagements__end_date__isnull=True)
        .annotate(last_end=Max("engagements__end_date"))
        .filter(last_end__lt=cutoff)
        .values_list("pk", flat=True)
    )
    if not candidates:
        return 0
    # The department of each one's last engagement (the last row per volunteer wins).
    last_department = dict(
        Engagement.objects.filter(volunteer_id__in=candidates)
        .order_by("volunteer_id", "end_date")
        .values_list("volunteer_id", "department_id")
    )
    Volunteer.objects.filter(pk__in=candidates).update(
        first_name="", last_name="", date_of_birth=None, email="", phone="", address="",
        emergency_contact="", national_number="",
        person_key=Concat(Value("anonymised:"), Cast("pk", CharField())),
        anonymised_at=timezone.now(),
    )
    audit_log_many([
        audit_event(
            actor=actor, event_type=AuditEventType.VOLUNTEER_ANONYMISED,
            department_id=last_department.get(pk), obj=Volunteer(pk=pk),
            after={"volunteer_id": pk, "older_than_years": older_than_years},
        )
        for pk in candidates
    ])
    return len(candidates)
