"""Data stored by the code before issue 8 works with the code after it.

An onboarding started while the flow lived in the register (insurance) is continued after the
move to workflows: the migration rewrites viewflow's stored references, says whom the open
tasks are for, and moves the content type so that the audit trail still names the volunteer.
A plan started while the due dates lived on the round keeps its dates, on its plan steps."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from viewflow.workflow.status import STATUS

from beleid import selectors
from beleid.models import AuditEvent
from workflows.models import OnboardingProcess, OnboardingTask
from workflows.onboarding.flows import OnboardingFlow

from .test_onboarding_flow import INTAKE

BEFORE_THE_MOVE = [("insurance", "0004_verbose_names"), ("workflows", "0003_task_names")]
OLD_FLOW = "insurance/flows.OnboardingFlow"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def stored_references(process_pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT flow_class FROM viewflow_process WHERE id = %s", [process_pk])
        flow_class = cursor.fetchone()[0]
        cursor.execute(
            "SELECT flow_task, owner_permission FROM viewflow_task WHERE process_id = %s "
            "ORDER BY id", [process_pk])
        return flow_class, cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_an_onboarding_started_before_the_move_is_continued_after(
    client, coordinator, consultant, department
):
    # given an intake registered, then the database taken back to before the move, where the
    # rows read as the register's flow stored them (and its open task named no audience)
    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": department.pk})
    assert response.status_code == 302
    process_pk = OnboardingProcess.objects.get().pk
    try:
        migrate(BEFORE_THE_MOVE)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE viewflow_task SET owner_permission = NULL")
        old_type = ContentType.objects.get(app_label="insurance", model="onboardingprocess")
        AuditEvent.objects.create(
            event_type="ONBOARDING_CANCELLED", department=department, object_type=old_type,
            object_id=str(process_pk), before={"status": "NEW"}, after={"status": "NEW"})
        assert stored_references(process_pk) == (OLD_FLOW, [
            (f"{OLD_FLOW}.start", None), (f"{OLD_FLOW}.information_note", None)])

        # when the code's migrations run
        migrate(latest())
    finally:
        migrate(latest())

    # then the stored references are the new ones and the task is the coordinators'
    new_flow = "workflows/onboarding.flows.OnboardingFlow"
    assert stored_references(process_pk) == (new_flow, [
        (f"{new_flow}.start", None),
        (f"{new_flow}.information_note", "workflows.department_coordinator")])
    # and the coordinator finds the task in their queue, takes it and records the note
    task = OnboardingTask.objects.get(process_id=process_pk, status=STATUS.NEW)
    assert task.flow_task == OnboardingFlow.information_note
    queue = OnboardingTask.objects.queue([OnboardingFlow], coordinator)
    assert list(queue.values_list("pk", flat=True)) == [task.pk]
    assert client.post(task.flow_task.reverse("assign", args=[process_pk, task.pk])
                       ).status_code == 302
    response = client.post(task.flow_task.reverse("execute", args=[process_pk, task.pk]),
                           {"given_on": "2025-03-14", "method": "paper"})
    assert response.status_code == 302
    assert OnboardingTask.objects.get(process_id=process_pk, status=STATUS.NEW).flow_task == (
        OnboardingFlow.duty_to_report)
    # and the audit trail names the volunteer of the event stored before the move
    event = AuditEvent.objects.get(event_type="ONBOARDING_CANCELLED")
    assert (event.object_type.app_label, event.object_type.model) == (
        "workflows", "onboardingprocess")
    with translation.override("nl-be"):
        row = selectors.audit_rows([event], consultant)[0]
    assert row.subject == "Lies Van Acker"


@pytest.mark.django_db(transaction=True)
def test_plans_started_before_the_due_date_moved_keep_their_dates(framework, department,
                                                                   other_department):
    from workflows.models import PlanStep, StepPlanProcess, StepPlanTask

    from .conftest import start

    # given a prepared plan and one still waiting for its checklists, as the old code stored
    # them: the dates on the round, on the prepared plan's steps and in its tasks' data; the
    # waiting plan without steps (here its checklists are taken away again: in a test with
    # real commits the background task prepares every plan at once)
    due = datetime.date(2024, 11, 30)
    start(framework, [department, other_department], due=due)
    prepared = StepPlanProcess.objects.get(department=department)
    waiting = StepPlanProcess.objects.get(department=other_department)
    try:
        migrate([("workflows", "0004_onboarding_from_insurance")])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM workflows_checklistitem WHERE plan_step_id IN "
                           "(SELECT id FROM workflows_planstep WHERE process_id = %s)",
                           [waiting.pk])
            cursor.execute("DELETE FROM workflows_planstep WHERE process_id = %s", [waiting.pk])
            cursor.execute("SELECT due_dates FROM workflows_round")
            assert '"vision": "2024-11-30"' in cursor.fetchone()[0]
        StepPlanTask.objects.filter(process=prepared, flow_task_type="HUMAN").update(
            data={"step": "vision", "due": "2024-11-30"})

        # when the code's migrations run
        migrate(latest())
    finally:
        migrate(latest())

    # then every plan has its steps with the round's dates, stored there only
    dates = set(PlanStep.objects.filter(process=waiting).values_list("due_date", flat=True))
    assert dates == {due}
    assert PlanStep.objects.filter(process=waiting).count() == framework.steps.count()
    assert [task.data for task in StepPlanTask.objects.filter(
        process=prepared, flow_task_type="HUMAN")] == [{"step": "vision"}] * 4
    prepared.refresh_from_db()
    waiting.refresh_from_db()
    # the prepared plan counts as prepared, the waiting one gets its checklists when its
    # background task runs
    assert (prepared.prepared_at is not None, waiting.prepared_at) == (True, None)
