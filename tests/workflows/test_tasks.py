"""Claiming, releasing and cancelling: audited, and only for whom the task is meant."""

from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from beleid.models import AuditEvent
from tests import factories
from workflows.flows import StepPlanFlow
from workflows.models import StepPlanTask

from .conftest import open_task


def test_coordinator_claims_and_releases_a_task(client, plan, department, coordinator):
    colleague = factories.coordinator_of(department, username="collega")
    task = open_task(plan, StepPlanFlow.vision)
    client.force_login(coordinator)
    response = client.post(task.flow_task.reverse("assign", args=[plan.pk, task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.ASSIGNED, coordinator)
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.department) == (
        "TASK_ASSIGNED",
        coordinator,
        department,
    )
    # a colleague of the same department can no longer take or execute it
    client.force_login(colleague)
    execute = task.flow_task.reverse("execute", args=[plan.pk, task.pk])
    assert client.get(execute).status_code == 403
    client.force_login(coordinator)
    response = client.post(task.flow_task.reverse("unassign", args=[plan.pk, task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.NEW, None)
    assert AuditEvent.objects.latest("id").event_type == "TASK_UNASSIGNED"


def test_bulk_assign_takes_only_the_users_own_queue(
    client, framework, plan, other_department, other_coordinator, django_capture_on_commit_callbacks
):
    from .conftest import start

    start(framework, [other_department], capture=django_capture_on_commit_callbacks)
    client.force_login(other_coordinator)
    response = client.post(reverse("stepplan:tasks_assign"), {"select_all": "1", "_confirm": "1"})
    assert response.status_code == 302
    taken = StepPlanTask.objects.filter(owner=other_coordinator)
    assert taken.count() == 4
    assert {t.process.stepplanprocess.department for t in taken} == {other_department}
    assert not StepPlanTask.objects.filter(process=plan, owner__isnull=False).exists()
    assert AuditEvent.objects.filter(event_type="TASK_ASSIGNED").count() == 4
    # and a task of another department named explicitly is not in reach
    victim = open_task(plan, StepPlanFlow.vision)
    client.post(reverse("stepplan:tasks_assign"), {"pk": [victim.pk], "_confirm": "1"})
    victim.refresh_from_db()
    assert victim.owner is None


def test_only_the_office_cancels_a_plan(client, plan, coordinator, consultant):
    url = reverse("stepplan:process_cancel", args=[plan.pk])
    client.force_login(coordinator)
    assert client.post(url, {"_cancel_process": "1"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PROCESS.NEW
    client.force_login(consultant)
    assert client.post(url, {"_cancel_process": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PROCESS.CANCELED
    assert not StepPlanTask.objects.filter(
        process=plan, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.SCHEDULED]
    ).exists()
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.before, event.after) == (
        "PLAN_CANCELLED",
        {"status": "NEW"},
        {"status": "CANCELED"},
    )
