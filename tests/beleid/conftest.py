"""A department's audit trail with events of every family, written by the real services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from beleid.services.departments import interpretation_update
from insurance import services as register
from tests.workflows.conftest import open_task, start
from workflows.flows import StepPlanFlow
from workflows.models import ChecklistItem, PlanStep
from workflows.services.checklists import (
    checklist_item_update,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    plan_step_vision_update,
)
from workflows.services.steps import step_return, step_submit
from workflows.services.task_actions import TaskAction

PDF = b"%PDF-1.4 visie"


def item(plan, code):
    return ChecklistItem.objects.select_related("requirement").get(
        plan_step__process=plan, requirement__code=code
    )


@pytest.fixture
def trail(framework, department, coordinator, consultant, django_capture_on_commit_callbacks):
    """The library's 2024 plan with a submitted and returned vision, evidence added and
    removed, a volunteer with cover, information note and declaration, and an own
    interpretation. Returns the objects the tests name."""
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    plan = department.step_plans.get(year=2024)
    vision = PlanStep.objects.get(process=plan, step__code="vision")
    with open_task(plan, StepPlanFlow.vision).activation() as activation:
        StepPlanFlow.instance.act_on_task(
            activation=activation, actor=coordinator, action=TaskAction.ASSIGN
        )
    plan_step_vision_update(plan_step=vision, actor=coordinator, text="Vrijwilligers zijn welkom.")
    for code in ("VIS-01", "VIS-02"):
        current = item(plan, code)
        checklist_item_update(item=current, actor=coordinator, status="met", explanation="",
                              interpretation="", comment="")
    kept = evidence_add_file(item=item(plan, "VIS-01"), actor=coordinator,
                             upload=SimpleUploadedFile("visietekst.pdf", PDF))
    wrong = evidence_add_file(item=item(plan, "VIS-01"), actor=coordinator,
                              upload=SimpleUploadedFile("verkeerd-bestand.pdf", PDF))
    evidence_remove(evidence=wrong, actor=coordinator)
    evidence_add_link(item=item(plan, "VIS-02"), actor=coordinator,
                      url="https://kennis.gent.test/visie", title="Visie op het intranet")
    step_submit(plan_step=vision, actor=coordinator)
    step_return(plan_step=vision, actor=consultant, comment="Vermeld ook de doelgroep.")

    today = timezone.localdate()
    volunteer = register.volunteer_register(
        actor=coordinator, department=department, first_name="Lies", last_name="Van Acker",
        date_of_birth=datetime.date(1990, 5, 17))
    engagement = register.engagement_start(
        actor=coordinator, volunteer=volunteer, start_date=today - datetime.timedelta(days=10))
    register.information_note_record(actor=coordinator, engagement=engagement,
                                     given_on=today - datetime.timedelta(days=12),
                                     method="paper")
    register.volunteer_check_duty_to_report(actor=coordinator, volunteer=volunteer,
                                            benefit="unemployed")
    register.declaration_record(actor=coordinator, engagement=engagement, kind="c45b",
                                filed_on=today - datetime.timedelta(days=11))
    register.engagement_end(actor=coordinator, engagement=engagement, end_date=today)
    interpretation_update(actor=coordinator, department=department,
                          requirement=framework.requirements.get(code="ONB-01"),
                          text="Elke starter krijgt een rondleiding.")
    return {"plan": plan, "vision": vision, "evidence": kept, "volunteer": volunteer,
            "engagement": engagement}
