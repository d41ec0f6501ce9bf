"""The matrix as XLSX and CSV, read back: the filtered departments (every page), each
step's status in words with "overdue" and its due date, approved of total; CSV as the
project's other exports (semicolons, UTF-8 with BOM)."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from beleid.services.departments import department_update

XLSX, CSV = reverse("overview:office_xlsx"), reverse("overview:office_csv")
HEADER = ["Department", "Organisation", "Cluster", "Welfare decree", "Vision", "Onboarding",
          "Insurance", "Training", "Steps approved", "Steps", "Steps overdue", "Plan"]


@pytest.fixture
def office(client, city):
    client.force_login(city.consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    return client


def read_xlsx(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def read_csv(response) -> list[list]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_xlsx_holds_the_filtered_matrix_in_words(office, city):
    response = office.get(XLSX)

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="alle-diensten-2026-' in response["Content-Disposition"]
    rows = read_xlsx(response)
    due = date_format(city.yesterday, "DATE_FORMAT")
    assert rows == [
        HEADER,
        ["Bibliotheek", "City of Ghent", "Cultuur", "no", "Approved", "Submitted for review",
         "Being completed", "Being completed", 1, 4, 0, "running"],
        ["Musea", "City of Ghent", "Cultuur", "no", f"Being completed, overdue (due {due})",
         "Being completed", "Being completed", "Being completed", 0, 4, 1, "running"],
        ["Woonzorgcentrum", "OCMW Ghent", "Zorg", "yes",
         f"Submitted for review, overdue (due {due})", "Being completed", "Being completed",
         "Being completed", 0, 4, 1, "running"],
    ]


def test_the_csv_holds_the_same_with_the_filters_and_order_of_the_page(office, city):
    response = office.get(CSV, {"overdue": "on", "organisation": "ocmw", "page": "2"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["Woonzorgcentrum"]
    assert rows[1][8:11] == ["0", "4", "1"]

    by_progress = read_csv(office.get(CSV, {"sort": "fewest_approved"}))
    assert [row[0] for row in by_progress[1:]] == ["Musea", "Woonzorgcentrum", "Bibliotheek"]


def test_the_exports_of_another_round(office, city):
    rows = read_xlsx(office.get(XLSX, {"year": 2025}))
    assert [row[0] for row in rows[1:]] == ["Bibliotheek", "Musea"]
    assert rows[1][4] == "Approved"


def test_a_department_named_like_a_formula_is_inert(office, city):
    department_update(actor=city.consultant, department=city.museums,
                      name='=HYPERLINK("http://x")')

    assert read_csv(office.get(CSV))[1][0].startswith("'=")
    assert any(str(row[0]).startswith("'=") for row in read_xlsx(office.get(XLSX)))
