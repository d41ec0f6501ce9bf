"""viewflow's own task actions on a plan -- cancel, undo, revive: only the office, each with
exactly one audit event (actor and department); anyone else is refused and nothing changes."""

import pytest
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from tests import factories
from workflows.flows import StepPlanFlow
from workflows.models import PlanStep, StepPlanTask

from .conftest import open_task, submit_step


def action_url(task, action):
    return task.flow_task.reverse(action, args=[task.process_id, task.pk])


def events():
    return list(AuditEvent.objects.values_list("event_type", "actor__username", "department"))


def test_the_office_cancels_a_task_with_one_audit_event(client, plan, department, consultant):
    # given an open checklist task
    task = open_task(plan, StepPlanFlow.vision)
    before = AuditEvent.objects.count()
    # when a consultant cancels it
    client.force_login(consultant)
    response = client.post(action_url(task, "cancel"))
    # then it is cancelled and audited once, and its step is marked as cancelled (audited too)
    assert response.status_code == 302
    assert response["Location"] == f"/stepplan/{plan.pk}/"
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    assert AuditEvent.objects.count() == before + 2
    event, step_event = AuditEvent.objects.order_by("-id")[1], AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.department) == (
        "TASK_CANCELLED", consultant, department)
    assert (event.before, event.after) == (
        {"task": "vision", "status": "NEW"}, {"task": "vision", "status": "CANCELED"})
    assert (step_event.event_type, step_event.actor, step_event.before, step_event.after) == (
        "STEP_CANCELLED", consultant, {"status": "open"}, {"status": "cancelled"})
    step = PlanStep.objects.get(process=plan, step__code="vision")
    assert (step.status, step.cancelled_by) == ("cancelled", consultant)


def test_the_office_revives_a_cancelled_task_with_one_audit_event(
    client, plan, department, consultant
):
    # given a cancelled checklist task
    task = open_task(plan, StepPlanFlow.vision)
    client.force_login(consultant)
    client.post(action_url(task, "cancel"))
    before = AuditEvent.objects.count()
    # when the consultant revives it
    response = client.post(action_url(task, "revive"))
    # then a new open task replaces it, audited once
    assert response.status_code == 302
    task.refresh_from_db()
    new_task = open_task(plan, StepPlanFlow.vision)
    assert (task.status, new_task.status) == (STATUS.REVIVED, STATUS.NEW)
    assert AuditEvent.objects.count() == before + 2
    event, step_event = AuditEvent.objects.order_by("-id")[1], AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.department) == (
        "TASK_REVIVED", consultant, department)
    assert (step_event.event_type, step_event.after) == ("STEP_REOPENED", {"status": "open"})
    step = PlanStep.objects.get(process=plan, step__code="vision")
    assert (step.status, step.cancelled_at) == ("open", None)
    assert event.after == {"task": "vision", "status": "REVIVED", "new_task": new_task.pk}


def test_the_office_undoes_a_submitted_step_with_one_audit_event(
    client, plan, department, coordinator, consultant
):
    # given a submitted vision step whose review was cancelled
    submit_step(client, plan, "vision", coordinator, vision_text="Onze visie.")
    done = StepPlanTask.objects.get(process=plan, flow_task=StepPlanFlow.vision,
                                    status=STATUS.DONE)
    client.force_login(consultant)
    review = open_task(plan, StepPlanFlow.vision_review)
    assert client.post(action_url(review, "cancel")).status_code == 302
    before = AuditEvent.objects.count()
    # when the consultant undoes the submitted step
    response = client.post(action_url(done, "undo"))
    # then it is undone, audited once
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == STATUS.CANCELED
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.department) == (
        "TASK_UNDONE", consultant, department)


@pytest.mark.parametrize("action", ["cancel", "revive", "undo"])
@pytest.mark.parametrize("who", ["coordinator", "other_coordinator", "auditor"])
def test_anyone_but_the_office_is_refused_and_nothing_changes(
    client, plan, consultant, action, who, request
):
    # given an open task (cancelled first when the action needs a cancelled one), and a
    # finished task for undo
    task = open_task(plan, StepPlanFlow.vision)
    if action == "revive":
        client.force_login(consultant)
        client.post(action_url(task, "cancel"))
    if action == "undo":
        task = StepPlanTask.objects.get(process=plan, flow_task=StepPlanFlow.start)
    task.refresh_from_db()
    statuses = dict(StepPlanTask.objects.values_list("pk", "status"))
    before = events()
    # when someone who is not the office tries it
    client.force_login(request.getfixturevalue(who))
    response = client.post(action_url(task, action))
    # then refused, nothing changed
    assert response.status_code == (404 if who == "other_coordinator" else 403)
    assert dict(StepPlanTask.objects.values_list("pk", "status")) == statuses
    assert events() == before


def test_a_second_coordinator_of_the_department_cannot_cancel(client, plan, department):
    colleague = factories.coordinator_of(department, username="collega")
    task = open_task(plan, StepPlanFlow.vision)
    before = events()
    client.force_login(colleague)
    assert client.post(action_url(task, "cancel")).status_code == 403
    task.refresh_from_db()
    assert task.status == STATUS.NEW
    assert events() == before
