"""Training sessions and registrations with attendance for the certificate's tests, written
straight to the models (the training services are helper "training"'s, not merged yet)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from kennisdeling.models import Attendance, Registration, RegistrationStatus, TrainingSession

BRUSSELS = ZoneInfo("Europe/Brussels")


def session(**fields):
    starts = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=BRUSSELS)
    values = {
        "title": "Basisvorming vrijwilligerswerk", "provider": "Vlaams Steunpunt Vrijwilligerswerk",
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3),
        "place": "Stadhuis, Botermarkt 1, Gent", "capacity": 12, "is_basic_training": True,
        "registration_deadline": starts - datetime.timedelta(days=2),
        "published_at": starts - datetime.timedelta(days=30),
        **fields,
    }
    return TrainingSession.objects.create(**values)


def registration(department, *, user=None, name="An Peeters", attendance=Attendance.PRESENT,
                 status=RegistrationStatus.REGISTERED, training=None, recorder=None,
                 email="an.peeters@stad.gent.test"):
    training = training or session()
    return Registration.objects.create(
        session=training, user=user, name=name, email=email,
        department=department, status=status, registered_at=training.published_at,
        cancelled_at=timezone.now() if status == RegistrationStatus.CANCELLED else None,
        attendance=attendance,
        attendance_recorded_at=None if attendance == Attendance.NOT_RECORDED else training.ends_at,
        attendance_recorded_by=recorder,
    )
