"""Writes of the training offer: sessions, registrations with a waiting list, attendance.

Every service is one transaction with its audit events. A seat or a place on the waiting list
is decided under a row lock on the session (`select_for_update`): two registrations for the
last seat at the same moment give one seat and one place on the waiting list. A cancelled seat
goes to the first in line of the waiting list in the same transaction.

Who may do what is asked of `beleid.access`; a refusal is a `TrainingError` with a message for
the person (Dutch in the catalogue).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid import access
from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_event, audit_log, audit_log_many

from .models import Attendance, Registration, RegistrationStatus, TrainingSession

__all__ = [
    "TrainingError",
    "registration_cancel",
    "registration_create",
    "session_attendance_record",
    "session_cancel",
    "session_create",
    "session_publish",
    "session_update",
]


class TrainingError(Exception):
    """A training action was refused; the message says why, for the person."""


def _require_office(actor) -> None:
    if not access.can_manage_training(actor):
        raise TrainingError(_("Only the Vrijwilligerspunt manages the training offer."))


def _fields(session: TrainingSession) -> dict[str, Any]:
    return {name: getattr(session, name) for name in TrainingSession.AUDITED_FIELDS}


def _check_session(session: TrainingSession) -> None:
    """The rules of a session that a form should have caught; the database holds them too."""
    if session.ends_at <= session.starts_at:
        raise TrainingError(_("The session must end after it starts."))
    if session.registration_deadline > session.starts_at:
        raise TrainingError(_("The registration deadline must not be after the start."))
    if not session.place and not session.webinar_url:
        raise TrainingError(_("Give a place or a webinar link."))
    if session.capacity < 1:
        raise TrainingError(_("A session has at least one seat."))


def _locked(session: TrainingSession) -> TrainingSession:
    """The session, re-read under a row lock: one writer of its seats at a time."""
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _seats_taken(session: TrainingSession) -> int:
    return session.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _promote(*, session: TrainingSession, actor, now: datetime.datetime) -> list[Registration]:
    """Give free seats of `session` (locked) to the first in line of its waiting list."""
    free = session.capacity - _seats_taken(session)
    if free <= 0:
        return []
    promoted = list(
        session.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITING)
        .order_by("registered_at", "id")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    audit_log_many(
        [
            audit_event(
                actor=actor,
                event_type=AuditEventType.TRAINING_REGISTRATION_PROMOTED,
                department_id=registration.department_id,
                obj=registration,
                before={"status": RegistrationStatus.WAITING.value},
                after={"status": RegistrationStatus.REGISTERED.value, "session": session.pk},
            )
            for registration in promoted
        ]
    )
    return promoted


# --- sessions (the office) ----------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor, **fields: Any) -> TrainingSession:
    """A new session, a draft until published."""
    _require_office(actor)
    session = TrainingSession(created_by=actor, **fields)
    _check_session(session)
    session.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.TRAINING_SESSION_CREATED,
        obj=session,
        after=_fields(session),
    )
    return session


@transaction.atomic
def session_update(*, actor, session: TrainingSession, **fields: Any) -> TrainingSession:
    """Change a session. More seats go to the waiting list's first in line; fewer seats than
    are taken are refused."""
    _require_office(actor)
    session = _locked(session)
    if session.is_cancelled:
        raise TrainingError(_("This session was cancelled; it can no longer be changed."))
    before = _fields(session)
    for name, value in fields.items():
        if name not in TrainingSession.AUDITED_FIELDS and name != "description":
            raise TypeError(f"session_update() does not change {name}")
        setattr(session, name, value)
    _check_session(session)
    taken = _seats_taken(session)
    if session.capacity < taken:
        raise TrainingError(
            _("%(taken)s seats are taken: the session needs at least that many seats.")
            % {"taken": taken}
        )
    session.save()
    after = _fields(session)
    changed = {name for name in after if before[name] != after[name]}
    if changed or "description" in fields:
        audit_log(
            actor=actor,
            event_type=AuditEventType.TRAINING_SESSION_UPDATED,
            obj=session,
            before={name: before[name] for name in sorted(changed)},
            after={name: after[name] for name in sorted(changed)},
        )
    _promote(session=session, actor=actor, now=timezone.now())
    return session


@transaction.atomic
def session_publish(*, actor, session: TrainingSession) -> TrainingSession:
    """Publish a draft: from now it is in the training offer and takes registrations."""
    _require_office(actor)
    session = _locked(session)
    if session.is_cancelled:
        raise TrainingError(_("This session was cancelled; it can no longer be published."))
    if session.published_at is not None:
        raise TrainingError(_("This session is already published."))
    session.published_at = timezone.now()
    session.save(update_fields=["published_at", "updated_at"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.TRAINING_SESSION_PUBLISHED,
        obj=session,
        after={"published_at": session.published_at},
    )
    return session


@transaction.atomic
def session_cancel(*, actor, session: TrainingSession) -> TrainingSession:
    """Cancel a session: it leaves the offer; its registrations stay, for the record."""
    _require_office(actor)
    session = _locked(session)
    if session.is_cancelled:
        raise TrainingError(_("This session is already cancelled."))
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at", "updated_at"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.TRAINING_SESSION_CANCELLED,
        obj=session,
        after={"cancelled_at": session.cancelled_at},
    )
    return session


# --- registrations -------------------------------------------------------------------------------


def _person(*, user, name: str, email: str) -> tuple[Any, str, str]:
    """The user, name and e-mail address a registration keeps. A colleague named by an
    address that belongs to an account is that account's user (so their attendance counts for
    the departments they coordinate)."""
    if user is not None:
        return user, (user.get_full_name() or user.get_username()), user.email.strip().lower()
    name, email = " ".join((name or "").split()), (email or "").strip().lower()
    if not name or not email:
        raise TrainingError(_("Give the colleague's name and e-mail address."))
    account = (
        get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
    )
    return account, name, email


def registration_create(
    *,
    actor,
    session: TrainingSession,
    department: Department,
    user=None,
    name: str = "",
    email: str = "",
) -> Registration:
    """Register a person (`user`, or a colleague by `name` and `email`) for `session` on
    behalf of `department`: a seat while there is one, else a place on the waiting list."""
    if not access.can_register_for_training(actor, department):
        raise TrainingError(_("You may register people only for your own department."))
    person, name, email = _person(user=user, name=name, email=email)
    try:
        with transaction.atomic():
            session = _locked(session)
            now = timezone.now()
            if not session.is_published:
                raise TrainingError(_("This session is not open for registration."))
            if now > session.registration_deadline:
                raise TrainingError(_("The registration deadline of this session has passed."))
            active = session.registrations.filter(
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
            )
            if (person is not None and active.filter(user=person).exists()) or (
                email and active.filter(email__iexact=email).exists()
            ):
                raise TrainingError(_("This person is already registered for this session."))
            full = _seats_taken(session) >= session.capacity
            registration = Registration.objects.create(
                session=session,
                user=person,
                name=name,
                email=email,
                department=department,
                status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
                registered_at=now,
                registered_by=actor,
            )
            audit_log(
                actor=actor,
                event_type=AuditEventType.TRAINING_REGISTERED,
                department=department,
                obj=registration,
                after={"session": session.pk, "status": registration.status},
            )
    except IntegrityError as clash:
        # A second registration of the same person that passed the check at the same moment.
        raise TrainingError(_("This person is already registered for this session.")) from clash
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration | None:
    """Cancel a registration before the session starts. A freed seat goes to the first in
    line of the waiting list, in the same transaction. Returns the promoted registration."""
    if not access.can_register_for_training(actor, registration.department_id):
        raise TrainingError(_("You may cancel registrations only of your own department."))
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    now = timezone.now()
    if registration.status == RegistrationStatus.CANCELLED:
        raise TrainingError(_("This registration is already cancelled."))
    if now >= session.starts_at:
        raise TrainingError(
            _("The session has started; the registration can no longer be cancelled.")
        )
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = actor
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.TRAINING_REGISTRATION_CANCELLED,
        department=registration.department,
        obj=registration,
        before={"status": before},
        after={"status": registration.status, "session": session.pk},
    )
    promoted = _promote(session=session, actor=actor, now=now)
    return promoted[0] if promoted else None


# --- attendance (the office) ---------------------------------------------------------------------


@transaction.atomic
def session_attendance_record(
    *, actor, session: TrainingSession, attendance: dict[int, str], source: str = ""
) -> int:
    """Record attendance (registration id -> present / absent / not recorded) of the seats of
    `session`, from its start. All or nothing; an event per changed registration. Returns how
    many changed."""
    _require_office(actor)
    session = _locked(session)
    now = timezone.now()
    if session.is_cancelled:
        raise TrainingError(_("This session was cancelled."))
    if now < session.starts_at:
        raise TrainingError(_("Attendance can be recorded from the start of the session."))
    wanted = {int(pk): value for pk, value in attendance.items()}
    unknown = [value for value in wanted.values() if value not in Attendance.values]
    if unknown:
        raise TrainingError(_("Unknown attendance: %(value)s") % {"value": unknown[0]})
    registrations = list(
        session.registrations.select_for_update().filter(
            pk__in=wanted, status=RegistrationStatus.REGISTERED
        )
    )
    if len(registrations) != len(wanted):
        raise TrainingError(
            _("Attendance can be recorded only for people with a seat in this session.")
        )
    changed, events = [], []
    for registration in registrations:
        value = wanted[registration.pk]
        if registration.attendance == value:
            continue
        events.append(
            audit_event(
                actor=actor,
                event_type=AuditEventType.TRAINING_ATTENDANCE_RECORDED,
                department_id=registration.department_id,
                obj=registration,
                before={"attendance": registration.attendance},
                after={
                    "attendance": value,
                    "session": session.pk,
                    **({"source": source} if source else {}),
                },
            )
        )
        registration.attendance = value
        recorded = value != Attendance.NOT_RECORDED
        registration.attendance_recorded_at = now if recorded else None
        registration.attendance_recorded_by = actor if recorded else None
        changed.append(registration)
    Registration.objects.bulk_update(
        changed, ["attendance", "attendance_recorded_at", "attendance_recorded_by"]
    )
    audit_log_many(events)
    return len(changed)
