"""Registering a person in the volunteer register, and recording who opened their data."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_log

from .. import national_number
from ..models import Benefit, Volunteer, person_key


def clean_national_number(value: str, date_of_birth: datetime.date | None) -> str:
    """The number to store: '' unless the insurer requires it; then it must be valid."""
    if not settings.INSURER_REQUIRES_NATIONAL_NUMBER or not value:
        return ""
    if not national_number.is_valid(value, date_of_birth):
        raise ValidationError(_("The national register number is not valid."))
    return national_number.normalise(value)


def find_same_person(
    *, first_name: str, last_name: str, date_of_birth: datetime.date, number: str = ""
) -> Volunteer | None:
    """The register's record of this person: same name and birth date, or same number."""
    match = Q(person_key=person_key(first_name, last_name, date_of_birth))
    if number:
        match |= Q(national_number=number)
    return Volunteer.objects.filter(match, anonymised_at__isnull=True).first()


@transaction.atomic
def volunteer_register(
    *,
    actor,
    department: Department,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    email: str = "",
    phone: str = "",
    address: str = "",
    emergency_contact: str = "",
    national_number: str = "",
    benefit: str = Benefit.NONE,
) -> Volunteer:
    """Register a person, or return the existing record of the same person (no duplicate).

    The national register number is kept only when the insurer requires it.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise ValidationError(_("First and last name are required."))
    if date_of_birth >= timezone.localdate():
        raise ValidationError(_("The date of birth must lie in the past."))
    number = clean_national_number(national_number, date_of_birth)
    existing = find_same_person(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, number=number
    )
    if existing is not None:
        return existing
    volunteer = Volunteer.objects.create(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        address=address,
        emergency_contact=emergency_contact,
        national_number=number,
        benefit=benefit,
        person_key=person_key(first_name, last_name, date_of_birth),
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.VOLUNTEER_REGISTERED, department=department, obj=volunteer,
        after={"volunteer_id": volunteer.pk},
    )
    return volunteer


@transaction.atomic
def volunteer_data_opened(*, actor, volunteer: Volunteer, department: Department | None) -> None:
    """Opening a volunteer's personal data is itself recorded (who looked, when)."""
    audit_log(actor=actor, event_type=AuditEventType.VOLUNTEER_DATA_VIEWED, department=department,
              obj=volunteer, after={"volunteer_id": volunteer.pk})
