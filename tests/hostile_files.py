"""Spreadsheets that a careless or hostile upload could be, built in the test (none is kept in
the repository): an XLSX is a zip of XML parts, and these write those parts by hand."""

import io
import zipfile
from collections.abc import Iterable

HEADER = ("voornaam", "achternaam", "geboortedatum", "startdatum")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'  # noqa: E501
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'  # noqa: E501
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Lijst" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'  # noqa: E501
    "</Relationships>"
)


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row(line: int, cells: Iterable[tuple[int, str]]) -> str:
    body = "".join(
        f'<c r="{_column(column)}{line}" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in cells
    )
    return f'<row r="{line}">{body}</row>'


def xlsx(rows: Iterable[str], *, dimension: str = "A1:D2", extra_parts=()) -> bytes:
    """An XLSX whose first sheet declares `dimension` and holds the XML `rows` (see `_row`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimension}"/>'.encode() + b"<sheetData>")
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
        for name, data in extra_parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def header_row() -> str:
    return _row(1, enumerate(HEADER, start=1))


def dimension_bomb() -> bytes:
    """The probe's file: it declares the whole sheet (A1:XFD1048576) and holds a header and
    one cell in the very last row and column. A reader that trusts the dimension builds a
    million rows of 16,384 cells."""
    return xlsx([header_row(), _row(1_048_576, [(16_384, "x")])], dimension="A1:XFD1048576")


def million_rows() -> bytes:
    """A small file (about 100 KB) with a header and a million rows of junk: rows and cells
    may leave out their numbers (each is the next), so the rows are the same bytes."""
    junk = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx([header_row(), *([junk] * 1_000_000)], dimension="A1:D1000001")


def wide_row() -> bytes:
    """A header, then a line with a value in column 60."""
    return xlsx([header_row(), _row(2, [(1, "Lies"), (60, "te ver")])], dimension="A1:BH2")


def unpacked_bomb(megabytes: int) -> bytes:
    """A valid list with an extra part of `megabytes` of zeros (it packs to almost nothing)."""
    return xlsx([header_row()], extra_parts=[("xl/media/zeros.bin", b"\0" * megabytes * 2**20)])


def good_list(*names: str) -> bytes:
    """A valid register list: a header and one line per first name."""
    rows = [header_row()] + [
        _row(line, enumerate((name, "Peeters", "17/05/1990", "01/03/2025"), start=1))
        for line, name in enumerate(names, start=2)
    ]
    return xlsx(rows, dimension=f"A1:D{len(rows)}")
