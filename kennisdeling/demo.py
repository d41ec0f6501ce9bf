"""The demo city's training offer (called by the demo seeding command).

Last year's sessions with attendance (so that some departments meet the training step and
some do not, one of them because its basic training lapsed), the spring-2024 sessions of the
Vrijwilligerspunt, and a few upcoming sessions with registrations and a waiting list.

Demo data describe the past: they are written as rows (registered before the deadline,
attendance recorded after the session), not through the services, which only act in the
present. Seeded once: a second call, or a database that has sessions, adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from beleid import roles

from .models import Attendance, Audience, Registration, RegistrationStatus, TrainingSession

BASIC = "Basisvorming vrijwilligerscoördinator"
VSV = "Vlaams Steunpunt Vrijwilligerswerk"
VP = "Vrijwilligerspunt Gent"
PLACE = "Vrijwilligerspunt, Stadhuis, Botermarkt 1, 9000 Gent"


@dataclass(frozen=True)
class _Spec:
    title: str
    provider: str
    starts_at: datetime.datetime
    hours: int = 3
    audience: str = Audience.STAFF
    basic: bool = False
    capacity: int = 20
    place: str = PLACE
    webinar_url: str = ""
    description: str = ""


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _specs(today: datetime.date) -> tuple[list[_Spec], list[_Spec], list[_Spec], list[_Spec]]:
    """The lapsed, last year's, spring-2024 and upcoming sessions."""
    lapsed = [_Spec(BASIC, VP, _at(today - datetime.timedelta(days=4 * 365 + 40), 9), basic=True)]
    last_year = [
        _Spec(BASIC, VP, _at(today - datetime.timedelta(days=300), 9), basic=True, capacity=24),
        _Spec(BASIC, VP, _at(today - datetime.timedelta(days=200), 13), basic=True, capacity=24),
        _Spec(
            "Vrijwilligers begeleiden: het onthaalgesprek",
            VP,
            _at(today - datetime.timedelta(days=150), 9),
        ),
    ]
    spring_2024 = [
        _Spec(
            "Omgaan met seksueel grensoverschrijdend gedrag - het Sensoa vlaggensysteem",
            "Sensoa",
            _at(datetime.date(2024, 3, 12), 9),
            description="Grensoverschrijdend gedrag herkennen en bespreken met het vlaggensysteem.",
        ),
        _Spec(
            "Het veranderende vrijwilligerslandschap",
            VSV,
            _at(datetime.date(2024, 4, 18), 12),
            hours=1,
            place="",
            webinar_url="https://www.vrijwilligerswerk.be/webinars",
            capacity=100,
        ),
        _Spec(
            "EHBO - de basis",
            "Het Vlaamse Kruis",
            _at(datetime.date(2024, 5, 4), 9),
            audience=Audience.VOLUNTEERS,
            capacity=16,
        ),
        _Spec(
            "Jouw rechten en plichten als vrijwilliger",
            VSV,
            _at(datetime.date(2024, 5, 23), 19),
            hours=2,
            audience=Audience.VOLUNTEERS,
            capacity=40,
        ),
    ]
    upcoming = [
        _Spec(BASIC, VP, _at(today + datetime.timedelta(days=21), 9), basic=True, capacity=4),
        _Spec(
            "Het veranderende vrijwilligerslandschap",
            VSV,
            _at(today + datetime.timedelta(days=35), 12),
            hours=1,
            place="",
            webinar_url="https://www.vrijwilligerswerk.be/webinars",
            capacity=100,
        ),
        _Spec(
            "EHBO - de basis",
            "Het Vlaamse Kruis",
            _at(today + datetime.timedelta(days=49), 9),
            audience=Audience.VOLUNTEERS,
            capacity=16,
        ),
    ]
    return lapsed, last_year, spring_2024, upcoming


def _session(spec: _Spec, office) -> TrainingSession:
    published = spec.starts_at - datetime.timedelta(days=45)
    return TrainingSession.objects.create(
        title=spec.title,
        provider=spec.provider,
        starts_at=spec.starts_at,
        ends_at=spec.starts_at + datetime.timedelta(hours=spec.hours),
        place=spec.place,
        webinar_url=spec.webinar_url,
        audience=spec.audience,
        is_basic_training=spec.basic,
        capacity=spec.capacity,
        registration_deadline=spec.starts_at - datetime.timedelta(days=3),
        description=spec.description,
        published_at=published,
        created_by=office,
    )


def _registration(
    session, department, user, *, office, present: bool | None, status=None, position=0
):
    registered_at = min(
        session.registration_deadline - datetime.timedelta(days=10),
        timezone.now() - datetime.timedelta(days=2),
    ) + datetime.timedelta(minutes=position)
    recorded = present is not None
    return Registration(
        session=session,
        department=department,
        user=user,
        name=user.get_full_name() or user.get_username(),
        email=user.email,
        status=status or RegistrationStatus.REGISTERED,
        registered_at=registered_at,
        registered_by=user,
        attendance=(Attendance.PRESENT if present else Attendance.ABSENT)
        if recorded
        else Attendance.NOT_RECORDED,
        attendance_recorded_at=session.ends_at + datetime.timedelta(days=1) if recorded else None,
        attendance_recorded_by=office if recorded else None,
    )


@transaction.atomic
def seed_training(*, departments, today: datetime.date | None = None) -> int:
    """The demo training offer for `departments` (with their coordinators). Returns the
    number of sessions created (0 when the database has sessions already)."""
    if TrainingSession.objects.exists():
        return 0
    today = today or timezone.localdate()
    office = get_user_model().objects.filter(groups__name=roles.CONSULTANT).order_by("pk").first()
    ordered = sorted(departments, key=lambda d: d.slug)
    coordinators = {
        department.pk: department.coordinators.order_by("pk").first() for department in ordered
    }
    people = [(d, coordinators[d.pk]) for d in ordered if coordinators[d.pk] is not None]
    lapsed, last_year, spring_2024, upcoming = _specs(today)
    sessions = {
        name: [_session(spec, office) for spec in specs]
        for name, specs in (
            ("lapsed", lapsed),
            ("last_year", last_year),
            ("spring_2024", spring_2024),
            ("upcoming", upcoming),
        )
    }
    rows = []
    basic_sessions = sessions["last_year"][:2]
    for index, (department, user) in enumerate(people):
        if index % 3 == 0:  # about a third attended last year's basic training
            session = basic_sessions[index % 2]
            rows.append(_registration(session, department, user, office=office, present=True))
        elif index % 3 == 1 and index % 2 == 1:  # some registered but were absent
            session = basic_sessions[index % 2]
            rows.append(_registration(session, department, user, office=office, present=False))
        if index % 7 == 5:  # an old basic training, lapsed
            session = sessions["lapsed"][0]
            rows.append(_registration(session, department, user, office=office, present=True))
        if index % 4 == 1:  # the coaching session and the spring-2024 sessions for coaches
            for session in (sessions["last_year"][2], *sessions["spring_2024"][:2]):
                rows.append(_registration(session, department, user, office=office, present=True))
    # the next basic training: full, two on the waiting list
    upcoming_basic = sessions["upcoming"][0]
    without = [(d, u) for index, (d, u) in enumerate(people) if index % 3 != 0 and index % 7 != 5]
    for position, (department, user) in enumerate(without[: upcoming_basic.capacity + 2]):
        status = (
            RegistrationStatus.REGISTERED
            if position < upcoming_basic.capacity
            else RegistrationStatus.WAITING
        )
        rows.append(
            _registration(
                upcoming_basic,
                department,
                user,
                office=office,
                present=None,
                status=status,
                position=position,
            )
        )
    Registration.objects.bulk_create(rows)
    return sum(len(items) for items in sessions.values())
