import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils.formats import date_format

from beleid.models import AuditEvent
from insurance.models import Engagement, InsuranceCoverage, Person, Volunteer
from insurance.volunteer_import.file_reader import ImportFileError, read_register_file
from insurance.volunteer_import.row_writer import ImportReport, volunteers_import

GOOD_ROWS = [
    ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", "lies@example.be"],
    ["Jörg", "Dewaële", "1985-07-30", "15-02-2025", "", ""],
    ["Ann", "Peeters", "02-01-1961", "2024-09-01", "31/12/2024", ""],
]
DUTCH_HEADER = ["voornaam", "achternaam", "geboortedatum", "startdatum", "einddatum", "e-mail"]
ENGLISH_HEADER = ["first_name", "last_name", "date_of_birth", "start_date", "end_date", "email"]


def csv_bytes(header, rows, *, delimiter=",", encoding="utf-8", bom=False):
    text = "\r\n".join(delimiter.join(row) for row in [header, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(data, department, dry_run=False):
    return volunteers_import(actor=None, department=department,
                             rows=read_register_file(data), dry_run=dry_run)


def table_counts():
    return (Volunteer.objects.count(), Engagement.objects.count(),
            InsuranceCoverage.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(ENGLISH_HEADER, GOOD_ROWS),
        csv_bytes(DUTCH_HEADER, GOOD_ROWS, delimiter=";", bom=True),
        csv_bytes(DUTCH_HEADER, GOOD_ROWS, delimiter=";", encoding="cp1252"),
        csv_bytes(["Voornaam", "Achternaam", "Geboortedatum", "Start datum", "Einddatum",
                   "E-mail"], GOOD_ROWS, delimiter=";", encoding="utf-8"),
        xlsx_bytes(DUTCH_HEADER, GOOD_ROWS),
    ],
    ids=["csv-comma-utf8", "csv-semicolon-bom", "csv-windows-1252", "headers-capitalised",
         "xlsx"],
)
def test_a_good_file_imports_every_row(frozen_today, department, data):
    # when
    report = run_import(data, department)
    # then
    assert report.counts == {"new": 3, "new_here": 0, "engaged": 0, "ended": 0, "insured": 0,
                             "unchanged": 0, "error": 0}
    assert sorted(Volunteer.objects.values_list("last_name", "first_name", "date_of_birth")) == [
        ("Dewaële", "Jörg", datetime.date(1985, 7, 30)),
        ("Peeters", "Ann", datetime.date(1961, 1, 2)),
        ("Van Acker", "Lies", datetime.date(1990, 5, 17)),
    ]
    # the ongoing engagements are insured from their start; the ended one for its period
    covers = sorted(InsuranceCoverage.objects.values_list(
        "person__last_name", "insured_from", "insured_to"))
    assert covers == [
        ("Dewaële", datetime.date(2025, 2, 15), None),
        ("Peeters", datetime.date(2024, 9, 1), datetime.date(2024, 12, 31)),
        ("Van Acker", datetime.date(2025, 3, 1), None),
    ]


def test_xlsx_with_real_date_cells(frozen_today, department):
    # Excel stores naive date-times
    born = datetime.datetime(1970, 4, 3)  # noqa: DTZ001
    data = xlsx_bytes(ENGLISH_HEADER, [["Els", "Maes", born,
                                        datetime.date(2025, 1, 6), None, None]])
    report = run_import(data, department)
    assert report.counts["new"] == 1
    assert Engagement.objects.get().start_date == datetime.date(2025, 1, 6)


def test_reimporting_the_same_file_creates_no_duplicates(frozen_today, department):
    # given
    data = csv_bytes(ENGLISH_HEADER, GOOD_ROWS)
    run_import(data, department)
    before = table_counts()
    # when
    report = run_import(data, department)
    # then
    assert report.counts == {"new": 0, "new_here": 0, "engaged": 0, "ended": 0, "insured": 0,
                             "unchanged": 3, "error": 0}
    assert table_counts()[:3] == before[:3]


def test_a_person_known_in_another_department_is_new_there_and_insured_once(
    frozen_today, department, other_department
):
    run_import(csv_bytes(ENGLISH_HEADER, GOOD_ROWS[:1]), department)
    report = run_import(csv_bytes(ENGLISH_HEADER, GOOD_ROWS[:1]), other_department)
    assert report.counts == {"new": 0, "new_here": 1, "engaged": 0, "ended": 0,
                             "insured": 0, "unchanged": 0, "error": 0}
    # one person, a record in each department, insured once
    assert (Person.objects.count(), Volunteer.objects.count(), Engagement.objects.count(),
            InsuranceCoverage.objects.count()) == (1, 2, 2, 1)


BAD_ROWS = [
    ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""],  # line 2: good
    ["", "Peeters", "17/05/1990", "01/03/2025", "", ""],  # 3
    ["Jan", "Claes", "31/02/1990", "01/03/2025", "", ""],  # 4
    ["Jan", "Claes", "1990.05.17", "01/03/2025", "", ""],  # 5
    ["Mo", "Benali", "17/05/1990", "", "", ""],  # 6
    ["Mo", "Benali", "17/05/1990", "01/03/2025", "01/01/2025", ""],  # 7
    ["Eva", "Smet", "17/05/1990", "01/03/2025", "", "eva-at-example"],  # 8: a warning only
    ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""],  # 9: duplicate of line 2
    ["Kim", "Janssens", "17/05/2030", "01/03/2025", "", ""],  # 10
    ["Sara", "Wouters", "01/02/1999", "01/03/2025", "", ""],  # 11: good
]


def test_each_bad_row_is_named_with_line_and_reason_and_no_good_row_is_lost(
    frozen_today, department
):
    # when
    report = run_import(csv_bytes(ENGLISH_HEADER, BAD_ROWS), department)
    # then
    assert [(row.line, row.reason) for row in report.errors] == [
        (3, "first name is missing"),
        (4, "date of birth '31/02/1990' is not a date (dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)"),
        (5, "date of birth '1990.05.17' is not a date (dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)"),
        (6, "start date is missing"),
        (7, "end date lies before the start date"),
        (9, "same person and start date as line 2"),
        (10, f"date of birth {date_format(datetime.date(2030, 5, 17), 'DATE_FORMAT')} is not "
                 "plausible; "
             "start date lies before the date of birth"),
    ]
    assert [(row.line, row.status, row.warnings) for row in report.rows
            if row.status != "error"] == [
        (2, ImportReport.NEW, []),
        (8, ImportReport.NEW,
         ["e-mail address 'eva-at-example' is not valid and was left empty"]),
        (11, ImportReport.NEW, []),
    ]
    assert sorted(Volunteer.objects.values_list("last_name", "email")) == [
        ("Smet", ""), ("Van Acker", ""), ("Wouters", "")]
    assert InsuranceCoverage.objects.filter(insured_to__isnull=True).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n\r\n", "The file is empty."),
        (b"PK\x03\x04garbage-not-a-zip", "The Excel file cannot be opened."),
        (b"\x00\x01\x02binary", "This is not a text (CSV) or Excel (XLSX) file."),
        (b"\x81\x8d\x8f\x90\x9d", "The file is neither UTF-8 nor Windows-1252 text, "
                                   "nor an Excel file."),
        (b"name,birthday\nLies,17/05/1990\n", "Line 1 lacks the required columns: "
         "first_name, last_name, date_of_birth, start_date. Expected voornaam/first_name, "
         "achternaam/last_name, geboortedatum/date_of_birth, startdatum/start_date."),
    ],
    ids=["empty", "blank-lines", "corrupt-xlsx", "binary", "bad-encoding", "wrong-columns"],
)
def test_an_unreadable_file_is_refused_and_nothing_is_written(department, data, message):
    with pytest.raises(ImportFileError, match=re.escape(message)) as error:
        read_register_file(data)
    assert str(error.value) == message
    assert table_counts() == (0, 0, 0, 0)


def test_dry_run_reports_but_writes_nothing(frozen_today, department):
    report = run_import(csv_bytes(ENGLISH_HEADER, GOOD_ROWS), department, dry_run=True)
    assert report.counts == {"new": 3, "new_here": 0, "engaged": 0, "ended": 0, "insured": 0,
                             "unchanged": 0, "error": 0}
    assert table_counts() == (0, 0, 0, 0)


def test_import_writes_audit_events_per_change_and_a_summary(frozen_today, department):
    run_import(csv_bytes(ENGLISH_HEADER, GOOD_ROWS), department)
    types = list(AuditEvent.objects.values_list("event_type", flat=True))
    assert (types.count("VOLUNTEER_REGISTERED"), types.count("ENGAGEMENT_STARTED"),
            types.count("VOLUNTEER_INSURED"), types.count("VOLUNTEERS_IMPORTED")) == (3, 3, 3, 1)
    summary = AuditEvent.objects.get(event_type="VOLUNTEERS_IMPORTED")
    assert summary.after == {"new": 3, "new_here": 0, "engaged": 0, "ended": 0, "insured": 0,
                             "unchanged": 0, "error": 0, "warnings": 0, "dry_run": False}


def test_queries_per_batch_do_not_grow_with_its_rows(frozen_today, department,
                                                  other_department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(rows, target):
        parsed = read_register_file(csv_bytes(ENGLISH_HEADER, rows))
        with CaptureQueriesContext(connection) as context:
            report = volunteers_import(actor=None, department=target, rows=parsed)
        assert report.counts["new"] == len(rows)
        return len(context.captured_queries)

    # (small batches, so that SQLite does not split an INSERT for its variable limit)
    ten = [["Naam", f"Tien{n}", "01/01/1980", "01/03/2025", "", ""] for n in range(10)]
    thirty = [["Naam", f"Dertig{n}", "01/01/1980", "01/03/2025", "", ""] for n in range(30)]
    assert queries_for(ten, department) == queries_for(thirty, other_department)


def test_national_number_is_checked_when_the_insurer_requires_it(frozen_today, department,
                                                                 settings):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    header = [*ENGLISH_HEADER, "rijksregisternummer"]
    rows = [["Jan", "Peeters", "30/07/1985", "01/03/2025", "", "", "85.07.30-033.28"],
            ["An", "Claes", "30/07/1985", "01/03/2025", "", "", "85.07.30-033.29"]]
    report = run_import(csv_bytes(header, rows), department)
    assert [(r.line, r.status, r.reason) for r in report.rows] == [
        (2, "new", ""),
        (3, "error", "national register number is not valid (check digits)"),
    ]
    assert Person.objects.get().national_number == "85073003328"


def test_national_number_is_ignored_when_not_required(frozen_today, department):
    header = [*ENGLISH_HEADER, "rijksregisternummer"]
    rows = [["Jan", "Peeters", "30/07/1985", "01/03/2025", "", "", "85.07.30-033.28"]]
    run_import(csv_bytes(header, rows), department)
    assert Person.objects.get().national_number == ""


def test_command_imports_and_exits_non_zero_when_a_row_failed(frozen_today, department,
                                                              tmp_path, capsys):
    # given
    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_bytes(ENGLISH_HEADER, BAD_ROWS[:3]))
    # when / then
    with pytest.raises(CommandError, match="2 rows failed"):
        call_command("import_volunteers", str(path), "--department", department.slug)
    out = capsys.readouterr()
    assert "line 3: first name is missing" in out.err
    assert "1 new volunteers" in out.out
    assert Volunteer.objects.count() == 1


def test_command_succeeds_on_a_good_file_and_dry_run_writes_nothing(frozen_today, department,
                                                                    tmp_path, capsys):
    path = tmp_path / "lijst.xlsx"
    path.write_bytes(xlsx_bytes(DUTCH_HEADER, GOOD_ROWS))
    call_command("import_volunteers", str(path), "--department", department.slug, "--dry-run")
    assert Volunteer.objects.count() == 0
    call_command("import_volunteers", str(path), "--department", department.slug)
    assert Volunteer.objects.count() == 3
    assert "Imported: 3 new volunteers" in capsys.readouterr().out


def test_command_refuses_an_unreadable_file(department, tmp_path):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x00\x00\x00")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_volunteers", str(path), "--department", department.slug)
    assert table_counts() == (0, 0, 0, 0)


def test_command_shows_progress_and_every_row_when_verbose(frozen_today, department, tmp_path,
                                                           capsys, monkeypatch):
    from insurance.management.commands import import_volunteers

    monkeypatch.setattr(import_volunteers, "PROGRESS_FROM_ROWS", 2)
    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_bytes(ENGLISH_HEADER, GOOD_ROWS))
    call_command("import_volunteers", str(path), "--department", department.slug,
                 "--verbosity", "2")
    assert capsys.readouterr().out.splitlines() == [
        "  3/3 rows",
        "line 2: new", "line 3: new", "line 4: new",
        "Imported: 3 new volunteers, 0 new in the department (already on the city's "
        "insurance), 0 engaged again, 0 engagements ended, 0 insured again, 0 already in the "
        "register, 0 rows failed, 0 imported with a warning.",
    ]
