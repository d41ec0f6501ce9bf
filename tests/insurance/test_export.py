import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from beleid.models import AuditEvent
from insurance import exporters, services


def whole_city(*, fmt="csv", since=None) -> bytes:
    return exporters.render(exporters.insurer_rows(since=since), fmt=fmt)


def parse_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+32 9 123", "'+32 9 123"),
     ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("Van Acker", "Van Acker"), (42, 42), (None, None)],
)
def test_cells_starting_like_a_formula_are_neutralised(value, expected):
    assert exporters.neutralise(value) == expected


def test_full_list_holds_everyone_insured_today(register, coordinator):
    # given two insured, one whose cover ended
    register(first_name="Lies", last_name="Van Acker")
    register(first_name="Jan", last_name="=cmd|' /C calc'!A0", born=datetime.date(1980, 1, 1))
    _gone, engagement = register(first_name="Piet", last_name="Weg",
                                 born=datetime.date(1970, 1, 1), start=datetime.date(2024, 1, 1))
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2025, 1, 31))
    # when
    rows = parse_csv(whole_city())
    # then
    assert rows[0] == ["policy", "volunteer number", "last name", "first name", "date of birth",
                       "insured from", "insured to"]
    assert [row[2:5] for row in rows[1:]] == [
        ["'=cmd|' /C calc'!A0", "Jan", "01/01/1980"],
        ["Van Acker", "Lies", "17/05/1990"],
    ]


def test_changes_since_a_date_list_additions_and_removals(frozen_today, department,
                                                          coordinator):
    # given one volunteer registered on 1 March, one on 14 March who leaves the same day
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        early = services.volunteer_register(
            actor=coordinator, department=department, first_name="Vroeg", last_name="Een",
            date_of_birth=datetime.date(1980, 1, 1))
        first = services.engagement_start(actor=coordinator, volunteer=early,
                                          start_date=datetime.date(2025, 3, 1))
    late = services.volunteer_register(
        actor=coordinator, department=department, first_name="Laat", last_name="Twee",
        date_of_birth=datetime.date(1981, 1, 1))
    services.engagement_start(actor=coordinator, volunteer=late,
                              start_date=datetime.date(2025, 3, 10))
    services.engagement_end(actor=coordinator, engagement=first,
                            end_date=datetime.date(2025, 3, 12))
    # when
    rows = parse_csv(whole_city(since=datetime.date(2025, 3, 5)))
    # then
    assert rows[0][0] == "change"
    assert [(row[0], row[3], row[6], row[7]) for row in rows[1:]] == [
        ("added", "Twee", "10/03/2025", ""),
        ("removed", "Een", "01/03/2025", "12/03/2025"),
    ]


def test_xlsx_export_is_neutralised_too(register):
    register(first_name="@Jan", last_name="Peeters")
    workbook = openpyxl.load_workbook(io.BytesIO(whole_city(fmt="xlsx")))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[1][2:4] == ("Peeters", "'@Jan")


def test_national_number_appears_only_in_the_insurers_list_when_required(register, settings):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    register(born=datetime.date(1985, 7, 30), national_number="85073003328")
    rows = parse_csv(whole_city())
    assert rows[0][5] == "national register number"
    assert rows[1][5] == "85073003328"


def test_export_command_writes_the_file_and_an_audit_event(register, tmp_path, capsys):
    register()
    out = tmp_path / "lijst.xlsx"
    call_command("export_insurance", "--format", "xlsx", "--changes-since", "01/03/2025",
                 "--out", str(out))
    workbook = openpyxl.load_workbook(out)
    assert [row[0] for row in workbook.active.iter_rows(values_only=True)] == ["change", "added"]
    event = AuditEvent.objects.get(event_type="INSURANCE_EXPORTED")
    assert event.after == {"format": "xlsx", "since": "2025-03-01"}


def test_the_list_holds_one_row_per_insured_person_of_the_whole_city(
    register, other_department
):
    # given Lies in two departments (the museums spelled her name their way), Mo in one
    register(first_name="Lies", last_name="Van Acker", start=datetime.date(2025, 3, 1))
    register(first_name="LIES", last_name="van acker", target=other_department,
             start=datetime.date(2025, 1, 6))
    register(first_name="Mo", last_name="Benali", born=datetime.date(1988, 11, 3),
             target=other_department)
    # when
    rows = parse_csv(whole_city())
    # then one row each: the person as first registered, insured from the earliest start
    assert [(row[2], row[3], row[5]) for row in rows[1:]] == [
        ("Benali", "Mo", "01/03/2025"), ("Van Acker", "Lies", "06/01/2025")]


def test_only_the_office_takes_the_list_and_a_refusal_writes_nothing(
    register, coordinator, auditor, consultant
):
    register()
    for user in (coordinator, auditor):
        with pytest.raises(PermissionDenied, match="Only the office takes the insurer's list"):
            exporters.insurer_list_export(actor=user, fmt="csv")
    assert not AuditEvent.objects.filter(event_type="INSURANCE_EXPORTED").exists()
    # an auditor with the register-extract permission takes it as the office does
    auditor.user_permissions.add(Permission.objects.get(codename="view_register_extract"))
    auditor = type(auditor).objects.get(pk=auditor.pk)
    assert parse_csv(exporters.insurer_list_export(actor=auditor, fmt="csv"))[1][2] == (
        "Van Acker")


def test_taking_the_list_is_recorded(register, consultant):
    register()
    exporters.insurer_list_export(actor=consultant, fmt="xlsx", since=datetime.date(2025, 3, 1))
    assert [(e.actor, e.after) for e in AuditEvent.objects.filter(
        event_type="INSURANCE_EXPORTED").order_by("id")] == [
        (consultant, {"format": "xlsx", "since": "2025-03-01"}),
    ]


def test_no_scoped_read_takes_no_user_to_mean_everyone():
    """Work for the whole city calls a function named so; none takes `user=None`."""
    import inspect

    from insurance import selectors

    for module in (exporters, selectors):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            user = inspect.signature(function).parameters.get("user")
            assert user is None or user.default is inspect.Parameter.empty, name
