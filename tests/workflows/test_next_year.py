"""A new round starts from last year's results; changed requirements are re-confirmed."""

from django.core.files.uploadedfile import SimpleUploadedFile

from beleid.models import Requirement, Step
from tests import factories
from workflows.models import ApprovedVision, ChecklistItem, Evidence, PlanStep, StepPlanProcess
from workflows.services.checklists import checklist_item_update, evidence_add_file

from .conftest import complete_year, start


def test_next_year_carries_over_and_marks_changed_requirements(
    client, framework, department, coordinator, consultant, django_capture_on_commit_callbacks
):
    # given a 2024 plan with own interpretations and evidence, approved and signed off
    start(framework, [department], capture=django_capture_on_commit_callbacks)
    plan_2024 = StepPlanProcess.objects.get(department=department, year=2024)
    vis01 = ChecklistItem.objects.get(plan_step__process=plan_2024, requirement__code="VIS-01")
    checklist_item_update(
        item=vis01,
        actor=coordinator,
        status="met",
        explanation="",
        interpretation="Onze visie hangt in de leeszaal.",
        comment="",
    )
    evidence = evidence_add_file(
        item=vis01,
        actor=coordinator,
        upload=SimpleUploadedFile("visie.pdf", b"%PDF-1.4 visie", content_type="application/pdf"),
    )
    complete_year(client, plan_2024, coordinator, consultant)
    assert PlanStep.objects.filter(process=plan_2024, status="approved").count() == 4

    # and a newer framework version: VIS-01 reworded, ONB-03 added, VRM-02 removed
    newer = factories.published_framework(code="2025.1")
    newer.requirements.filter(code="VIS-01").update(title="Een geschreven en goedgekeurde visie")
    Requirement.objects.create(
        version=newer,
        step=Step.objects.get(version=newer, code="onboarding"),
        code="ONB-03",
        title="Meldingsplicht nagekeken",
        order=3,
    )
    newer.requirements.filter(code="VRM-02").delete()

    # when the 2025 round starts with it
    start(
        newer, [department], year=2025, capture=django_capture_on_commit_callbacks, actor=consultant
    )

    # then last year's work is there as a proposal, statuses to be confirmed again
    plan_2025 = StepPlanProcess.objects.get(department=department, year=2025)
    items = {
        item.requirement.code: item
        for item in ChecklistItem.objects.filter(plan_step__process=plan_2025)
    }
    assert sorted(items) == [
        "ONB-01",
        "ONB-02",
        "ONB-03",
        "VIS-01",
        "VIS-02",
        "VRM-01",
        "VRZ-01",
        "VRZ-02",
    ]
    assert all(item.status == "not_started" for item in items.values())
    assert items["VIS-01"].proposed_status == "met"
    assert items["VIS-01"].interpretation == "Onze visie hangt in de leeszaal."
    assert items["VIS-01"].carried_over_from == vis01
    assert items["ONB-03"].proposed_status == ""
    assert items["ONB-03"].carried_over_from is None
    # and the requirements changed since the last approval are marked for re-confirmation
    assert {
        code: item.reconfirm_fields for code, item in items.items() if item.reconfirm_fields
    } == {
        "VIS-01": ["title"],
        "ONB-03": ["new"],
    }
    carried = Evidence.objects.get(item=items["VIS-01"])
    assert carried.carried_over_from == evidence
    assert (carried.sha256, carried.filename, carried.file.name) == (
        evidence.sha256,
        "visie.pdf",
        evidence.file.name,
    )
    vision = PlanStep.objects.get(process=plan_2025, step__code="vision")
    assert vision.vision_text == "Onze visie."
    # the checklist page shows the marks
    client.force_login(coordinator)
    from workflows.flows import StepPlanFlow

    from .conftest import execute_url, open_task

    page = client.get(execute_url(open_task(plan_2025, StepPlanFlow.vision))).content.decode()
    assert "title" in page
    assert "visie.pdf" in page


def test_same_framework_version_next_year_marks_nothing(
    client, framework, department, coordinator, consultant, django_capture_on_commit_callbacks
):
    start(framework, [department], capture=django_capture_on_commit_callbacks)
    complete_year(client, StepPlanProcess.objects.get(year=2024), coordinator, consultant)
    start(framework, [department], year=2025, capture=django_capture_on_commit_callbacks)
    items = ChecklistItem.objects.filter(plan_step__process__year=2025)
    assert items.count() == 8
    assert [item.reconfirm_fields for item in items] == [[]] * 8
    assert {item.proposed_status for item in items} == {"met"}
    # every approved version of the vision is kept
    complete_year(client, StepPlanProcess.objects.get(year=2025), coordinator, consultant)
    assert list(
        ApprovedVision.objects.filter(department=department)
        .order_by("approved_at")
        .values_list("plan_step__process__year", "text")
    ) == [(2024, "Onze visie."), (2025, "Onze visie.")]


def test_welfare_decree_department_gets_the_agreement_note(
    framework, django_capture_on_commit_callbacks
):
    care_home = factories.DepartmentFactory(name="Woonzorgcentrum Zonnebloem", welfare_decree=True)
    start(framework, [care_home], capture=django_capture_on_commit_callbacks)
    codes = ChecklistItem.objects.filter(
        plan_step__process__department=care_home, plan_step__step__code="onboarding"
    ).values_list("requirement__code", flat=True)
    assert sorted(codes) == ["ONB-01", "ONB-02", "ONB-99"]
