"""The training offer's events read in words in the audit trail: the person and the session
by name to who may see the registration, statuses in words, never a raw id or dict."""

import datetime

import time_machine
from django.utils import translation

from beleid import selectors as trail
from beleid.models import AuditEvent
from kennisdeling.training_services import (
    registration_cancel,
    registration_create,
    session_attendance_record,
)


def rows(user, **filters):
    events = AuditEvent.objects.filter(**filters).select_related(
        "actor", "object_type", "department"
    )
    with translation.override("nl-be"):
        return [
            (row.event_label, row.subject, row.changes_text)
            for row in trail.audit_rows(events, user)
        ]


def test_registration_events_in_words(
    session, department, coordinator, other_coordinator, consultant
):
    first = registration_create(
        actor=coordinator,
        session=session,
        department=department,
        name="An Peeters",
        email="an@x.be",
    )
    registration_create(
        actor=coordinator, session=session, department=department, name="Bart Claes", email="b@x.be"
    )
    registration_create(
        actor=coordinator,
        session=session,
        department=department,
        name="Chris Mertens",
        email="c@x.be",
    )
    registration_cancel(actor=coordinator, registration=first)
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=1), tick=False):
        session_attendance_record(
            actor=consultant, session=session, attendance={first.pk + 1: "present"}
        )
    title = session.title
    found = rows(coordinator, department=department)
    assert found == [
        (
            "Aanwezigheid op een vorming geregistreerd",
            f"Bart Claes · {title}",
            f"sessie: {title}; aanwezigheid: Niet geregistreerd → Aanwezig",
        ),
        (
            "Doorgeschoven van de wachtlijst van een vorming",
            f"Chris Mertens · {title}",
            f"sessie: {title}; status: Op de wachtlijst → Ingeschreven",
        ),
        (
            "Inschrijving voor een vorming geannuleerd",
            f"An Peeters · {title}",
            f"sessie: {title}; status: Ingeschreven → Geannuleerd",
        ),
        (
            "Ingeschreven voor een vormingssessie",
            f"Chris Mertens · {title}",
            f"sessie: {title}; status: Op de wachtlijst",
        ),
        (
            "Ingeschreven voor een vormingssessie",
            f"Bart Claes · {title}",
            f"sessie: {title}; status: Ingeschreven",
        ),
        (
            "Ingeschreven voor een vormingssessie",
            f"An Peeters · {title}",
            f"sessie: {title}; status: Ingeschreven",
        ),
    ]
    # another department's coordinator reads no names
    other = {subject for _, subject, _ in rows(other_coordinator, department=department)}
    assert all(subject.startswith("Inschrijving ") for subject in other)
