"""Checklist items, evidence and the rules for submitting a step."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beleid.models import AuditEvent, RequirementInterpretation
from insurance.models import InformationNote, InsuranceCoverage
from insurance.services import (
    coverage_register,
    engagement_start,
    information_note_record,
    volunteer_register,
)
from tests.factories import basic_training_attended
from workflows.models import ChecklistItem, Evidence, PlanStep
from workflows.services import WorkflowError
from workflows.services.checklists import (
    checklist_item_update,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
)
from workflows.services.steps import step_submit

from .conftest import StepPlanFlow, checklist_data, execute_url, open_task

PDF = b"%PDF-1.4 organisatienota"


def item_of(plan, code):
    return ChecklistItem.objects.select_related("requirement").get(
        plan_step__process=plan, requirement__code=code
    )


def update(item, user, status, explanation=""):
    return checklist_item_update(
        item=item,
        actor=user,
        status=status,
        explanation=explanation,
        interpretation=item.interpretation,
        comment=item.comment,
    )


def test_items_are_the_requirements_that_apply(plan, framework, department):
    # the welfare-decree agreement note (ONB-99) does not apply to a library
    codes = ChecklistItem.objects.filter(plan_step__process=plan).values_list(
        "requirement__code", flat=True
    )
    assert sorted(codes) == [
        "ONB-01",
        "ONB-02",
        "VIS-01",
        "VIS-02",
        "VRM-01",
        "VRM-02",
        "VRZ-01",
        "VRZ-02",
    ]


def test_not_applicable_needs_a_reason(plan, coordinator):
    item = item_of(plan, "ONB-01")
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="ONB-01: geef aan waarom dit niet van toepassing is"):
        update(item, coordinator, "not_applicable")
    item.refresh_from_db()
    assert (item.status, AuditEvent.objects.count()) == ("not_started", events)
    update(item, coordinator, "not_applicable", "Geen vrijwilligers aan het onthaal")
    item.refresh_from_db()
    assert item.status == "not_applicable"
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.before, event.after) == (
        "CHECKLIST_ITEM_UPDATED",
        {"status": "not_started", "explanation": ""},
        {"status": "not_applicable", "explanation": "Geen vrijwilligers aan het onthaal"},
    )


def test_a_step_with_a_mandatory_item_not_met_and_unexplained_cannot_be_submitted(
    plan, coordinator
):
    step = PlanStep.objects.get(process=plan, step__code="onboarding")
    update(item_of(plan, "ONB-01"), coordinator, "met")
    update(item_of(plan, "ONB-02"), coordinator, "partly_met")
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match="ONB-02 is verplicht") as refused:
        step_submit(plan_step=step, actor=coordinator)
    assert refused.value.errors == [
        "ONB-02 is verplicht en niet voldaan: zet het op voldaan, of licht toe waarom niet."
    ]
    step.refresh_from_db()
    assert (step.status, AuditEvent.objects.count()) == ("open", events)
    # with an explanation it can
    update(item_of(plan, "ONB-02"), coordinator, "partly_met", "Nota in herwerking")
    step_submit(plan_step=step, actor=coordinator)
    step.refresh_from_db()
    assert step.status == "submitted"


def test_vision_step_needs_a_vision(plan, coordinator):
    step = PlanStep.objects.get(process=plan, step__code="vision")
    for code in ("VIS-01", "VIS-02"):
        update(item_of(plan, code), coordinator, "met")
    with pytest.raises(WorkflowError, match="Schrijf de visie uit of laad ze op"):
        step_submit(plan_step=step, actor=coordinator)
    evidence_add_file(
        item=item_of(plan, "VIS-01"),
        actor=coordinator,
        upload=SimpleUploadedFile("visie.pdf", PDF),
    )
    assert step_submit(plan_step=step, actor=coordinator).status == "submitted"


def _active_volunteer(department, coordinator, *, start=datetime.date(2024, 3, 4)):
    volunteer = volunteer_register(
        actor=coordinator, department=department, first_name="Lien", last_name="Baert",
        date_of_birth=datetime.date(1990, 5, 17),
    )
    return engagement_start(
        actor=coordinator, volunteer=volunteer, start_date=start
    )


@time_machine.travel(datetime.date(2024, 6, 1), tick=False)
def test_insurance_step_is_computed_from_the_register(plan, coordinator):
    # given: an active volunteer whose cover was de-registered by mistake (not insured)
    engagement = _active_volunteer(plan.department, coordinator)
    InsuranceCoverage.objects.filter(person=engagement.volunteer.person_id).update(
        insured_to=datetime.date(2024, 4, 30)
    )
    step = PlanStep.objects.get(process=plan, step__code="insurance")
    for code in ("VRZ-01", "VRZ-02"):
        update(item_of(plan, code), coordinator, "met")

    # when / then: the checklist alone does not carry the step
    with pytest.raises(WorkflowError, match="1 van 1 actieve vrijwilligers is niet verzekerd"):
        step_submit(plan_step=step, actor=coordinator)
    assert PlanStep.objects.get(pk=step.pk).status == "open"

    # when the volunteer is insured again (registered on the policy)
    InsuranceCoverage.objects.filter(person=engagement.volunteer.person_id).delete()
    coverage_register(actor=coordinator, engagement=engagement)
    step = step_submit(plan_step=step, actor=coordinator)

    # then
    assert (step.status, step.computed_status, step.computed_explanation) == (
        "submitted", "met", "De 1 actieve vrijwilliger is verzekerd.",
    )


@time_machine.travel(datetime.date(2024, 6, 1), tick=False)
def test_onboarding_step_needs_the_information_note_before_the_start(plan, coordinator):
    engagement = _active_volunteer(plan.department, coordinator)
    step = PlanStep.objects.get(process=plan, step__code="onboarding")
    for item in ChecklistItem.objects.filter(plan_step=step):
        update(item, coordinator, "met")

    with pytest.raises(WorkflowError, match="organisatienota"):
        step_submit(plan_step=step, actor=coordinator)

    information_note_record(
        actor=coordinator, engagement=engagement, given_on=datetime.date(2024, 3, 1),
        method=InformationNote.Method.values[0],
    )
    assert step_submit(plan_step=step, actor=coordinator).computed_status == "met"


def test_training_step_needs_a_coordinator_with_the_basic_training(plan, coordinator):
    step = PlanStep.objects.get(process=plan, step__code="training")
    for item in ChecklistItem.objects.filter(plan_step=step):
        update(item, coordinator, "met")

    with pytest.raises(WorkflowError, match="basisvorming"):
        step_submit(plan_step=step, actor=coordinator)

    basic_training_attended(plan.department, coordinator=coordinator)
    assert step_submit(plan_step=step, actor=coordinator).computed_status == "met"


def test_evidence_file_upload_and_download(client, plan, coordinator, other_coordinator, auditor):
    # given the onboarding checklist, as the coordinator sees it
    item = item_of(plan, "ONB-01")
    task = open_task(plan, StepPlanFlow.onboarding)
    data = checklist_data(item.plan_step, status="in_progress", action="save")
    data[f"item-{item.pk}-file"] = SimpleUploadedFile("organisatienota.pdf", PDF)
    client.force_login(coordinator)
    # when the checklist is saved with a file chosen for ONB-01
    response = client.post(execute_url(task), data)
    # then the file is evidence of ONB-01, stored under a name of our own
    assert response.status_code == 302
    evidence = Evidence.objects.get(item=item)
    assert (evidence.filename, evidence.size, evidence.sha256, evidence.added_by) == (
        "organisatienota.pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
        coordinator,
    )
    assert "organisatienota" not in evidence.file.name
    url = reverse("workflows:evidence_download", args=[evidence.pk])
    for user in (coordinator, auditor):
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="organisatienota.pdf"'
        assert download["Content-Type"] == "application/octet-stream"
        assert b"".join(download.streaming_content) == PDF
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("script.html", b"<script>", "enkel PDF-, DOCX-"),
        ("groot.pdf", b"x" * 2048, "is groter dan"),
    ],
)
def test_bad_uploads_are_refused(plan, coordinator, settings, name, content, message):
    settings.EVIDENCE_MAX_UPLOAD_MB = 0  # every non-empty file is then too large
    if name.endswith(".html"):
        settings.EVIDENCE_MAX_UPLOAD_MB = 20
    item = item_of(plan, "ONB-01")
    events = AuditEvent.objects.count()
    with pytest.raises(WorkflowError, match=message):
        evidence_add_file(item=item, actor=coordinator, upload=SimpleUploadedFile(name, content))
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_other_department_cannot_add_or_remove_evidence(
    client, plan, coordinator, other_coordinator
):
    item = item_of(plan, "ONB-01")
    link = evidence_add_link(
        item=item, actor=coordinator, url="https://intranet.gent/kennis/12", title="Sjabloon"
    )
    events = AuditEvent.objects.count()
    data = checklist_data(item.plan_step, action="save")
    data[f"item-{item.pk}-file"] = SimpleUploadedFile("x.pdf", PDF)
    client.force_login(other_coordinator)
    upload = client.post(execute_url(open_task(plan, StepPlanFlow.onboarding)), data)
    confirm = client.get(reverse("workflows:evidence_remove", args=[link.pk]))
    remove = client.post(reverse("workflows:evidence_remove", args=[link.pk]))
    assert (upload.status_code, confirm.status_code, remove.status_code) == (404, 404, 404)
    assert list(Evidence.objects.values_list("pk", flat=True)) == [link.pk]
    assert AuditEvent.objects.count() == events


def test_submitted_step_is_frozen(plan, coordinator):
    basic_training_attended(plan.department, coordinator=coordinator)
    step = PlanStep.objects.get(process=plan, step__code="training")
    for code in ("VRM-01", "VRM-02"):
        update(item_of(plan, code), coordinator, "met")
    link = evidence_add_link(
        item=item_of(plan, "VRM-01"), actor=coordinator, url="https://intranet.gent/v", title="V"
    )
    step_submit(plan_step=step, actor=coordinator)
    with pytest.raises(WorkflowError, match="kan nu niet meer gewijzigd worden"):
        update(item_of(plan, "VRM-01"), coordinator, "not_met", "toch niet")
    with pytest.raises(WorkflowError, match="kan nu niet meer gewijzigd worden"):
        evidence_remove(evidence=link, actor=coordinator)
    assert item_of(plan, "VRM-01").status == "met"
    assert Evidence.objects.filter(pk=link.pk).exists()


def test_interpretation_in_the_checklist_is_the_departments_own_translation(plan, coordinator):
    item = item_of(plan, "ONB-01")

    checklist_item_update(
        item=item, actor=coordinator, status="in_progress", explanation="",
        interpretation="Onthaalgesprek met de coördinator", comment="",
    )

    assert RequirementInterpretation.objects.get(
        department=plan.department, requirement=item.requirement
    ).text == "Onthaalgesprek met de coördinator"
    assert list(
        AuditEvent.objects.filter(department=plan.department)
        .filter(event_type__in=["CHECKLIST_ITEM_UPDATED", "INTERPRETATION_UPDATED"])
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == ["CHECKLIST_ITEM_UPDATED", "INTERPRETATION_UPDATED"]
