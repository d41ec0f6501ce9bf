"""The department report of a year (reports/department_report.py): built from the plan, the
register, the training and the audit trail; read back from the PDF; as of an earlier day the
state of that day, rebuilt from the audit trail."""

import datetime
import hashlib
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from beleid.documents.rendering import document_render_now
from beleid.models import Document
from beleid.pdf import embedded_data
from reports.department_selectors import department_report_data
from tests.pdf_checks import counting_server, pdf_text, pdfa_identification
from tests.workflows.conftest import review_step, start, submit_step
from workflows.models import ChecklistItem, PlanStep, StepPlanProcess
from workflows.services.checklists import evidence_add_file

HOSTILE = '<img src="http://127.0.0.1:9/x"> eigen lezing'
EVIDENCE = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def at(day: str, hour: int = 10):
    return time_machine.travel(
        datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+01:00"), tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# What the report showed at the end of these days, taken then (day -> data).
SEEN = {}


def seen_on(day, department, auditor):
    with at(day, 20):
        SEEN[day] = department_report_data(department=department, year=2024, as_of=None,
                                           user=auditor)


@pytest.fixture
def history(client, framework, department, coordinator, consultant, auditor,
            django_capture_on_commit_callbacks):
    """The plan of 2024: started on 1 March; its vision step submitted on 1 April with its
    requirements met, approved on 2 May. What the report showed on 15 March and 15 April is
    taken on those days (`SEEN`)."""
    SEEN.clear()
    with at("2024-03-01"):
        start(framework, [department], actor=consultant,
              capture=django_capture_on_commit_callbacks)
    process = StepPlanProcess.objects.get(department=department, year=2024)
    ChecklistItem.objects.filter(plan_step__process=process).update(interpretation=HOSTILE)
    seen_on("2024-03-15", department, auditor)
    with at("2024-03-20"):
        item = ChecklistItem.objects.filter(plan_step__process=process,
                                            plan_step__step__code="vision").first()
        evidence_add_file(item=item, actor=coordinator, upload=SimpleUploadedFile(
            "visietekst.pdf", EVIDENCE, content_type="application/pdf"))
    with at("2024-04-01"):
        submit_step(client, process, "vision", coordinator, vision_text="Onze visie.")
    seen_on("2024-04-15", department, auditor)
    with at("2024-05-02"):
        review_step(client, process, "vision", consultant, comment="Goed zo.")
    return process


def vision(data):
    return next(step for step in data["steps"] if step["code"] == "vision")


def test_the_report_shows_the_department_its_statuses_and_data(history, department, auditor):
    with counting_server() as server, at("2024-06-01"):
        hostile = (f'<img src="http://127.0.0.1:{server.server_port}/x"> '
                   '<a href="file:///etc/passwd">p</a> <style>*{background:url('
                   f'http://127.0.0.1:{server.server_port}/css)}}</style>')
        ChecklistItem.objects.filter(plan_step__process=history).update(interpretation=hostile)
        document = document_render_now(kind="department_report", language="nl-be",
                                       params={"department_id": department.pk, "year": 2024,
                                               "as_of": None}, requested_by=auditor)
    assert server.paths == []
    assert document.state == Document.State.READY
    assert document.title == f"Dienstrapport 2024: {department.name}"
    pdf = document.file.read()
    text = pdf_text(pdf)
    assert department.name in text
    assert "Goedgekeurd" in text
    assert "Toestand bij het maken" in text
    assert "Goed zo." in text
    assert "Pagina 1 van" in text
    assert pdfa_identification(pdf) == ("3", "B")
    # shown as text: no image, no link, no style
    assert f'<img src="http://127.0.0.1:{server.server_port}/x">' in text
    assert '<a href="file:///etc/passwd">p</a>' in text
    assert "root:" not in text
    assert "visietekst.pdf" in text
    assert hashlib.sha256(EVIDENCE).hexdigest()[:20] in text.replace(" ", "")
    outline = [item.title for item in PdfReader(io.BytesIO(pdf)).outline
               if not isinstance(item, list)]
    assert outline[0] == f"Dienstrapport 2024: {department.name}"
    data = embedded_data(pdf)
    with at("2024-06-01"):
        expected = department_report_data(department=department, year=2024, as_of=None,
                                          user=auditor)
    # (making the report adds events of its own after its data was taken)
    trail = data.pop("audit_trail")
    assert trail == expected.pop("audit_trail")[:len(trail)]
    events = [row["event"] for row in trail]
    assert events.index("Stap ingediend voor nazicht") < events.index("Stap goedgekeurd")
    assert data == {"kind": "department_report", **expected}
    assert vision(data)["status"] == "approved"
    assert vision(data)["compliant"] is True
    assert vision(data)["reviews"][0]["comment"] == "Goed zo."


@pytest.mark.parametrize("day, step_status, item_status", [
    ("2024-03-15", "open", "not_started"),
    ("2024-04-15", "submitted", "met"),
])
def test_as_of_a_day_the_report_shows_that_days_state(
    history, department, auditor, day, step_status, item_status,
):
    then = SEEN[day]
    with at("2024-06-01"):
        today = department_report_data(department=department, year=2024, as_of=None,
                                       user=auditor)
        as_of = department_report_data(department=department, year=2024,
                                       as_of=datetime.date.fromisoformat(day), user=auditor)
    assert vision(today)["status"] == "approved"
    assert vision(as_of)["status"] == step_status
    assert {r["status"] for r in vision(as_of)["requirements"]} == {item_status}
    assert as_of != today
    assert as_of["as_of"] == day
    assert {**as_of, "as_of": None} == then
    assert vision(as_of)["vision_text"] == ("" if day == "2024-03-15" else "Onze visie.")
    evidence = [proof["name"] for proof in vision(as_of)["requirements"][0]["evidence"]]
    assert evidence == ([] if day == "2024-03-15" else ["visietekst.pdf"])


def test_the_cover_says_which_day(history, department, auditor):
    with at("2024-06-01"):
        document = document_render_now(kind="department_report", language="nl-be",
                                       params={"department_id": department.pk, "year": 2024,
                                               "as_of": "2024-04-15"}, requested_by=auditor)
    text = pdf_text(document.file.read())
    assert "Toestand op 15 april 2024" in text
    assert "Ingediend voor nazicht" in text


def test_building_the_data_takes_a_bounded_number_of_queries(
    client, history, department, auditor, coordinator, consultant,
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            department_report_data(department=department, year=2024,
                                   as_of=datetime.date(2024, 4, 15), user=auditor)
        return len(queries)

    before = count()
    with at("2024-05-10"):
        submit_step(client, history, "onboarding", coordinator)
        review_step(client, history, "onboarding", consultant, decision="return", comment="Nee")
    assert PlanStep.objects.filter(process=history, status="returned").count() == 1
    assert count() <= before + 2


def test_the_register_and_the_training_as_of_a_day(
    history, department, coordinator, consultant, auditor,
):
    """A volunteer engaged from 1 May and a basic training attended on 10 May: the report of
    15 April counts nobody and knows no training; the one of 1 June counts one, insured, and
    says until when the training counts."""
    from tests.factories import active_volunteer, basic_training_attended

    with at("2024-05-10"):
        active_volunteer(department, actor=coordinator, start_date=datetime.date(2024, 5, 1))
        basic_training_attended(department, coordinator=coordinator, office=consultant,
                                days_ago=0)
    with at("2024-06-01"):
        today = department_report_data(department=department, year=2024, as_of=None,
                                       user=auditor)
        before = department_report_data(department=department, year=2024,
                                        as_of=datetime.date(2024, 4, 15), user=auditor)
    assert today["insurance"] == {"active": 1, "insured": 1, "not_insured": 0,
                                  "open_duty_to_report": 0}
    assert before["insurance"] == {"active": 0, "insured": 0, "not_insured": 0,
                                   "open_duty_to_report": 0}
    assert today["training"]["attended_on"] == "10 mei 2024"
    assert today["training"]["valid"] is True
    assert before["training"] == {"attended_on": "", "valid_until": "", "valid": False}
