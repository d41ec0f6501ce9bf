"""Every list of both flows, the round overview and the process pages cost no more queries with
12 rows than with 2: what a row shows is loaded with the rows (select_related, prefetch,
annotations), and the long lists come a page at a time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import STATUS

from tests import factories
from workflows.models import OnboardingProcess, OnboardingTask, StepPlanProcess, StepPlanTask
from workflows.onboarding.flows import OnboardingFlow

from .conftest import execute_url, review_step, start, submit_step
from .test_onboarding_flow import INTAKE

ROWS = re.compile(r'<tr data-row-id=|<tr id="department-|<tr id="step-|class="mdc-card" style=')


def measured(client, url) -> tuple[int, int]:
    """(queries, rows) of a page, after a first request that warms the caches (session,
    content types)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), len(ROWS.findall(response.content.decode()))


def assert_constant(client, pages, grow, django_assert_max_num_queries):
    """Each page costs at most as many queries after `grow()` as before, and shows more rows."""
    small = {name: measured(client, url) for name, url in pages.items()}
    grow()
    for name, url in pages.items():
        queries, rows = small[name]
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        grown = len(ROWS.findall(response.content.decode()))
        assert grown > rows, f"{name}: {rows} rows before, {grown} after"


# --- the step plan ------------------------------------------------------------------------------


@pytest.fixture
def departments(db):
    """Twelve departments, all coordinated by one person."""
    coordinator = factories.UserFactory(username="coordinator-of-many")
    departments = [factories.DepartmentFactory() for _ in range(12)]
    for department in departments:
        department.coordinators.add(coordinator)
    return coordinator, departments


def start_and_submit(client, framework, departments, coordinator, capture):
    """Plans for `departments`, each with its vision submitted (archive and review queue)."""
    start(framework, departments, capture=capture)
    for department in departments:
        process = StepPlanProcess.objects.get(department=department)
        submit_step(client, process, "vision", coordinator, vision_text="Visie")


STEP_PLAN_LISTS = ["inbox", "queue", "archive", "process_list", "task_list"]


@pytest.mark.parametrize("role", ["coordinator", "consultant"])
def test_the_step_plans_lists_and_round_overview_cost_the_same_for_2_and_12_departments(
    client, framework, departments, consultant, role, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    coordinator, departments = departments
    start_and_submit(client, framework, departments[:2], coordinator,
                     django_capture_on_commit_callbacks)
    user = coordinator if role == "coordinator" else consultant
    client.force_login(user)
    names = STEP_PLAN_LISTS if role == "coordinator" else ["queue", "process_list", "task_list"]
    pages = {name: reverse(f"stepplan:{name}") for name in names}
    pages["round overview"] = reverse("workflows:round_detail", args=[2024])

    def grow():
        start_and_submit(client, framework, departments[2:], coordinator,
                         django_capture_on_commit_callbacks)
        client.force_login(user)

    assert_constant(client, pages, grow, django_assert_max_num_queries)


def test_the_plans_page_costs_the_same_with_2_and_12_tasks(
    client, plan, coordinator, consultant, django_assert_max_num_queries
):
    url = reverse("stepplan:process_detail", args=[plan.pk])

    def return_the_vision(times):
        for _ in range(times):
            submit_step(client, plan, "vision", coordinator, vision_text="Visie")
            review_step(client, plan, "vision", consultant, decision="return", comment="Nog niet.")
        client.force_login(consultant)

    return_the_vision(1)  # the same kinds of tasks and events as below, fewer of them
    small = measured(client, url)
    return_the_vision(5)

    assert StepPlanTask.objects.filter(process=plan, flow_task_type="HUMAN").count() >= 12
    with django_assert_max_num_queries(small[0]):
        response = client.get(url)
    assert response.content.decode().count("/vision_review/") >= 6


# --- the onboarding ---------------------------------------------------------------------------


def take(client, task):
    url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    assert client.post(url).status_code == 302


def onboard(client, coordinator, department, first, count):
    """`count` intakes; the coordinator records every information note (their archive), then
    takes half of the next tasks (their inbox; the other half stays in their queue)."""
    client.force_login(coordinator)
    for n in range(first, first + count):
        response = client.post(reverse("onboarding:start:execute"),
                               {**INTAKE, "first_name": f"V{n}", "department": department.pk})
        assert response.status_code == 302
    for task in OnboardingTask.objects.filter(flow_task=OnboardingFlow.information_note,
                                              status=STATUS.NEW):
        take(client, task)
        response = client.post(execute_url(task), {"given_on": "2025-03-14", "method": "paper"})
        assert response.status_code == 302
    for task in OnboardingTask.objects.filter(flow_task=OnboardingFlow.duty_to_report,
                                              status=STATUS.NEW)[: count // 2]:
        take(client, task)


ONBOARDING_LISTS = ["index", "inbox", "queue", "archive", "process_list", "task_list"]


@pytest.mark.parametrize("role", ["coordinator", "consultant"])
def test_the_onboardings_lists_cost_the_same_for_2_and_12_onboardings(
    client, coordinator, department, consultant, frozen_today, role,
    django_assert_max_num_queries,
):
    onboard(client, coordinator, department, 0, 2)
    client.force_login(coordinator if role == "coordinator" else consultant)
    # The office sees every onboarding, but the tasks are the coordinators' (not in its queue).
    names = ONBOARDING_LISTS if role == "coordinator" else ["index", "process_list", "task_list"]
    pages = {name: reverse(f"onboarding:{name}") for name in names}

    def grow():
        onboard(client, coordinator, department, 2, 10)
        client.force_login(coordinator if role == "coordinator" else consultant)

    assert_constant(client, pages, grow, django_assert_max_num_queries)


def test_an_onboardings_page_costs_the_same_with_2_and_12_tasks(
    client, coordinator, department, consultant, frozen_today, django_assert_max_num_queries
):
    onboard(client, coordinator, department, 0, 1)
    process = OnboardingProcess.objects.get()
    client.force_login(consultant)
    url = reverse("onboarding:process_detail", args=[process.pk])
    small = measured(client, url)

    for _ in range(10):  # the office cancels and reopens the open task: one task more each time
        task = OnboardingTask.objects.get(process=process, status__in=[STATUS.NEW,
                                                                       STATUS.ASSIGNED])
        client.post(task.flow_task.reverse("cancel", args=[process.pk, task.pk]))
        client.post(task.flow_task.reverse("revive", args=[process.pk, task.pk]))

    assert OnboardingTask.objects.filter(process=process).count() >= 12
    with django_assert_max_num_queries(small[0]):
        response = client.get(url)
    assert response.content.decode().count("<tr>") >= 12


def test_the_row_pattern_counts_the_rows_of_a_list(client, plan, coordinator):
    client.force_login(coordinator)

    _queries, rows = measured(client, reverse("stepplan:inbox"))

    assert rows == 4  # the four checklists of the plan
