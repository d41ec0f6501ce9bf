"""Properties of the import, whatever the file holds (hypothesis): the reader never crashes
(a list of rows, or the whole file refused with a reason); the row checker never crashes and
what it lets through can be stored; every data row of a file is either imported (possibly
with warnings) or reported with its line number."""

import csv
import datetime
import io

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from insurance import services
from insurance.models import Engagement, InsuranceCoverage, Person, Volunteer
from insurance.volunteer_import.file_reader import (
    HEADER_ALIASES,
    ImportFileError,
    SourceRow,
    read_register_file,
)
from insurance.volunteer_import.row_checker import (
    NAME_FIELDS,
    SECONDARY_FIELDS,
    CheckedRow,
    RefusedRow,
    check_row,
)

TODAY = datetime.date(2025, 3, 14)
FIELDS = sorted(set(HEADER_ALIASES.values()))
HEADER = "voornaam;achternaam;geboortedatum;startdatum;einddatum;email;telefoon;adres;taken"
DB_SETTINGS = settings(max_examples=40, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture,
                                              HealthCheck.too_slow])


def _read(data: bytes) -> list[SourceRow] | None:
    try:
        return read_register_file(data)
    except ImportFileError as refused:
        assert str(refused)  # a reason a person can read
        return None


# --- the reader: any bytes --------------------------------------------------------------------

# Text that looks like a list: the characters that make CSV hard.
CSV_TEXT = st.text(alphabet=st.sampled_from(list(';,"\r\n\t ab1/-\x00é\u2028')), max_size=400)


@given(st.binary(max_size=3000))
@example(b"PK\x03\x04")
@example(b"\xef\xbb\xbf\xff")
@example(b'voornaam;achternaam;geboortedatum;startdatum\n"x' + b"y" * 200_000)
def test_the_reader_never_crashes_on_any_bytes(data):
    _read(data)


@given(st.binary(max_size=2000))
def test_the_reader_never_crashes_on_a_damaged_excel_file(data):
    _read(b"PK\x03\x04" + data)


@given(CSV_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_every_row_of_a_list_is_read_once_with_its_line(body, encoding):
    data = (HEADER + "\r\n" + body).encode(encoding, errors="replace")
    rows = _read(data)
    if rows is None:
        return
    line_numbers = [row.line for row in rows]
    assert line_numbers == sorted(set(line_numbers))  # each once, in the order of the file
    assert all(row.line > 1 for row in rows)  # the header is line 1
    for row in rows:
        assert set(row.values) <= set(FIELDS)
        assert bool(row.problem) == (row.values == {})


# --- the checker: any cell values --------------------------------------------------------------

CELL = st.one_of(
    st.none(), st.text(max_size=60), st.text(max_size=400), st.integers(),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(),
    st.datetimes(), st.times(),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 1, 1))
    .map(lambda day: day.strftime("%d/%m/%Y")),
)


# Mostly plausible values, so that many rows pass and what passes is checked too.
GOOD_NAME = st.sampled_from(["Lies", "Van Acker", "Jörg", "De Smet-Claes", "Ев"])
GOOD_BIRTH = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2010, 1, 1))
GOOD_START = st.dates(min_value=datetime.date(2011, 1, 1), max_value=datetime.date(2026, 1, 1))


def mostly(good):
    """A good value three times in four, else any cell at all."""
    return st.sampled_from([good, good, good, CELL]).flatmap(lambda strategy: strategy)


ROW_VALUES = st.fixed_dictionaries(
    {"first_name": mostly(GOOD_NAME), "last_name": mostly(GOOD_NAME),
     "date_of_birth": mostly(GOOD_BIRTH.map(lambda day: day.strftime("%d/%m/%Y"))),
     "start_date": mostly(GOOD_START), "end_date": mostly(st.none()),
     "national_number": mostly(st.sampled_from(["", "85.07.30-033.28"]))},
    optional={name: CELL for name in SECONDARY_FIELDS},
)


@given(ROW_VALUES, st.booleans())
def test_the_checker_never_crashes_and_lets_through_only_what_can_be_stored(
    values, requires_number
):
    from django.test import override_settings

    with override_settings(INSURER_REQUIRES_NATIONAL_NUMBER=requires_number):
        result = check_row(SourceRow(line=7, values=values), today=TODAY)
    assert result.line == 7
    event(type(result).__name__)
    if isinstance(result, RefusedRow):
        assert result.reasons and all(isinstance(reason, str) for reason in result.reasons)
        return
    assert isinstance(result, CheckedRow)
    for name, (_label, longest) in {**NAME_FIELDS, **SECONDARY_FIELDS}.items():
        text = getattr(result, name)
        assert len(text) <= longest, name
        assert not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text), name
    assert result.first_name and result.last_name
    assert datetime.date(1900, 1, 1) <= result.date_of_birth < TODAY
    assert result.start_date > result.date_of_birth
    assert result.end_date is None or result.end_date >= result.start_date
    assert len(result.key) <= Person._meta.get_field("person_key").max_length
    assert set(result.warnings) <= set(SECONDARY_FIELDS)
    assert all(getattr(result, name) == "" for name in result.warnings)


# --- a whole list, into the register ------------------------------------------------------------

NAMES = st.sampled_from(["Lies", "Mo", "Jörg", "Ann", "Ann", "Mo", "", "x" * 120])
BIRTHS = st.sampled_from(["17/05/1990", "1985-07-30", "02-01-1961", "17/05/1990", "",
                          "31/02/1990", "01/01/2030"])
STARTS = st.sampled_from(["01/03/2025", "15-02-2025", "2024-09-01", "01/03/2025", "",
                          "morgen", "2024-09-01"])
ENDS = st.sampled_from(["", "", "", "10/03/2025", "2024-12-31"])
# Secondary values: good, wrong, or any text at all (NUL and other control characters
# included, beyond the first 4 KB of a file they are a cell's problem, not the file's).
SECONDARY = st.one_of(st.sampled_from(["", "josé@voorbeeld.be", "eva-at-example",
                                       "0475 12 34 56", "bel me"]),
                      st.text(max_size=30), st.text(min_size=290, max_size=320))
LIST_ROW = st.one_of(
    st.tuples(NAMES, NAMES, BIRTHS, STARTS, ENDS, SECONDARY, SECONDARY, SECONDARY, SECONDARY),
    # Ann Mo, already engaged here since 1 September 2024 (see the test)
    st.tuples(st.just("Ann"), st.just("Mo"), st.just("30/07/1985"),
              st.sampled_from(["01/09/2024", "01/10/2024", "01/03/2025"]), ENDS,
              SECONDARY, SECONDARY, SECONDARY, SECONDARY),
)


def _csv(rows) -> bytes:
    """A list as Excel writes it; after a comment line of 4 KB (a NUL in the first 4 KB of
    a file says it is no text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER.split(";") + ["opmerking"])
    writer.writerow(["", "", "", "", "", "", "", "", "", "x" * 4096])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


@DB_SETTINGS
@given(st.lists(LIST_ROW, max_size=10))
def test_every_data_row_is_imported_or_reported_with_its_line(department, rows):
    from insurance.volunteer_import.row_writer import volunteers_import

    source = _read(_csv(rows))
    assert source is not None
    # every line that holds something is a data row (the reader drops empty ones only)
    source = source[1:]  # the comment line
    assert len(source) == sum(1 for row in rows if any(cell.strip() for cell in row))
    by_line = {row.line: row for row in source}
    with transaction.atomic():
        # given someone already engaged here, whom a row may repeat, end or contradict
        ann = services.volunteer_register(actor=None, department=department, first_name="Ann",
                                          last_name="Mo", date_of_birth=datetime.date(1985, 7, 30))
        services.engagement_start(actor=None, volunteer=ann, start_date=datetime.date(2024, 9, 1))
        report = volunteers_import(actor=None, department=department, rows=source)
        # then each data row has exactly one result, on its own line
        assert [row.line for row in report.rows] == [row.line for row in source]
        for result in report.rows:
            event(f"{result.status}{' with a warning' if result.warnings else ''}")
            assert not result.warnings or result.status in ("new", "new_here", "engaged")
            if result.status == "error":
                assert result.reason
                continue
            # imported (possibly with warnings): registered, engaged here, and insured
            checked = check_row(by_line[result.line], today=timezone.localdate())
            volunteer = Volunteer.objects.get(person__person_key=checked.key,
                                              department=department)
            assert Engagement.objects.filter(volunteer=volunteer, department=department,
                                             start_date=checked.start_date).exists()
            assert InsuranceCoverage.objects.filter(
                Q(insured_to__isnull=True) | Q(insured_to__gte=checked.start_date),
                person=volunteer.person_id, insured_from__lte=checked.start_date).exists()
        transaction.set_rollback(True)
