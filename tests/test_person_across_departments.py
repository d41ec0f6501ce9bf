"""The person and a department's record of them are separate (issue 13, item 2).

Department A (the library) registered Lies with its own contact details, benefit and an
engagement since 3 June 2024. Department B (the museums) then imports and onboards the same
person (same name and date of birth). A's record, counts, view of the cover and trail stay
exactly as they were, and B learns nothing beyond "already on the city's insurance": its pages
show neither A's e-mail address nor A's dates, and never "gekend".
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from insurance import selectors, services
from insurance.models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    ImportUpload,
    InformationNote,
    InsuranceCoverage,
    Person,
    Volunteer,
)
from insurance.volunteer_import.file_reader import read_register_file
from insurance.volunteer_import.row_writer import volunteers_import
from workflows import step_status
from workflows.models import OnboardingProcess

D = datetime.date
A_EMAIL = "lies.vanacker@bibliotheek.example"
A_PHONE = "09 266 70 00"
A_START = D(2024, 6, 3)
# A's dates as any page could write them (Dutch long and short dates, ISO).
A_DATES = ["3 juni 2024", "03/06/2024", "3/6/2024", "2024-06-03"]
CSV = (b"voornaam;achternaam;geboortedatum;startdatum;email\r\n"
       b"Lies;Van Acker;17/05/1990;01/03/2025;lies@musea.example\r\n")


@pytest.fixture
def frozen_today():
    import time_machine

    with time_machine.travel(datetime.datetime(2025, 3, 14, 10, tzinfo=datetime.UTC),
                             tick=False):
        yield D(2025, 3, 14)


@pytest.fixture
def lies_in_a(frozen_today, department, coordinator):
    """Lies in A: contact details, no benefit, informed, active (and so insured) since
    3 June 2024."""
    volunteer = services.volunteer_register(
        actor=coordinator, department=department, first_name="Lies", last_name="Van Acker",
        date_of_birth=D(1990, 5, 17), email=A_EMAIL, phone=A_PHONE,
        address="Kouter 1, 9000 Gent", emergency_contact="Jan (broer)")
    engagement = services.engagement_start(actor=coordinator, volunteer=volunteer,
                                           start_date=A_START, tasks="voorlezen")
    services.information_note_record(actor=coordinator, engagement=engagement,
                                     given_on=D(2024, 5, 27),
                                     method=InformationNote.Method.PAPER)
    return volunteer


def a_as_it_stands(department, volunteer):
    """Everything A has of Lies, its counters and its trail."""
    return {
        "record": Volunteer.objects.filter(pk=volunteer.pk).values().get(),
        "engagements": list(Engagement.objects.filter(volunteer=volunteer).values()),
        "notes": list(InformationNote.objects.filter(engagement__volunteer=volunteer).values()),
        "declarations": list(BenefitDeclaration.objects.filter(
            engagement__volunteer=volunteer).values()),
        "cover as A sees it": selectors.volunteer_cover(
            volunteer=volunteer, engagements=list(volunteer.engagements.all())),
        "counts": selectors.register_gaps(department=department),
        "trail": list(AuditEvent.objects.filter(department=department).order_by("pk")
                      .values_list("pk", "event_type", "object_id")),
    }


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_b_learns_nothing_of_a(content: str) -> None:
    assert A_EMAIL not in content
    assert A_PHONE not in content
    assert "Kouter" not in content and "Jan (broer)" not in content
    for day in A_DATES:
        assert day not in content
    assert not re.search("gekend", content, re.IGNORECASE)
    assert "Bibliotheek" not in content


@pytest.fixture
def b_client(other_coordinator):
    client = Client()
    client.force_login(other_coordinator)
    return client


@pytest.fixture
def a_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


# --- import ---------------------------------------------------------------------------------


def test_b_imports_a_person_known_only_in_a_through_the_service(
    lies_in_a, department, other_department, other_coordinator
):
    before = a_as_it_stands(department, lies_in_a)
    # when B imports its list with Lies
    report = volunteers_import(actor=other_coordinator, department=other_department,
                               rows=read_register_file(CSV))
    # then the line says new in B, already on the city's insurance
    assert [(row.line, row.status, row.reason) for row in report.rows] == [
        (2, "new_here", "")]
    # B has its own record with what its list holds; one person, insured once
    in_b = Volunteer.objects.get(department=other_department)
    assert (in_b.email, in_b.phone, in_b.benefit) == ("lies@musea.example", "", Benefit.NONE)
    assert in_b.person_id == lies_in_a.person_id
    assert (Person.objects.count(), InsuranceCoverage.objects.count()) == (1, 1)
    # and A's record, counts, view of the cover and trail are as they were
    assert a_as_it_stands(department, lies_in_a) == before
    assert before["cover as A sees it"] == [
        selectors.SeenCover("LO-VRIJWILLIGERS-GENT", A_START, None)]


def test_b_imports_a_person_known_only_in_a_through_the_pages(
    lies_in_a, department, other_department, b_client, a_client,
    django_capture_on_commit_callbacks
):
    before = a_as_it_stands(department, lies_in_a)
    # when B uploads its list (the check runs after commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = b_client.post(reverse("insurance:import_upload", args=[other_department.slug]),
                                 {"file": SimpleUploadedFile("lijst.csv", CSV)})
    assert response.status_code == 302
    upload = ImportUpload.objects.get()
    preview_url = reverse("insurance:import_preview", args=[other_department.slug, upload.pk])
    # then the preview says "new in your department, already on the city's insurance"
    preview = html(b_client.get(preview_url))
    assert "1 vrijwilliger nieuw in je dienst, al op de verzekering van de stad" in preview
    assert "nieuw in je dienst, al op de verzekering van de stad</td>" in re.sub(
        r"\s+</td>", "</td>", preview)
    assert_b_learns_nothing_of_a(preview)
    # when B confirms
    with django_capture_on_commit_callbacks(execute=True):
        assert b_client.post(preview_url, {"confirm": "1"}).status_code == 302
    result = html(b_client.get(preview_url))
    assert "1 vrijwilliger nieuw in je dienst, al op de verzekering van de stad" in result
    assert_b_learns_nothing_of_a(result)
    # then B's register and B's page of Lies show B's record and B's own dates only
    in_b = Volunteer.objects.get(department=other_department)
    register = html(b_client.get(reverse("insurance:department", args=[other_department.slug])))
    assert "verzekerd sinds 1 maart 2025" in register
    assert_b_learns_nothing_of_a(register)
    page = html(b_client.get(reverse("insurance:volunteer_detail", args=[in_b.pk])))
    assert "lies@musea.example" in page
    assert "Verzekerd sinds 1 maart 2025." in page
    assert_b_learns_nothing_of_a(page)
    # and A's record of her does not exist for B
    assert b_client.get(reverse("insurance:volunteer_detail",
                                args=[lies_in_a.pk])).status_code == 404
    # A is as it was; A's own page still says A's period and A's e-mail address
    assert a_as_it_stands(department, lies_in_a) == before
    own = html(a_client.get(reverse("insurance:volunteer_detail", args=[lies_in_a.pk])))
    assert "Verzekerd sinds 3 juni 2024." in own and A_EMAIL in own
    assert "lies@musea.example" not in own and "1 maart 2025" not in own


# --- onboarding ------------------------------------------------------------------------------


def open_task(process):
    return Task.objects.get(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def do_task(client, process, data):
    task = open_task(process)
    if task.status == STATUS.NEW:
        assert client.post(task.flow_task.reverse(
            "assign", args=[process.pk, task.pk])).status_code == 302
    page = client.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
    assert_b_learns_nothing_of_a(html(page))
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_b_onboards_a_person_known_only_in_a(
    lies_in_a, department, other_department, b_client, a_client
):
    before = a_as_it_stands(department, lies_in_a)
    steps_before = (step_status.insurance_status(department=department),
                    step_status.onboarding_status(department=department))
    # when B's intake has the same name and date of birth
    response = b_client.post(reverse("onboarding:start:execute"), {
        "department": other_department.pk, "first_name": "Lies", "last_name": "Van Acker",
        "date_of_birth": "1990-05-17", "email": "lies@musea.example", "phone": "",
        "emergency_contact": "", "start_date": "2025-03-20", "tasks": "rondleidingen",
    })
    assert response.status_code == 302
    process = OnboardingProcess.objects.get()
    # then the intake made B's own record, not attached to A's
    in_b = process.engagement.volunteer
    assert (in_b.department, in_b.email, in_b.person_id) == (
        other_department, "lies@musea.example", lies_in_a.person_id)
    assert in_b.pk != lies_in_a.pk
    # when B works through the onboarding and records a benefit (incapacity for work)
    do_task(b_client, process, {"given_on": "2025-03-14", "method": "paper"})
    do_task(b_client, process, {"benefit": "incapacity", "filed_on": "2025-03-12",
                                "answer": "none"})
    do_task(b_client, process, {})
    do_task(b_client, process, {})
    process.refresh_from_db()
    assert process.status == "DONE"
    # then B's record has the benefit and B's declaration; A's record keeps "none"
    in_b.refresh_from_db()
    assert in_b.benefit == Benefit.INCAPACITY
    assert Volunteer.objects.get(pk=lies_in_a.pk).benefit == Benefit.NONE
    # and A's record, counts, view of the cover and trail are as they were, and so are the
    # statuses A's step plan computes from its register
    assert a_as_it_stands(department, lies_in_a) == before
    assert (step_status.insurance_status(department=department),
            step_status.onboarding_status(department=department)) == steps_before
    # the duty-to-report event is in B's trail, about B's record
    event = AuditEvent.objects.get(event_type="DUTY_TO_REPORT_CHECKED")
    assert (event.department, event.object_id) == (other_department, str(in_b.pk))
    # B's pages show B's record and B's own start as the cover's start
    detail = html(b_client.get(reverse("onboarding:process_detail", args=[process.pk])))
    assert "Verzekerd vanaf 20 maart 2025" in detail or "verzekerd vanaf 20 maart 2025" in detail
    assert_b_learns_nothing_of_a(detail)
    page = html(b_client.get(reverse("insurance:volunteer_detail", args=[in_b.pk])))
    assert "Arbeidsongeschikt" in page or "arbeidsongeschikt" in page.lower()
    assert_b_learns_nothing_of_a(page)
    # A's page of Lies still shows no benefit, A's period, and nothing of B's
    own = html(a_client.get(reverse("insurance:volunteer_detail", args=[lies_in_a.pk])))
    assert "Geen uitkering" in own
    assert "Verzekerd sinds 3 juni 2024." in own
    assert "lies@musea.example" not in own and "20 maart 2025" not in own


def test_the_counts_of_a_do_not_move_when_b_records_a_benefit(
    lies_in_a, department, other_department, other_coordinator
):
    in_b = services.volunteer_register(
        actor=other_coordinator, department=other_department, first_name="Lies",
        last_name="Van Acker", date_of_birth=D(1990, 5, 17))
    services.engagement_start(actor=other_coordinator, volunteer=in_b,
                              start_date=D(2025, 3, 1))
    gaps = selectors.register_gaps_many(departments=[department, other_department])

    services.volunteer_check_duty_to_report(actor=other_coordinator, volunteer=in_b,
                                            benefit=Benefit.UNEMPLOYED)

    after = selectors.register_gaps_many(departments=[department, other_department])
    assert after[department.pk] == gaps[department.pk]
    assert (gaps[other_department.pk].without_declaration,
            after[other_department.pk].without_declaration) == (0, 1)
