"""Importing an attendance list: a result per line (line number and reason when it matches
no seat), confirmed in one transaction; the reader's bounds and Belgian-Excel tolerance."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core import signing

from beleid.models import AuditEvent
from kennisdeling import training_import
from kennisdeling.models import Registration
from kennisdeling.training_services import (
    TrainingError,
    registration_create,
    session_attendance_record,
)

from .conftest import make_session


@pytest.fixture
def full_session(consultant, department, coordinator):
    """A session with three seats taken and one person waiting, started an hour ago."""
    session = make_session(consultant, capacity=3)
    for name, email in [
        ("An Peeters", "an.peeters@stad.gent"),
        ("Bart Claes", "bart.claes@stad.gent"),
        ("Chloë Mertens", "chloe.mertens@stad.gent"),
        ("Dirk Wouters", "dirk.wouters@stad.gent"),
    ]:
        registration_create(
            actor=coordinator, session=session, department=department, name=name, email=email
        )
    traveller = time_machine.travel(session.starts_at + datetime.timedelta(hours=1), tick=False)
    traveller.start()
    yield session
    traveller.stop()


def csv(text: str) -> bytes:
    # as Belgian Excel saves it: semicolons, Windows-1252
    return text.replace("\n", "\r\n").encode("cp1252")


def test_a_result_per_line_with_line_number_and_reason(full_session):
    data = csv(
        "Naam;E-mail;Aanwezig\n"
        "An Peeters;AN.PEETERS@stad.gent;ja\n"  # line 2: by e-mail, case aside
        "chloe  mertens;;x\n"  # line 3: by name, accents and spaces aside
        "Bart Claes;bart.claes@stad.gent;nee\n"  # line 4: absent
        "Dirk Wouters;dirk.wouters@stad.gent;ja\n"  # line 5: on the waiting list
        "Eva Janssens;eva@stad.gent;ja\n"  # line 6: not registered
        "An Peeters;an.peeters@stad.gent;ja\n"  # line 7: twice
        ";;ja\n"  # line 8: nobody
        "Bart Claes;;misschien\n"  # line 9: unknown attendance
    )
    preview = training_import.match_attendance(session=full_session, data=data)
    results = [
        (line.line, line.registration.name if line.matched else line.problem)
        for line in preview.lines
    ]
    assert results == [
        (2, "An Peeters"),
        (3, "Chloë Mertens"),
        (4, "Bart Claes"),
        (5, "Dirk Wouters staat op de wachtlijst, zonder plaats."),
        (6, "Niemand met dit e-mailadres of deze naam is ingeschreven voor deze sessie."),
        (7, "An Peeters staat al op regel 2."),
        (8, "Geen e-mailadres of naam op deze regel."),
        (9, '"misschien" is geen aanwezigheid: schrijf aanwezig of afwezig (of ja / nee).'),
    ]
    names = {line.registration.name: line.attendance for line in preview.matched}
    assert names == {"An Peeters": "present", "Chloë Mertens": "present", "Bart Claes": "absent"}


def test_confirm_records_the_good_lines_in_one_go(full_session, consultant):
    data = csv("e-mail\nan.peeters@stad.gent\nbart.claes@stad.gent\nonbekend@stad.gent\n")
    preview = training_import.match_attendance(session=full_session, data=data)
    token = training_import.sign_preview(session=full_session, preview=preview)
    attendance, left_out = training_import.unsign_preview(session=full_session, token=token)
    assert left_out == 1
    changed = session_attendance_record(
        actor=consultant, session=full_session, attendance=attendance, source="import"
    )
    assert changed == 2
    assert dict(Registration.objects.values_list("name", "attendance")) == {
        "An Peeters": "present",
        "Bart Claes": "present",
        "Chloë Mertens": "not_recorded",
        "Dirk Wouters": "not_recorded",
    }
    events = AuditEvent.objects.filter(event_type="TRAINING_ATTENDANCE_RECORDED")
    assert [event.after["source"] for event in events] == ["import", "import"]


def test_nothing_is_half_written(full_session, consultant):
    # one registration of the confirmation lost its seat meanwhile: nothing is recorded
    seats = list(Registration.objects.filter(status="registered").values_list("pk", flat=True))
    waiting = Registration.objects.get(status="waiting").pk
    with pytest.raises(TrainingError):
        session_attendance_record(
            actor=consultant,
            session=full_session,
            attendance={seats[0]: "present", waiting: "present"},
        )
    assert set(Registration.objects.values_list("attendance", flat=True)) == {"not_recorded"}
    assert not AuditEvent.objects.filter(event_type="TRAINING_ATTENDANCE_RECORDED").exists()


def test_a_token_of_another_session_or_changed_is_refused(full_session, consultant):
    preview = training_import.match_attendance(
        session=full_session, data=csv("e-mail\nan.peeters@stad.gent\n")
    )
    token = training_import.sign_preview(session=full_session, preview=preview)
    other = make_session(consultant, days_ahead=-1 + 20)
    with pytest.raises(signing.BadSignature):
        training_import.unsign_preview(session=other, token=token)
    with pytest.raises(signing.BadSignature):
        training_import.unsign_preview(session=full_session, token=token[:-2] + "xx")


def test_an_xlsx_list_with_first_and_last_name(full_session):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Voornaam", "Achternaam", "Aanwezigheid"])
    sheet.append(["Bart", "Claes", "aanwezig"])
    sheet.append(["An", "Peeters", "afwezig"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = training_import.match_attendance(session=full_session, data=buffer.getvalue())
    assert [(line.line, line.registration.name, line.attendance) for line in preview.lines] == [
        (2, "Bart Claes", "present"),
        (3, "An Peeters", "absent"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Het bestand is leeg."),
        (b"telefoon;adres\n0470;Gent\n", "Regel 1 mist een kolom voor het e-mailadres"),
    ],
)
def test_a_file_that_is_no_list_is_refused_whole(full_session, data, message):
    with pytest.raises(training_import.AttendanceFileError, match=message):
        training_import.match_attendance(session=full_session, data=data)


def test_the_readers_bounds_hold(full_session, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    data = csv("e-mail\n" + "".join(f"x{n}@stad.gent\n" for n in range(10)))
    with pytest.raises(training_import.AttendanceFileError, match="meer dan 3 regels"):
        training_import.match_attendance(session=full_session, data=data)
