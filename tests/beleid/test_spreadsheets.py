"""The bounded reader of every imported list (beleid/spreadsheets.py)."""

import pytest
from django.utils import translation

from beleid.spreadsheets import Bounds, SpreadsheetError, read_rows
from tests import hostile_files

SMALL = Bounds(max_rows=5, max_columns=6, max_seconds=60, max_unpacked_bytes=2 * 2**20)


def refusal(data: bytes, bounds: Bounds | None = None) -> str:
    with translation.override("nl-be"), pytest.raises(SpreadsheetError) as refused:
        read_rows(data, bounds)
    return str(refused.value)


def test_a_good_xlsx_is_read_with_its_line_numbers():
    rows = read_rows(hostile_files.good_list("Lies", "Eva"))
    assert [(row.line, row.cells) for row in rows] == [
        (1, ["voornaam", "achternaam", "geboortedatum", "startdatum"]),
        (2, ["Lies", "Peeters", "17/05/1990", "01/03/2025"]),
        (3, ["Eva", "Peeters", "17/05/1990", "01/03/2025"]),
    ]


def test_the_declared_dimension_is_not_trusted():
    # A1:XFD1048576 with a cell in the very last row and column: refused for that column,
    # without building the rows in between
    assert refusal(hostile_files.dimension_bomb()) == (
        "Regel 1048576 heeft een waarde in kolom 16384; een lijst heeft hoogstens 50 kolommen.")


def test_a_file_with_a_million_rows_stops_at_the_row_limit(settings):
    settings.SPREADSHEET_MAX_ROWS = 1000
    assert refusal(hostile_files.million_rows()) == (
        "Het bestand heeft meer dan 1000 regels met inhoud (de kopregel meegeteld); splits "
        "het in kleinere lijsten.")


def test_the_row_limit_counts_lines_with_content_only():
    # the header and five lines fit a limit of six, not of five
    names = ["A", "B", "C", "D", "E"]
    assert len(read_rows(hostile_files.good_list(*names),
                         Bounds(6, 6, 60, 2**21))) == 6
    assert "meer dan 5 regels" in refusal(hostile_files.good_list(*names), SMALL)


def test_a_value_beyond_the_column_limit_is_refused_by_line_and_column():
    assert refusal(hostile_files.wide_row()) == (
        "Regel 2 heeft een waarde in kolom 60; een lijst heeft hoogstens 50 kolommen.")


def test_a_csv_line_beyond_the_column_limit_is_refused_too():
    data = b"voornaam;achternaam\r\nLies;" + b";" * 10 + b"x\r\n"
    assert refusal(data, SMALL) == (
        "Regel 2 heeft een waarde in kolom 12; een lijst heeft hoogstens 6 kolommen.")


def test_empty_cells_at_the_end_of_a_line_do_not_count_as_columns():
    data = b"voornaam;achternaam" + b";" * 100 + b"\r\nLies;Peeters" + b";" * 100 + b"\r\n"
    assert [row.cells for row in read_rows(data, SMALL)] == [
        ["voornaam", "achternaam"], ["Lies", "Peeters"]]


def test_an_xlsx_too_large_unpacked_is_refused_before_it_is_read():
    assert refusal(hostile_files.unpacked_bomb(3), SMALL) == (
        "Het Excelbestand zou uitgepakt 3 MB groot zijn; er wordt hoogstens 2 MB gelezen. "
        "Bewaar enkel de lijst, zonder andere tabbladen of afbeeldingen.")


def test_reading_stops_at_the_time_limit():
    slow = Bounds(max_rows=2_000_000, max_columns=50, max_seconds=0, max_unpacked_bytes=2**30)
    assert refusal(hostile_files.million_rows(), slow).startswith(
        "Het lezen van het bestand duurde langer dan 0 seconden")


@pytest.mark.parametrize("data", [b"", b"  \r\n", b";;;\r\n;;\r\n"])
def test_an_empty_file_is_refused(data):
    assert refusal(data) == "Het bestand is leeg."


def test_a_damaged_xlsx_is_refused():
    data = hostile_files.good_list("Lies")
    assert refusal(data[: len(data) // 2]) == "Het Excelbestand kan niet geopend worden."
