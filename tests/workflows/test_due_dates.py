"""A step's due date is stored on the plan step only; its timer and the lists read it there;
viewflow timers note overdue steps from the periodic task."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from workflows import tasks
from workflows.flows import StepPlanFlow
from workflows.models import PlanStep, StepPlanTask

from .conftest import open_task, submit_step


def test_the_due_date_lives_on_the_plan_step_and_the_timer_reads_it(plan):
    task = open_task(plan, StepPlanFlow.onboarding)
    assert task.data == {"step": "onboarding"}
    assert PlanStep.objects.get(process=plan, step__code="onboarding").due_date == (
        datetime.date(2024, 12, 1)
    )
    timer = StepPlanTask.objects.get(process=plan, flow_task=StepPlanFlow.onboarding__timeout)
    assert timer.status == STATUS.SCHEDULED
    assert timezone.localtime(timer.scheduled).isoformat() == "2024-12-01T23:59:59+01:00"


def test_overdue_steps_are_noted_once_and_the_work_stays_open(client, plan, coordinator):
    # given the vision step is submitted in time, the others are not
    with time_machine.travel(datetime.datetime(2024, 11, 1, 12, tzinfo=datetime.UTC)):
        submit_step(client, plan, "vision", coordinator, vision_text="Visie")
    # when the periodic task runs before and after the due date
    with time_machine.travel(datetime.datetime(2024, 11, 30, 12, tzinfo=datetime.UTC)):
        assert tasks.fire_due_timers() == 0
    with time_machine.travel(datetime.datetime(2024, 12, 2, 12, tzinfo=datetime.UTC)):
        fired = tasks.fire_due_timers()
        again = tasks.fire_due_timers()
    # then the three open checklist steps are noted overdue once; the submitted one is not
    assert (fired, again) == (3, 0)
    overdue = PlanStep.objects.filter(process=plan, overdue_noted_at__isnull=False)
    assert sorted(overdue.values_list("step__code", flat=True)) == [
        "insurance",
        "onboarding",
        "training",
    ]
    assert AuditEvent.objects.filter(event_type="STEP_OVERDUE").count() == 3
    # and the coordinators can still complete them
    assert open_task(plan, StepPlanFlow.onboarding).status == STATUS.NEW


def test_overdue_work_is_visible(client, plan, coordinator, consultant):
    with time_machine.travel(datetime.datetime(2024, 12, 5, 12, tzinfo=datetime.UTC)):
        client.force_login(coordinator)
        inbox = client.get(reverse("stepplan:inbox")).content.decode()
        assert inbox.count("workflows-overdue") == 4
        client.force_login(consultant)
        rounds = client.get(reverse("workflows:index")).content.decode()
        assert rounds.count(f'href="/stepplan/{plan.pk}/"') == 4
        detail = client.get(reverse("workflows:round_detail", args=[2024])).content.decode()
        assert detail.count('class="ui-badge ui-badge--warn"') == 4


@pytest.mark.parametrize("status", PlanStep.Status.values)
@pytest.mark.parametrize("days", [-1, 0, 1])
def test_one_rule_of_overdue_for_a_step_and_for_a_query(plan, status, days):
    # given a step with this status, due `days` from today
    step = PlanStep.objects.get(process=plan, step__code="vision")
    PlanStep.objects.filter(pk=step.pk).update(
        status=status, due_date=timezone.localdate() + datetime.timedelta(days=days))
    step.refresh_from_db()

    # when the rule is asked of the step and of the database
    overdue = step.is_overdue
    listed = PlanStep.objects.overdue().filter(pk=step.pk).exists()

    # then both say the same: overdue once the due date passed while the step is still open
    assert overdue == listed == (days < 0 and status in ("open", "submitted", "returned"))
