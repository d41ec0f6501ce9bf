"""The insurance register extract (reports/insurance_extract.py): the persons insured per
department on a day, for the register-extract permission only, the national number masked
unless the office asks for the insurer's copy; read back from the PDF (text, data, PDF/A)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from beleid.documents import get_kind
from beleid.documents.rendering import document_render_now
from beleid.models import Document
from beleid.pdf import embedded_data
from insurance import services
from insurance.national_number import mask
from tests import factories
from tests.pdf_checks import counting_server, pdf_text, pdfa_identification

AS_OF = datetime.date(2025, 6, 1)
NUMBER = "85010212357"  # born 2 January 1985
OTHER_NUMBER = "90051704512"  # born 17 May 1990


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def dutch(msgid: str) -> str:
    with translation.override("nl-be"):
        return gettext(msgid)


def volunteer(department, first_name, last_name, *, born, number="", start, end=None):
    person = services.volunteer_register(
        actor=None, department=department, first_name=first_name, last_name=last_name,
        date_of_birth=born, national_number=number)
    engagement = services.engagement_start(actor=None, volunteer=person, start_date=start)
    if end is not None:
        services.engagement_end(actor=None, engagement=engagement, end_date=end)
    return person


@pytest.fixture(autouse=True)
def insurer_needs_numbers(settings):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True


@pytest.fixture
def register(department, other_department):
    """On 1 June 2025: Lies (library-like `department`) and Jan (`other_department`) insured;
    Piet's cover ended in May; Nele starts in July."""
    volunteer(department, "Lies", "Van Acker", born=datetime.date(1985, 1, 2), number=NUMBER,
              start=datetime.date(2025, 1, 1))
    volunteer(other_department, "Jan", "Peeters", born=datetime.date(1990, 5, 17),
              number=OTHER_NUMBER, start=datetime.date(2024, 3, 1))
    volunteer(department, "Piet", "Ended", born=datetime.date(1970, 3, 3),
              start=datetime.date(2024, 1, 1), end=datetime.date(2025, 5, 15))
    volunteer(department, "Nele", "Later", born=datetime.date(1995, 8, 8),
              start=datetime.date(2025, 7, 1))


def extract_auditor():
    auditor = factories.auditor(username="erik")
    auditor.user_permissions.add(Permission.objects.get(
        codename="view_register_extract", content_type__app_label="insurance"))
    return auditor


def render(user, *, insurer_copy=False, as_of=AS_OF) -> tuple[Document, bytes]:
    document = document_render_now(
        kind="insurance_extract", params={"as_of": as_of.isoformat(),
                                          "insurer_copy": insurer_copy},
        language="nl-be", requested_by=user)
    assert document.state == Document.State.READY, document.message
    return document, document.file.read()


def test_the_office_gets_the_insured_persons_per_department_masked(
    register, consultant, department, other_department,
):
    document, pdf = render(consultant)

    text = pdf_text(pdf)
    data = embedded_data(pdf)
    assert [(d["name"], [p["last_name"] for p in d["persons"]]) for d in data["departments"]] \
        == sorted([(department.name, ["Van Acker"]), (other_department.name, ["Peeters"])])
    assert data["persons"] == 2
    assert data["as_of"] == "2025-06-01"
    for expected in ["Van Acker, Lies", "Peeters, Jan", "1 juni 2025", "2 januari 1985",
                     mask(NUMBER), mask(OTHER_NUMBER), department.name, other_department.name,
                     "Pagina 1 van 1"]:
        assert expected in text, expected
    assert "Ended" not in text and "Later" not in text
    for number in (NUMBER, OTHER_NUMBER, "850102", "85.01.02-123"):
        assert number not in text
        assert number not in str(data)
    assert {p["national_number"] for d in data["departments"] for p in d["persons"]} == {
        mask(NUMBER), mask(OTHER_NUMBER)}
    assert pdfa_identification(pdf) == ("3", "B")
    assert document.filename == "verzekeringsregister-2025-06-01.pdf"


def test_the_insurer_copy_for_the_office_shows_the_full_number(register, consultant):
    document, pdf = render(consultant, insurer_copy=True)

    data = embedded_data(pdf)
    assert NUMBER in pdf_text(pdf)
    assert {p["national_number"] for d in data["departments"] for p in d["persons"]} == {
        NUMBER, OTHER_NUMBER}
    assert data["insurer_copy"] is True
    assert document.filename == "verzekeringsregister-2025-06-01-verzekeraar.pdf"


def test_the_as_of_date_decides_who_is_listed(register):
    consultant = factories.consultant(username="sofie")

    _document, before = render(consultant, as_of=datetime.date(2025, 5, 10))
    _document, after = render(consultant, as_of=datetime.date(2025, 7, 2))

    names = {p["first_name"] for d in embedded_data(before)["departments"] for p in d["persons"]}
    assert names == {"Lies", "Jan", "Piet"}
    names = {p["first_name"] for d in embedded_data(after)["departments"] for p in d["persons"]}
    assert names == {"Lies", "Jan", "Nele"}


@pytest.mark.parametrize(("who", "extract", "copy"), [
    ("coordinator", False, False),
    ("auditor", False, False),
    ("extract_auditor", True, False),
    ("consultant", True, True),
    ("administrator", True, True),
])
def test_who_may_ask_for_the_extract_and_the_insurers_copy(db, department, who, extract, copy):
    user = {
        "coordinator": lambda: factories.coordinator_of(department, username="an"),
        "auditor": lambda: factories.auditor(username="marc"),
        "extract_auditor": extract_auditor,
        "consultant": lambda: factories.consultant(username="sofie"),
        "administrator": factories.administrator,
    }[who]()
    kind = get_kind("insurance_extract")

    assert kind.may_request(user, {"as_of": "2025-06-01", "insurer_copy": False}) is extract
    assert kind.may_request(user, {"as_of": "2025-06-01", "insurer_copy": True}) is copy
    assert kind.may_request(user, {"as_of": "not a day", "insurer_copy": False}) is False
    if not copy:
        with pytest.raises(PermissionDenied):
            document_render_now(kind="insurance_extract",
                                params={"as_of": "2025-06-01", "insurer_copy": True},
                                language="nl-be", requested_by=user)


def test_the_auditor_with_the_permission_gets_it_masked_through_the_page(
    client, register, django_capture_on_commit_callbacks,
):
    client.force_login(extract_auditor())
    url = reverse("beleid:document_request", args=["insurance_extract"])
    refused = client.post(url, {"as_of": "2025-06-01", "insurer_copy": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"as_of": "2025-06-01"})

    assert refused.status_code == 404
    document = Document.objects.get()
    assert document.params == {"as_of": "2025-06-01", "insurer_copy": False}
    pdf = document.file.read()
    assert mask(NUMBER) in pdf_text(pdf)
    assert NUMBER not in pdf_text(pdf) and NUMBER not in str(embedded_data(pdf))


def test_a_volunteer_name_with_html_is_text_and_asks_for_nothing(department, consultant):
    with counting_server() as server:
        name = f'<img src="http://127.0.0.1:{server.server_port}/x">'
        volunteer(department, name, "Hacker", born=datetime.date(1980, 1, 1),
                  start=datetime.date(2025, 1, 1))
        _document, pdf = render(consultant)

    assert server.paths == []
    # (a long word may wrap in its cell: compared without the spaces)
    assert f"Hacker,{name}".replace(" ", "") in pdf_text(pdf).replace(" ", "")
    assert embedded_data(pdf)["departments"][0]["persons"][0]["first_name"] == name


def test_the_data_is_read_in_two_queries(register, django_assert_num_queries):
    from reports.insurance_extract import extract_data

    with django_assert_num_queries(2):
        extract_data(as_of=AS_OF, insurer_copy=False)
