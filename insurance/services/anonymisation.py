"""Anonymising volunteers whose engagements ended long ago (GDPR retention).

Each department's record of a volunteer is erased on its own, once every engagement of it
ended long ago; the person behind it (what the insurer needed) once every department's record
of them is erased.
"""

import datetime

from django.db import transaction
from django.db.models import CharField, Exists, Max, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from beleid.models import AuditEventType
from beleid.services.audit import audit_event, audit_log_many

from ..models import Benefit, Person, Volunteer


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def volunteers_anonymise(*, actor=None, older_than_years: int,
                         today: datetime.date | None = None) -> int:
    """Anonymise the department records of volunteers whose every engagement there ended
    more than `older_than_years` ago; then the persons none of whose records is left.

    Engagements, cover periods and declarations stay (counts and the trail remain true);
    names, birth dates, contact data, benefits and the national number are erased. A record
    in another department that is still going keeps everything. Safe to run twice. Returns
    how many department records were anonymised.
    """
    cutoff = _years_before(today or timezone.localdate(), older_than_years)
    records = list(
        Volunteer.objects.filter(anonymised_at__isnull=True, engagements__isnull=False)
        .exclude(engagements__end_date__isnull=True)
        .annotate(last_end=Max("engagements__end_date"))
        .filter(last_end__lt=cutoff)
        .values_list("pk", "department_id", "person_id")
    )
    if not records:
        return 0
    now = timezone.now()
    Volunteer.objects.filter(pk__in=[pk for pk, _d, _p in records]).update(
        first_name="", last_name="", date_of_birth=None, email="", phone="", address="",
        emergency_contact="", benefit=Benefit.NONE, anonymised_at=now,
    )
    persons = list(
        Person.objects.filter(pk__in={person for _v, _d, person in records},
                              anonymised_at__isnull=True)
        .exclude(Exists(Volunteer.objects.filter(person=OuterRef("pk"),
                                                 anonymised_at__isnull=True)))
        .values_list("pk", flat=True)
    )
    Person.objects.filter(pk__in=persons).update(
        first_name="", last_name="", date_of_birth=None, national_number="",
        person_key=Concat(Value("anonymised:"), Cast("pk", CharField())), anonymised_at=now,
    )
    audit_log_many([
        *(audit_event(
            actor=actor, event_type=AuditEventType.VOLUNTEER_ANONYMISED,
            department_id=department_id, obj=Volunteer(pk=pk),
            after={"volunteer_id": pk, "person_id": person_id,
                   "older_than_years": older_than_years},
        ) for pk, department_id, person_id in records),
        # The person is no department's: these events are in the office's trail.
        *(audit_event(
            actor=actor, event_type=AuditEventType.PERSON_ANONYMISED, obj=Person(pk=pk),
            after={"person_id": pk, "older_than_years": older_than_years},
        ) for pk in persons),
    ])
    return len(records)
