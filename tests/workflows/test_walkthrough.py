"""One department through the whole year over HTTP, as the real roles."""

from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from beleid.models import AuditEvent
from tests.factories import active_volunteer, basic_training_attended
from workflows.flows import StepPlanFlow
from workflows.models import ApprovedVision, ChecklistItem, PlanStep, StepPlanProcess

from .conftest import open_task

MISSION_STEPS = ["vision", "onboarding", "insurance", "training"]


def checklist_data(plan_step, *, status="met", action="submit", **extra):
    data = {"action": action, **extra}
    for item in ChecklistItem.objects.filter(plan_step=plan_step):
        data[f"item-{item.pk}-status"] = status
        data[f"item-{item.pk}-explanation"] = ""
        data[f"item-{item.pk}-interpretation"] = f"Bij ons: {item.requirement.code}"
        data[f"item-{item.pk}-comment"] = ""
    return data


def execute_url(task):
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def test_one_department_through_the_year(
    client, framework, department, coordinator, consultant, django_capture_on_commit_callbacks
):
    # given the office starts the round for the department
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workflows:round_start"),
            {
                "year": 2024,
                "framework_version": framework.pk,
                "departments": [department.pk],
                "due_date": "2024-12-01",
            },
        )
    assert response.status_code == 302
    process = StepPlanProcess.objects.get(department=department, year=2024)
    steps = {s.step.code: s for s in PlanStep.objects.filter(process=process)}
    assert sorted(steps) == sorted(MISSION_STEPS)

    # the coordinator sees the four checklist tasks in the inbox
    client.force_login(coordinator)
    inbox = client.get(reverse("stepplan:inbox"))
    assert inbox.status_code == 200
    assert inbox.content.decode().count("checklist invullen</a>") == 4  # in Dutch
    for code in MISSION_STEPS:
        task = open_task(process, getattr(StepPlanFlow, code))
        index = task.flow_task.reverse("index", args=[process.pk, task.pk])
        assert f'href="{index}"' in inbox.content.decode()

    # submitting onboarding with a mandatory item not met and no explanation is refused
    task = open_task(process, StepPlanFlow.onboarding)
    response = client.post(
        execute_url(task), checklist_data(steps["onboarding"], status="not_met"), follow=True
    )
    assert "De stap is nog niet ingediend" in response.content.decode()
    steps["onboarding"].refresh_from_db()
    assert steps["onboarding"].status == PlanStep.Status.OPEN
    task.refresh_from_db()
    assert task.status == STATUS.NEW

    # the coordinator registers a volunteer (the insurance step needs the register), fills
    # every step and submits it
    active_volunteer(department, actor=coordinator)
    # ... and attended the basic training (the training step needs it)
    basic_training_attended(department, coordinator=coordinator, office=consultant)
    for code in MISSION_STEPS:
        task = open_task(process, getattr(StepPlanFlow, code))
        extra = {"vision_text": "Vrijwilligers zijn welkom."} if code == "vision" else {}
        response = client.post(execute_url(task), checklist_data(steps[code], **extra))
        assert response.status_code == 302, response.content.decode()[:2000]
        steps[code].refresh_from_db()
        assert steps[code].status == PlanStep.Status.SUBMITTED

    # a consultant finds the four reviews in the inbox and returns onboarding with a comment
    client.force_login(consultant)
    inbox = client.get(reverse("stepplan:inbox")).content.decode()
    assert inbox.count(": nazicht</a>") == 4
    review = open_task(process, StepPlanFlow.onboarding_review)
    page = client.get(execute_url(review))
    assert page.status_code == 200
    assert "Bij ons: ONB-01" in page.content.decode()
    response = client.post(
        execute_url(review), {"decision": "return", "comment": "Voeg het bewijs toe."}
    )
    assert response.status_code == 302
    steps["onboarding"].refresh_from_db()
    assert steps["onboarding"].status == PlanStep.Status.RETURNED
    assert steps["onboarding"].review_comment == "Voeg het bewijs toe."

    # the coordinator fixes and resubmits
    client.force_login(coordinator)
    task = open_task(process, StepPlanFlow.onboarding)
    page = client.get(execute_url(task)).content.decode()
    # the consultant's comment comes first, before the checklist form
    assert page.index("Voeg het bewijs toe.") < page.index('<form method="post" id="checklist"')
    assert "Teruggestuurd door" in page
    assert "Indienen voor nazicht" in page
    response = client.post(execute_url(task), checklist_data(steps["onboarding"]))
    assert response.status_code == 302

    # a consultant approves every step
    client.force_login(consultant)
    for code in MISSION_STEPS:
        review = open_task(process, getattr(StepPlanFlow, f"{code}_review"))
        response = client.post(execute_url(review), {"decision": "approve", "comment": ""})
        assert response.status_code == 302
        steps[code].refresh_from_db()
        assert steps[code].status == PlanStep.Status.APPROVED

    # and signs the year off
    sign_off = open_task(process, StepPlanFlow.sign_off)
    assert client.get(execute_url(sign_off)).status_code == 200
    response = client.post(execute_url(sign_off), {"comment": "Goed gedaan."})
    assert response.status_code == 302

    # then the process is done, the vision is kept and every transition is in the trail
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert process.signed_off_by == consultant
    assert ApprovedVision.objects.get(department=department).text == "Vrijwilligers zijn welkom."
    events = list(
        AuditEvent.objects.filter(department=department)
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert events.count("STEP_SUBMITTED") == 5
    assert events.count("STEP_RETURNED") == 1
    assert events.count("STEP_APPROVED") == 4
    assert events.count("PLAN_SIGNED_OFF") == 1
    assert events[:2] == ["PLAN_STARTED", "CHECKLISTS_PREPARED"]
    detail = client.get(reverse("stepplan:process_detail", args=[process.pk]))
    assert detail.status_code == 200
    # the history names the event in words, never by its code
    assert "Jaar afgesloten" in detail.content.decode()
    assert "PLAN_SIGNED_OFF" not in detail.content.decode()
    assert "Goedgekeurde versies van de visie" in detail.content.decode()
    chart = client.get(reverse("stepplan:process_chart", args=[process.pk]))
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
