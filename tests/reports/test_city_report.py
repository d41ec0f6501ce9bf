"""The city-wide report (reports/city_report.py): the overview's matrix of this year's round,
its totals, the overdue work, the earlier years and the requirements not met, made through
the documents' pipeline and read back from the PDF (text, page numbers, PDF/A, data)."""


import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from beleid.documents import get_kind
from beleid.documents.rendering import document_render_now
from beleid.models import Document
from beleid.pdf import embedded_data
from tests import factories
from tests.overview.conftest import LAST_YEAR, THIS_YEAR, city  # noqa: F401 (fixture)
from tests.pdf_checks import counting_server, pdf_text, pdfa_identification, xmp
from workflows.models import ChecklistItem


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def dutch(msgid: str) -> str:
    """A text of the report in Dutch (the lead adds the reports' Dutch to the catalogue)."""
    with translation.override("nl-be"):
        return gettext(msgid)


def render(user, year=THIS_YEAR) -> Document:
    document = document_render_now(kind="city_report", params={"year": year}, language="nl-be",
                                   requested_by=user)
    assert document.state == Document.State.READY, document.message
    return document


def test_the_auditor_gets_the_matrix_totals_overdue_work_years_and_requirements(city):  # noqa: F811
    document = render(city.auditor)

    pdf = document.file.read()
    text = pdf_text(pdf)
    title = dutch("City-wide report %(year)s") % {"year": THIS_YEAR}
    assert document.title == title
    assert document.filename == f"stadsrapport-{THIS_YEAR}.pdf"
    for expected in [
        title, dutch("Departments and steps"), dutch("Totals per step"), dutch("Overdue work"),
        dutch("Comparison with earlier years"), dutch("Requirements not met"),
        "Bibliotheek", "Musea", "Woonzorgcentrum", "Goedgekeurd", dutch("Submitted for review"),
        "Pagina 1 van", f"Verificatiecode: {document.verification_code}",
    ]:
        assert expected in text, expected
    with translation.override("nl-be"):
        yesterday = formats.date_format(city.yesterday, "DATE_FORMAT")
    assert yesterday in text
    assert pdfa_identification(pdf) == ("3", "B")
    assert "pdfaid" in xmp(pdf)

    data = embedded_data(pdf)
    assert data["year"] == THIS_YEAR
    assert [row["department"] for row in data["matrix"]] == ["Bibliotheek", "Musea",
                                                              "Woonzorgcentrum"]
    library = data["matrix"][0]
    assert [(cell or {}).get("status") for cell in library["cells"]] == [
        "approved", "submitted", "open", "open"]
    assert (library["approved"], library["steps_total"]) == (1, 4)
    assert data["figures"] == {"departments": 3, "fully_approved": 0, "waiting_for_review": 2,
                               "overdue": 2}
    # vision is overdue for the museums (open) and the care home (submitted, not yet reviewed)
    assert [(late["department"], late["step"], late["due_date"]) for late in data["overdue"]] \
        == [("Musea", "vision", city.yesterday.isoformat()),
            ("Woonzorgcentrum", "vision", city.yesterday.isoformat())]
    assert [(year["year"], year["departments"], year["approved"]) for year in data["progress"]] \
        == [(LAST_YEAR, 2, 1), (THIS_YEAR, 3, 1)]
    # the data is the content: every department and requirement code of the data is on a page
    for requirement in data["requirements_not_met"]:
        assert requirement["code"] in text
        for group in requirement["statuses"]:
            assert f"{group['label']} ({len(group['departments'])}): " \
                   f"{', '.join(group['departments'])}" in text
    assert data == document_data_again(city.auditor)


def document_data_again(user):
    """The data as the kind builds it now (the same day): what the pages were made from."""
    kind = get_kind("city_report")
    return kind.build(Document(kind="city_report", params={"year": THIS_YEAR},
                               requested_by=user)).data


def test_requirements_not_met_name_their_departments_grouped_by_status(city):  # noqa: F811
    items = ChecklistItem.objects.filter(plan_step__process__year=THIS_YEAR,
                                         requirement__code="VRZ-01")
    items.filter(plan_step__process__department=city.library).update(status="met")
    items.filter(plan_step__process__department=city.museums).update(status="not_met")
    items.filter(plan_step__process__department=city.care).update(status="not_applicable",
                                                                     explanation="Geen")

    data = embedded_data(render(city.consultant).file.read())

    vrz = next(r for r in data["requirements_not_met"] if r["code"] == "VRZ-01")
    assert vrz["statuses"] == [
        {"status": "not_met", "label": "Niet voldaan", "departments": ["Musea"]}]
    onb = next(r for r in data["requirements_not_met"] if r["code"] == "ONB-99")
    assert [group["departments"] for group in onb["statuses"]] == [["Woonzorgcentrum"]]


def test_made_on_the_command_line_it_shows_the_whole_city(city):  # noqa: F811
    document = render(None)

    pdf = document.file.read()
    assert embedded_data(pdf)["figures"]["departments"] == 3
    assert dutch("the command line") in pdf_text(pdf)


@pytest.mark.parametrize("role", ["coordinator", "consultant", "auditor", "administrator"])
def test_auditors_and_the_office_may_ask_never_a_coordinator(city, role):  # noqa: F811
    user = {"coordinator": city.coordinator, "consultant": city.consultant,
            "auditor": city.auditor, "administrator": factories.administrator()}[role]
    kind = get_kind("city_report")

    assert kind.may_request(user, {"year": THIS_YEAR}) is (role != "coordinator")
    assert kind.may_request(user, {"year": 1999}) is False
    if role == "coordinator":
        with pytest.raises(PermissionDenied):
            document_render_now(kind="city_report", params={"year": THIS_YEAR},
                                language="nl-be", requested_by=user)


def test_the_auditor_asks_for_it_on_the_documents_page(client, city,  # noqa: F811
                                                        django_capture_on_commit_callbacks):
    client.force_login(city.auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beleid:document_request", args=["city_report"]),
                               {"year": str(THIS_YEAR)})

    document = Document.objects.get()
    assert response["Location"] == reverse("beleid:document_status", args=[document.pk])
    assert document.state == Document.State.READY
    assert document.params == {"year": THIS_YEAR}
    client.force_login(city.coordinator)
    refused = client.post(reverse("beleid:document_request", args=["city_report"]),
                          {"year": str(THIS_YEAR)})
    assert refused.status_code == 404
    assert Document.objects.count() == 1


def test_a_department_name_with_html_is_text_and_asks_for_nothing(city):  # noqa: F811
    with counting_server() as server:
        name = f'<img src="http://127.0.0.1:{server.server_port}/x">'
        city.museums.name = name
        city.museums.save(update_fields=["name"])

        pdf = render(city.auditor).file.read()

    assert server.paths == []
    assert name in pdf_text(pdf)
    assert name in [row["department"] for row in embedded_data(pdf)["matrix"]]


def test_the_data_is_read_in_a_fixed_number_of_queries(city, django_assert_max_num_queries):  # noqa: F811
    kind = get_kind("city_report")
    document = Document(kind="city_report", params={"year": THIS_YEAR}, requested_by=city.auditor)
    with django_assert_max_num_queries(9):
        kind.build(document)
