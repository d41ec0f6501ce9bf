"""viewflow's own actions on an onboarding: assign/unassign by the department's coordinators,
cancel/undo/revive and cancelling the whole process by the office only; each with exactly one
audit event (actor and department); anyone else is refused and nothing changes."""

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from beleid.models import AuditEvent
from workflows.models import OnboardingProcess
from workflows.onboarding.flows import OnboardingFlow

from .test_onboarding_flow import INTAKE


@pytest.fixture
def started(client, coordinator, department, frozen_today):
    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": department.pk})
    assert response.status_code == 302
    client.logout()
    return OnboardingProcess.objects.get()


def note_task(process):
    return Task.objects.get(process=process, flow_task=OnboardingFlow.information_note)


def action_url(task, action):
    return task.flow_task.reverse(action, args=[task.process_id, task.pk])


def snapshot():
    return (
        list(Task.objects.order_by("pk").values_list("pk", "status", "owner")),
        list(OnboardingProcess.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


def the_new_event(before_count):
    assert AuditEvent.objects.count() == before_count + 1
    return AuditEvent.objects.latest("id")


def test_the_coordinator_assigns_and_unassigns_with_one_event_each(
    client, started, department, coordinator
):
    task = note_task(started)
    client.force_login(coordinator)
    # when the department's coordinator takes the task
    count = AuditEvent.objects.count()
    assert client.post(action_url(task, "assign")).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.ASSIGNED, coordinator)
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_ASSIGNED", coordinator, department)
    # when they give it back
    count = AuditEvent.objects.count()
    assert client.post(action_url(task, "unassign")).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.NEW, None)
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_UNASSIGNED", coordinator, department)


# Another department's onboarding does not exist for its coordinators (404); the auditor may
# not open the onboarding at all (403: names of volunteers); the office does not take the
# coordinators' tasks (403).
@pytest.mark.parametrize("who,status", [
    ("other_coordinator", 404), ("auditor", 403), ("consultant", 403)])
def test_assign_by_anyone_else_is_refused_and_nothing_changes(client, started, who, status,
                                                              request):
    task = note_task(started)
    before = snapshot()
    client.force_login(request.getfixturevalue(who))
    assert client.post(action_url(task, "assign")).status_code == status
    assert snapshot() == before


def test_another_departments_coordinator_cannot_unassign(
    client, started, coordinator, other_coordinator
):
    task = note_task(started)
    client.force_login(coordinator)
    client.post(action_url(task, "assign"))
    before = snapshot()
    client.force_login(other_coordinator)
    assert client.post(action_url(task, "unassign")).status_code == 404
    assert snapshot() == before


def test_the_office_cancels_and_revives_a_task_with_one_event_each(
    client, started, department, consultant
):
    task = note_task(started)
    client.force_login(consultant)
    count = AuditEvent.objects.count()
    assert client.post(action_url(task, "cancel")).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_CANCELLED", consultant, department)

    count = AuditEvent.objects.count()
    assert client.post(action_url(task, "revive")).status_code == 302
    task.refresh_from_db()
    new_task = Task.objects.get(process=started, flow_task=OnboardingFlow.information_note,
                                status=STATUS.NEW)
    assert task.status == STATUS.REVIVED
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department, event.after["new_task"]) == (
        "ONBOARDING_TASK_REVIVED", consultant, department, new_task.pk)


def test_the_office_undoes_the_intake_with_one_event(client, started, department, consultant):
    # given the task after the intake was cancelled
    client.force_login(consultant)
    client.post(action_url(note_task(started), "cancel"))
    intake = Task.objects.get(process=started, flow_task=OnboardingFlow.start)
    count = AuditEvent.objects.count()
    # when the consultant undoes the intake
    assert client.post(action_url(intake, "undo")).status_code == 302
    # then
    intake.refresh_from_db()
    assert intake.status == STATUS.CANCELED
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_UNDONE", consultant, department)


@pytest.mark.parametrize("action", ["cancel", "revive", "undo"])
@pytest.mark.parametrize("who,status", [
    ("coordinator", 403), ("other_coordinator", 404), ("auditor", 403)])
def test_task_actions_by_anyone_but_the_office_are_refused(
    client, started, consultant, action, who, status, request
):
    task = note_task(started)
    if action == "revive":
        client.force_login(consultant)
        client.post(action_url(task, "cancel"))
    if action == "undo":
        client.force_login(consultant)
        client.post(action_url(task, "cancel"))
        task = Task.objects.get(process=started, flow_task=OnboardingFlow.start)
    before = snapshot()
    client.force_login(request.getfixturevalue(who))
    assert client.post(action_url(task, action)).status_code == status
    assert snapshot() == before


def test_the_office_cancels_the_onboarding_with_one_event(
    client, started, department, consultant
):
    client.force_login(consultant)
    count = AuditEvent.objects.count()
    response = client.post(reverse("onboarding:process_cancel", args=[started.pk]),
                           {"_cancel_process": "1"})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == PROCESS.CANCELED
    assert note_task(started).status == STATUS.CANCELED
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department, event.after) == (
        "ONBOARDING_CANCELLED", consultant, department, {"status": "CANCELED"})


@pytest.mark.parametrize("who,status", [
    ("coordinator", 403), ("other_coordinator", 404), ("auditor", 403)])
def test_cancelling_the_onboarding_by_anyone_else_is_refused(client, started, who, status,
                                                             request):
    before = snapshot()
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("onboarding:process_cancel", args=[started.pk]),
                           {"_cancel_process": "1"})
    assert response.status_code == status
    assert snapshot() == before


def test_bulk_assign_and_unassign_are_audited_per_task(client, started, department, coordinator):
    task = note_task(started)
    client.force_login(coordinator)
    count = AuditEvent.objects.count()
    response = client.post(reverse("onboarding:tasks_assign"), {"pk": [task.pk], "_confirm": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == coordinator
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_ASSIGNED", coordinator, department)
    count = AuditEvent.objects.count()
    response = client.post(reverse("onboarding:tasks_unassign"),
                           {"pk": [task.pk], "_confirm": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner is None
    event = the_new_event(count)
    assert (event.event_type, event.actor, event.department) == (
        "ONBOARDING_TASK_UNASSIGNED", coordinator, department)


def test_bulk_assign_by_another_departments_coordinator_changes_nothing(
    client, started, other_coordinator
):
    task = note_task(started)
    before = snapshot()
    client.force_login(other_coordinator)
    client.post(reverse("onboarding:tasks_assign"), {"pk": [task.pk], "_confirm": "1"})
    client.post(reverse("onboarding:tasks_assign"), {"select_all": "1", "_confirm": "1"})
    assert snapshot() == before
