"""Registering for a session: a seat while there is one, else the waiting list; a
cancellation gives the seat to the first in line, in the same transaction."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from beleid.models import AuditEvent
from kennisdeling.models import Registration, RegistrationStatus
from kennisdeling.training_services import (
    TrainingError,
    registration_cancel,
    registration_create,
    session_update,
)
from tests import factories

from .conftest import make_session


def register(coordinator, session, department, name):
    return registration_create(
        actor=coordinator,
        session=session,
        department=department,
        name=name,
        email=f"{name.split()[0].lower()}@stad.gent",
    )


def test_seats_first_then_the_waiting_list(session, department, coordinator):
    # given a session with two seats
    # when a coordinator registers themselves and two colleagues
    me = registration_create(
        actor=coordinator, session=session, department=department, user=coordinator
    )
    colleague = register(coordinator, session, department, "An Peeters")
    third = register(coordinator, session, department, "Bart Claes")
    # then the first two have a seat, the third waits
    assert [me.status, colleague.status, third.status] == ["registered", "registered", "waiting"]
    assert me.user == coordinator and me.registered_by == coordinator
    assert list(
        AuditEvent.objects.filter(event_type="TRAINING_REGISTERED").values_list(
            "after__status", flat=True
        )
    ) == ["waiting", "registered", "registered"]


def test_a_cancellation_promotes_the_first_in_line(session, department, coordinator):
    # given a full session with two people waiting
    first = register(coordinator, session, department, "An Peeters")
    register(coordinator, session, department, "Bart Claes")
    waiting_first = register(coordinator, session, department, "Chris Mertens")
    waiting_second = register(coordinator, session, department, "Dirk Wouters")
    # when a seat is cancelled
    promoted = registration_cancel(actor=coordinator, registration=first)
    # then the first in line has the seat, the second still waits
    assert promoted == waiting_first
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "An Peeters": "cancelled",
        "Bart Claes": "registered",
        "Chris Mertens": "registered",
        "Dirk Wouters": "waiting",
    }
    waiting_second.refresh_from_db()
    assert waiting_second.status == RegistrationStatus.WAITING
    event = AuditEvent.objects.get(event_type="TRAINING_REGISTRATION_PROMOTED")
    assert (event.object_id, event.before, event.department) == (
        str(waiting_first.pk),
        {"status": "waiting"},
        department,
    )


def test_cancelling_a_waiting_registration_promotes_nobody(session, department, coordinator):
    register(coordinator, session, department, "An Peeters")
    register(coordinator, session, department, "Bart Claes")
    waiting = register(coordinator, session, department, "Chris Mertens")
    assert registration_cancel(actor=coordinator, registration=waiting) is None
    assert not AuditEvent.objects.filter(event_type="TRAINING_REGISTRATION_PROMOTED").exists()


def test_more_seats_promote_the_waiting_list(session, department, coordinator, consultant):
    for name in ("An Peeters", "Bart Claes", "Chris Mertens"):
        register(coordinator, session, department, name)
    session_update(actor=consultant, session=session, capacity=3)
    assert Registration.objects.filter(status="registered").count() == 3
    with pytest.raises(TrainingError, match="seats are taken|plaatsen zijn bezet"):
        session_update(actor=consultant, session=session, capacity=2)


def test_the_same_person_twice_is_refused(session, department, coordinator):
    registration_create(actor=coordinator, session=session, department=department, user=coordinator)
    with pytest.raises(TrainingError, match="al ingeschreven"):
        registration_create(
            actor=coordinator, session=session, department=department, user=coordinator
        )
    register(coordinator, session, department, "An Peeters")
    with pytest.raises(TrainingError, match="al ingeschreven"):
        registration_create(
            actor=coordinator,
            session=session,
            department=department,
            name="An",
            email="AN@stad.gent",
        )
    assert Registration.objects.count() == 2


def test_the_database_holds_one_active_registration_per_person(session, department, coordinator):
    first = register(coordinator, session, department, "An Peeters")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session,
            department=department,
            name="An",
            email="an@stad.gent",
            registered_at=first.registered_at,
        )
    # a cancelled registration does not count: the person may register again
    registration_cancel(actor=coordinator, registration=first)
    again = register(coordinator, session, department, "An Peeters")
    assert again.status == "registered"


def test_only_for_own_department_before_the_deadline(
    session, department, other_department, coordinator, other_coordinator, auditor, consultant
):
    with pytest.raises(TrainingError, match="eigen dienst"):
        register(coordinator, session, other_department, "An Peeters")
    with pytest.raises(TrainingError, match="eigen dienst"):
        register(auditor, session, department, "An Peeters")
    with time_machine.travel(session.registration_deadline + datetime.timedelta(minutes=1)):
        with pytest.raises(TrainingError, match="uiterste inschrijvingsdatum"):
            register(coordinator, session, department, "An Peeters")
    mine = register(coordinator, session, department, "An Peeters")
    with pytest.raises(TrainingError, match="eigen dienst"):
        registration_cancel(actor=other_coordinator, registration=mine)
    assert Registration.objects.filter(status="registered").count() == 1
    # the office registers for any department
    assert register(consultant, session, other_department, "Bart Claes").status == "registered"


def test_drafts_and_cancelled_sessions_take_no_registrations(consultant, department, coordinator):
    from kennisdeling.training_services import session_cancel

    draft = make_session(consultant, publish=False)
    with pytest.raises(TrainingError, match="niet inschrijven"):
        register(coordinator, draft, department, "An Peeters")
    published = make_session(consultant)
    session_cancel(actor=consultant, session=published)
    with pytest.raises(TrainingError, match="niet inschrijven"):
        register(coordinator, published, department, "An Peeters")


def test_a_colleague_with_an_account_is_that_user(session, department, coordinator):
    colleague = factories.UserFactory(email="lotte.desmet@stad.gent")
    registration = registration_create(
        actor=coordinator,
        session=session,
        department=department,
        name="Lotte De Smet",
        email="Lotte.DeSmet@stad.gent",
    )
    assert (registration.user, registration.email) == (colleague, "lotte.desmet@stad.gent")
