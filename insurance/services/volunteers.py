"""Registering a department's volunteer (and the person behind them, once for the whole city),
and recording who opened a volunteer's data."""

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
from ..models import Benefit, Person, Volunteer, person_key


def clean_national_number(value: str, date_of_birth: datetime.date | None) -> str:
    """The number to store: '' unless the insurer requires it; then it must be valid."""
    if not settings.INSURER_REQUIRES_NATIONAL_NUMBER or not value:
        return ""
    if not national_number.is_valid(value, date_of_birth):
        raise ValidationError(_("The national register number is not valid."))
    return national_number.normalise(value)


def find_same_person(
    *, first_name: str, last_name: str, date_of_birth: datetime.date, number: str = ""
) -> Person | None:
    """The city's record of this person: same name and birth date, or same number."""
    match = Q(person_key=person_key(first_name, last_name, date_of_birth))
    if number:
        match |= Q(national_number=number)
    return Person.objects.filter(match, anonymised_at__isnull=True).first()


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
    """Register a person as a volunteer of `department`; returns the department's record.

    The person is found (same name and date of birth, or national number) or created once
    for the whole city; the department's record holds what it entered and is its own: a
    person already registered by another department gets a second record, and that other
    department's record is neither read nor changed. A person the department registered
    before returns its existing record, unchanged. The national register number is kept (on
    the person) only when the insurer requires it.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise ValidationError(_("First and last name are required."))
    if date_of_birth >= timezone.localdate():
        raise ValidationError(_("The date of birth must lie in the past."))
    number = clean_national_number(national_number, date_of_birth)
    person = find_same_person(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, number=number
    )
    if person is None:
        person = Person.objects.create(
            first_name=first_name, last_name=last_name, date_of_birth=date_of_birth,
            national_number=number, person_key=person_key(first_name, last_name, date_of_birth),
        )
    existing = Volunteer.objects.filter(
        person=person, department=department, anonymised_at__isnull=True).first()
    if existing is not None:
        return existing
    volunteer = Volunteer.objects.create(
        person=person, department=department, first_name=first_name, last_name=last_name,
        date_of_birth=date_of_birth, email=email, phone=phone, address=address,
        emergency_contact=emergency_contact, benefit=benefit,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.VOLUNTEER_REGISTERED, department=department, obj=volunteer,
        after={"volunteer_id": volunteer.pk, "person_id": person.pk},
    )
    return volunteer


@transaction.atomic
def volunteer_data_opened(*, actor, volunteer: Volunteer) -> None:
    """Opening a volunteer's personal data is itself recorded (who looked, when), in the
    trail of the volunteer's department."""
    audit_log(actor=actor, event_type=AuditEventType.VOLUNTEER_DATA_VIEWED,
              department=volunteer.department, obj=volunteer,
              after={"volunteer_id": volunteer.pk, "person_id": volunteer.person_id})
