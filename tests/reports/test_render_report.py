"""`manage.py render_report`: the report made at once through the documents' pipeline,
archived, written to a file, its verification code and SHA-256 printed."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from beleid.documents import get_kind, unregister_kind
from beleid.models import Document
from beleid.pdf import embedded_data
from tests.pdf_checks import pdf_text
from tests.workflows.conftest import start


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_department_report_on_the_command_line(
    framework, department, consultant, tmp_path, django_capture_on_commit_callbacks,
):
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    out = tmp_path / "rapport.pdf"
    stdout = io.StringIO()
    call_command("render_report", "department", department.slug, "--year", "2024",
                 "--out", str(out), stdout=stdout)
    pdf = out.read_bytes()
    document = Document.objects.get()
    assert document.state == Document.State.READY
    assert document.requested_by is None
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stdout.getvalue() == (f"{out}\nControlecode: {document.verification_code}\n"
                                 f"SHA-256: {document.sha256}\n")
    assert department.name in pdf_text(pdf)
    assert "de opdrachtregel" in pdf_text(pdf)
    assert embedded_data(pdf)["department"] == department.name


def test_as_of_a_date(framework, department, consultant, tmp_path,
                      django_capture_on_commit_callbacks):
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    out = tmp_path / "rapport.pdf"
    call_command("render_report", "department", department.slug, "--year", "2024",
                 "--as-of", "2024-02-01", "--out", str(out), stdout=io.StringIO())
    assert Document.objects.get().params["as_of"] == "2024-02-01"
    assert "Toestand op 1 februari 2024" in pdf_text(out.read_bytes())


@pytest.mark.parametrize("args, message", [
    (["department", "nergens", "--year", "2024"], "Geen dienst met slug nergens."),
    (["department", "--year", "2024"], "Geef de dienst (SLUG) en --year."),
    (["department", "bibliotheek", "--year", "2024", "--as-of", "gisteren"],
     "Geen geldige datum (JJJJ-MM-DD): gisteren"),
])
def test_wrong_arguments_stop_the_command(department, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("render_report", *args, "--out", str(tmp_path / "x.pdf"))
    assert str(error.value) == message
    assert not Document.objects.exists()


@pytest.mark.parametrize("args", [["city", "--year", "2024"], ["insurance", "--as-of",
                                                                  "2024-05-01"]])
def test_a_kind_not_registered_stops_the_command(db, tmp_path, args):
    kind = get_kind("city_report" if args[0] == "city" else "insurance_extract")
    if kind is not None:
        unregister_kind(kind.code)
    try:
        with pytest.raises(CommandError) as error:
            call_command("render_report", *args, "--out", str(tmp_path / "x.pdf"))
    finally:
        if kind is not None:
            from beleid.documents import register_kind
            register_kind(kind)
    assert str(error.value) == "Dit soort rapport bestaat (nog) niet."


def test_the_city_report_and_the_register_extract_on_the_command_line(
    framework, department, consultant, tmp_path, django_capture_on_commit_callbacks,
):
    # given a round of 2024 and an insured volunteer
    from tests.factories import active_volunteer

    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    active_volunteer(department, actor=consultant, first_name="Lies", last_name="Peeters")

    # when both are made on the command line
    city, extract = tmp_path / "stad.pdf", tmp_path / "uittreksel.pdf"
    call_command("render_report", "city", "--year", "2024", "--out", str(city),
                 stdout=io.StringIO())
    call_command("render_report", "insurance", "--as-of", "2030-01-01", "--out", str(extract),
                 stdout=io.StringIO())

    # then both are archived, ready, and name what they are about
    kinds = dict(Document.objects.values_list("kind", "state"))
    assert kinds == {"city_report": Document.State.READY,
                     "insurance_extract": Document.State.READY}
    assert department.name in pdf_text(city.read_bytes())
    assert "Peeters" in pdf_text(extract.read_bytes())
