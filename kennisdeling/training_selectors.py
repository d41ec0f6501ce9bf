"""Reads of the training offer, scoped through `beleid.access`, and the basic training that
carries a department's training step (`training_valid_until`)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from beleid import access

from .models import Attendance, Audience, Registration, RegistrationStatus, TrainingSession

__all__ = [
    "BasicTraining",
    "add_months",
    "department_registrations",
    "session_registrations",
    "sessions_for_office",
    "training_offer",
    "training_valid_until",
    "with_counts",
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def with_counts(queryset: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions with `seats_taken`, `seats_left` and `waiting` (one query with the list)."""
    return queryset.annotate(
        seats_taken=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    ).annotate(seats_left=Greatest(F("capacity") - F("seats_taken"), Value(0)))


def training_offer(
    *, audience: str = "", now: datetime.datetime | None = None
) -> QuerySet[TrainingSession]:
    """The upcoming published sessions (for everyone signed in), soonest first."""
    sessions = TrainingSession.objects.published().filter(starts_at__gte=now or timezone.now())
    if audience in Audience.values:
        sessions = sessions.filter(audience=audience)
    return with_counts(sessions).order_by("starts_at", "title")


def sessions_for_office(
    *, when: str = "upcoming", now: datetime.datetime | None = None
) -> QuerySet[TrainingSession]:
    """Every session, drafts and cancelled ones included: upcoming soonest first, past
    latest first."""
    now = now or timezone.now()
    sessions = with_counts(TrainingSession.objects.all())
    if when == "past":
        return sessions.filter(starts_at__lt=now).order_by("-starts_at", "title")
    return sessions.filter(starts_at__gte=now).order_by("starts_at", "title")


def session_registrations(*, session: TrainingSession, user) -> QuerySet[Registration]:
    """The registrations of `session` that `user` may see: seats first, then the waiting list
    in its order, then the cancelled ones."""
    order = {
        RegistrationStatus.REGISTERED: 0,
        RegistrationStatus.WAITING: 1,
        RegistrationStatus.CANCELLED: 2,
    }
    rank = Case(
        *(When(status=status, then=Value(position)) for status, position in order.items()),
        output_field=IntegerField(),
    )
    return (
        access.scope_training_registrations(session.registrations.all(), user)
        .select_related("department", "user")
        .annotate(rank=rank)
        .order_by("rank", "registered_at", "id")
    )


def department_registrations(*, user, past: bool = False) -> QuerySet[Registration]:
    """The active registrations of the departments `user` registers for (a coordinator's
    own), with their sessions: for the upcoming sessions, soonest first, or (`past`) for the
    sessions that have started, latest first (with their attendance and certificate)."""
    registrations = Registration.objects.filter(
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        department__in=access.training_registration_departments(user),
    ).select_related("session", "department")
    if past:
        return registrations.filter(session__starts_at__lt=timezone.now()).order_by(
            "-session__starts_at", "name", "id")
    return registrations.filter(session__starts_at__gte=timezone.now()).order_by(
        "session__starts_at", "registered_at", "id"
    )


@dataclass(frozen=True)
class BasicTraining:
    """The latest basic training a coordinator of a department attended."""

    department_id: int
    person: str
    session_title: str
    attended_on: datetime.date
    valid_until: datetime.date  # the last day it counts

    def is_valid(self, today: datetime.date) -> bool:
        return self.attended_on <= today <= self.valid_until


def training_valid_until(
    *, department_ids: Iterable[int], months: int, today: datetime.date | None = None
) -> dict[int, BasicTraining]:
    """Per department (by id) the latest basic training that one of its coordinators
    (`Department.coordinators`) attended (present) on or before `today`, and the day it
    lapses: the attendance counts for `months` months after the session's date. Departments
    without one are left out. One query, however many departments."""
    today = today or timezone.localdate()
    ids = list(department_ids)
    rows = (
        Registration.objects.filter(
            attendance=Attendance.PRESENT,
            status=RegistrationStatus.REGISTERED,
            session__is_basic_training=True,
            session__cancelled_at__isnull=True,
            user__coordinated_departments__in=ids,
        )
        .values_list(
            "user__coordinated_departments",
            "name",
            "session__title",
            "session__starts_at",
        )
        .order_by("user__coordinated_departments", "-session__starts_at", "id")
    )
    found: dict[int, BasicTraining] = {}
    for department_id, person, title, starts_at in rows:
        attended_on = timezone.localdate(starts_at)
        if department_id in found or attended_on > today:
            continue
        found[department_id] = BasicTraining(
            department_id=department_id,
            person=person,
            session_title=title,
            attended_on=attended_on,
            valid_until=add_months(attended_on, months) - datetime.timedelta(days=1),
        )
    return found
