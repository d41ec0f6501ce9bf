"""Starting the yearly round: all departments in one action, never twice, from the command line."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent, Department
from workflows.models import PlanStep, Round, StepPlanProcess, StepPlanTask
from workflows.services import WorkflowError

from .conftest import start


def counts():
    return (
        Round.objects.count(),
        StepPlanProcess.objects.count(),
        StepPlanTask.objects.count(),
        AuditEvent.objects.count(),
    )


def test_round_for_all_demo_departments_in_one_action(
    client, framework, consultant, django_capture_on_commit_callbacks
):
    # given the demo city
    call_command("seed_demo", stdout=None)
    active = Department.objects.filter(active=True)
    assert active.count() >= 40
    # when a consultant starts the round without choosing departments
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workflows:round_start"),
            {
                "year": 2024,
                "framework_version": framework.pk,
                "due_date": "2024-12-01",
                "due_vision": "2024-06-30",
            },
        )
    # then every active department has its plan with its four steps
    assert response.status_code == 302
    assert StepPlanProcess.objects.filter(year=2024).count() == active.count()
    assert PlanStep.objects.count() == 4 * active.count()
    assert set(PlanStep.objects.filter(step__code="vision").values_list("due_date", flat=True)) == {
        __import__("datetime").date(2024, 6, 30)
    }
    assert AuditEvent.objects.filter(event_type="ROUND_STARTED").count() == 1
    assert AuditEvent.objects.filter(event_type="PLAN_STARTED").count() == active.count()

    # and a coordinator's inbox lists only their own department's tasks
    department = active.order_by("name").first()
    coordinator = department.coordinators.get()
    client.force_login(coordinator)
    page = client.get(reverse("stepplan:inbox")).content.decode()
    process = StepPlanProcess.objects.get(department=department)
    listed = set(re.findall(r'href="/stepplan/(\d+)/\w+/\d+/"', page))
    assert listed == {str(process.pk)}
    assert page.count("<tr data-row-id=") == 4


def test_same_department_and_year_cannot_start_twice(
    framework, department, other_department, consultant
):
    start(framework, [department], actor=consultant)
    before = counts()
    with pytest.raises(WorkflowError, match="Al gestart voor 2024: Bibliotheek"):
        start(framework, [other_department, department], actor=consultant)
    assert counts() == before
    assert not StepPlanProcess.objects.filter(department=other_department).exists()
    # a department added later joins the same round
    start(framework, [other_department], actor=consultant)
    assert Round.objects.get().processes.count() == 2


def test_office_only_starts_rounds(client, framework, coordinator, auditor):
    for user in (coordinator, auditor):
        client.force_login(user)
        response = client.post(
            reverse("workflows:round_start"),
            {"year": 2024, "framework_version": framework.pk, "due_date": "2024-12-01"},
        )
        assert response.status_code == 403
    assert counts()[:3] == (0, 0, 0)


def test_start_round_command(framework, department, other_department, capsys):
    call_command("start_round", "2024", "--departments", "bibliotheek", "--due", "2024-11-15")
    assert capsys.readouterr().out == (
        "Round 2024 (framework 2024.1): 1 department(s) started, due 2024-11-15.\n"
    )
    process = StepPlanProcess.objects.get()
    assert process.department == department
    assert StepPlanTask.objects.filter(process=process, status=STATUS.NEW).count() == 1  # prepare
    with pytest.raises(CommandError, match="Al gestart voor 2024: Bibliotheek"):
        call_command("start_round", "2024", "--departments", "bibliotheek")
    with pytest.raises(CommandError, match="Unknown departments: nergens"):
        call_command("start_round", "2024", "--departments", "nergens")
    with pytest.raises(CommandError, match="Al gestart voor 2024: Bibliotheek"):
        call_command("start_round", "2024")  # every active department: one is started
    call_command("start_round", "2024", "--departments", "musea")
    assert StepPlanProcess.objects.count() == 2


def test_start_round_command_can_skip_started_departments(
    framework, department, other_department, capsys
):
    call_command("start_round", "2024", "--departments", "bibliotheek")
    capsys.readouterr()

    call_command("start_round", "2024", "--skip-started")
    call_command("start_round", "2024", "--skip-started")

    assert capsys.readouterr().out == (
        "Round 2024 (framework 2024.1): 1 department(s) started, due 2024-12-01.\n"
        "Round 2024: every department has been started already.\n"
    )
    assert sorted(StepPlanProcess.objects.values_list("department__slug", flat=True)) == [
        "bibliotheek", "musea"
    ]
