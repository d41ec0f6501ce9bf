"""Who sees and may act on which process and task: viewflow's pages scoped by department."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from tests import factories
from workflows.flows import StepPlanFlow
from workflows.models import ChecklistItem, PlanStep, StepPlanProcess, StepPlanTask

from .conftest import open_task, start

TASK_VIEWS = ("index", "detail", "execute", "assign", "unassign", "cancel", "undo", "revive")
PROCESS_VIEWS = ("process_detail", "process_chart", "process_cancel")


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(StepPlanTask.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        list(PlanStep.objects.order_by("pk").values_list("pk", "status")),
        list(ChecklistItem.objects.order_by("pk").values_list("pk", "status", "interpretation")),
        AuditEvent.objects.count(),
    )


def task_urls(process):
    urls = []
    for task in StepPlanTask.objects.filter(process=process):
        for name in TASK_VIEWS:
            try:
                urls.append(task.flow_task.reverse(name, args=[process.pk, task.pk]))
            except NoReverseMatch:
                continue
    for name in PROCESS_VIEWS:
        urls.append(reverse(f"stepplan:{name}", args=[process.pk]))
    return urls


def item_post(plan_step):
    data = {"action": "submit"}
    for item in ChecklistItem.objects.filter(plan_step=plan_step):
        data.update({f"item-{item.pk}-status": "met", f"item-{item.pk}-interpretation": "x"})
    return data


def test_another_departments_coordinator_gets_404_on_every_url(client, plan, other_coordinator):
    # given the plan of another department, with open tasks
    urls = task_urls(plan)
    assert len(urls) > 20
    before = state()
    client.force_login(other_coordinator)
    # when they try every task and process URL, with GET and POST
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, item_post(PlanStep.objects.filter(process=plan).first())).status_code
            == 404
        ), url
    # then nothing changed
    assert state() == before


def test_a_task_of_another_process_under_own_process_url_is_404(
    client, framework, plan, other_department, other_coordinator, django_capture_on_commit_callbacks
):
    start(framework, [other_department], capture=django_capture_on_commit_callbacks)
    own = StepPlanProcess.objects.get(department=other_department)
    victim = open_task(plan, StepPlanFlow.vision)
    before = state()
    client.force_login(other_coordinator)
    url = f"/stepplan/{own.pk}/vision/{victim.pk}/execute/"
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, item_post(PlanStep.objects.get(process=plan, step__code="vision"))
        ).status_code
        == 404
    )
    assert state() == before


def test_wrong_role_cannot_execute(client, plan, coordinator, consultant, auditor):
    vision = open_task(plan, StepPlanFlow.vision)
    plan_step = PlanStep.objects.get(process=plan, step__code="vision")
    vision_url = vision.flow_task.reverse("execute", args=[plan.pk, vision.pk])
    before = state()
    # a consultant does not complete a department's checklist, an auditor nothing at all
    for user in (consultant, auditor):
        client.force_login(user)
        assert client.get(vision_url).status_code == 403
        assert client.post(vision_url, item_post(plan_step)).status_code == 403
    assert state() == before

    # given the coordinator submitted the step
    client.force_login(coordinator)
    assert (
        client.post(vision_url, {**item_post(plan_step), "vision_text": "Visie"}).status_code == 302
    )
    review = open_task(plan, StepPlanFlow.vision_review)
    review_url = review.flow_task.reverse("execute", args=[plan.pk, review.pk])
    before = state()
    # the coordinator cannot review their own step, nor can the auditor
    for user in (coordinator, auditor):
        client.force_login(user)
        assert client.get(review_url).status_code == 403
        assert client.post(review_url, {"decision": "approve"}).status_code == 403
        assert (
            client.post(review.flow_task.reverse("assign", args=[plan.pk, review.pk])).status_code
            == 403
        )
        assert (
            client.post(review.flow_task.reverse("cancel", args=[plan.pk, review.pk])).status_code
            == 403
        )
    assert state() == before


def test_lists_show_only_own_departments(
    client,
    framework,
    department,
    other_department,
    coordinator,
    consultant,
    django_capture_on_commit_callbacks,
):
    start(framework, [department, other_department], capture=django_capture_on_commit_callbacks)
    own = StepPlanProcess.objects.get(department=department)
    other = StepPlanProcess.objects.get(department=other_department)
    client.force_login(coordinator)
    for name in ("inbox", "queue", "process_list", "task_list"):
        page = client.get(reverse(f"stepplan:{name}")).content.decode()
        assert f"/stepplan/{own.pk}/" in page, name
        assert f"/stepplan/{other.pk}/" not in page, name
    # the consultant's queue holds no checklist tasks (they are the departments' work)
    client.force_login(consultant)
    assert (
        f"/stepplan/{own.pk}/vision/" not in client.get(reverse("stepplan:queue")).content.decode()
    )
    assert f"/stepplan/{own.pk}/" in client.get(reverse("stepplan:process_list")).content.decode()
    assert f"/stepplan/{other.pk}/" in client.get(reverse("stepplan:process_list")).content.decode()


def test_inbox_queries_do_not_grow_with_departments(
    client, framework, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    # given one coordinator of two departments, then of eight
    coordinator = factories.UserFactory(username="many")
    departments = [factories.DepartmentFactory() for _ in range(8)]
    for department in departments:
        department.coordinators.add(coordinator)
    start(framework, departments[:2], capture=django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    client.get(reverse("stepplan:inbox"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("stepplan:inbox")).status_code == 200
    start(framework, departments[2:], year=2024, capture=django_capture_on_commit_callbacks)
    assert StepPlanTask.objects.filter(flow_task_type="HUMAN", status=STATUS.NEW).count() == 32
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("stepplan:inbox"))
    assert page.status_code == 200
    assert page.content.decode().count("<tr data-row-id=") == 25  # one page


def test_menu_count_of_the_inbox_is_what_the_inbox_shows(
    client, framework, department, coordinator, django_capture_on_commit_callbacks
):
    start(framework, [department], capture=django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    page = client.get(reverse("stepplan:inbox")).content.decode()

    shown = page.count("<tr data-row-id=")
    assert shown == 4  # the four checklists of the plan
    counts = re.findall(r'stepplan/inbox/".*?mdc-list-item__meta">(\d+)<', page, re.S)
    assert counts[0] == str(shown)


@pytest.mark.parametrize("name", ["inbox", "queue", "archive", "process_list", "task_list"])
def test_anonymous_sees_nothing(client, plan, name):
    response = client.get(reverse(f"stepplan:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert f"/stepplan/{plan.pk}/" not in response.content.decode()


def test_round_pages_are_scoped(
    client,
    framework,
    department,
    other_department,
    coordinator,
    other_coordinator,
    consultant,
    django_capture_on_commit_callbacks,
):
    start(framework, [department], capture=django_capture_on_commit_callbacks)
    url = reverse("workflows:round_detail", args=[2024])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Bibliotheek" in page
    client.force_login(other_coordinator)  # their department is not in the round
    assert client.get(url).status_code == 404
    assert "Bibliotheek" not in client.get(reverse("workflows:index")).content.decode()
    client.force_login(consultant)
    assert client.get(reverse("workflows:round_start")).status_code == 200
    assert "Bibliotheek" in client.get(url).content.decode()


# What a POST by the auditor answers, by the last part of the URL: a task's index page sends
# the reader to its detail page, pages that only show answer 405, every change 403.
AUDITOR_POSTS = {"detail": 405, "chart": 405, "execute": 403, "assign": 403, "unassign": 403,
                 "cancel": 403, "undo": 403, "revive": 403}


def test_read_only_auditor_changes_nothing_through_any_task_url(client, plan, auditor):
    # the auditor may read every department's plan, but no task URL changes anything
    client.force_login(auditor)
    before = state()
    data = item_post(PlanStep.objects.filter(process=plan).first())
    answers, expected = {}, {}
    for url in task_urls(plan):
        response = client.post(url, data)
        answers[url] = (response.status_code, response.get("Location"))
        last = url.rstrip("/").rsplit("/", 1)[-1]
        if last.isdigit() and url != reverse("stepplan:process_detail", args=[plan.pk]):
            expected[url] = (302, f"{url}detail/")
        else:
            expected[url] = (AUDITOR_POSTS.get(last, 405), None)
    assert answers == expected
    assert state() == before


# --- the onboarding: the same refusals ------------------------------------------------------


@pytest.fixture
def onboarding(client, coordinator, department, frozen_today):
    from workflows.models import OnboardingProcess

    from .test_onboarding_flow import INTAKE

    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": department.pk})
    assert response.status_code == 302
    client.logout()
    return OnboardingProcess.objects.get()


def onboarding_state():
    from workflows.models import OnboardingProcess, OnboardingTask

    return (
        list(OnboardingTask.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        list(OnboardingProcess.objects.order_by("pk").values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


def onboarding_urls(process):
    from workflows.models import OnboardingTask

    urls = [reverse(f"onboarding:{name}", args=[process.pk]) for name in PROCESS_VIEWS]
    for task in OnboardingTask.objects.filter(process=process):
        for name in TASK_VIEWS:
            try:
                urls.append(task.flow_task.reverse(name, args=[process.pk, task.pk]))
            except NoReverseMatch:
                continue
    return urls


def test_another_departments_coordinator_gets_404_on_every_onboarding_url(
    client, onboarding, other_coordinator
):
    urls = onboarding_urls(onboarding)
    assert len(urls) > 10
    before = onboarding_state()
    client.force_login(other_coordinator)

    refused = {url: (client.get(url).status_code, client.post(url, {}).status_code)
               for url in urls}

    assert refused == {url: (404, 404) for url in urls}
    assert onboarding_state() == before


def test_a_task_under_another_process_or_node_in_the_url_is_404(
    client, onboarding, coordinator, department, frozen_today
):
    from workflows.models import OnboardingProcess, OnboardingTask

    from .test_onboarding_flow import INTAKE

    client.force_login(coordinator)
    client.post(reverse("onboarding:start:execute"),
                {**INTAKE, "first_name": "Mira", "department": department.pk})
    second = OnboardingProcess.objects.exclude(pk=onboarding.pk).get()
    task = OnboardingTask.objects.get(process=onboarding, status=STATUS.NEW)
    before = onboarding_state()

    wrong_process = f"/onboarding/{second.pk}/information_note/{task.pk}/assign/"
    wrong_node = f"/onboarding/{onboarding.pk}/insure/{task.pk}/assign/"

    assert client.post(wrong_process).status_code == 404
    assert client.post(wrong_node).status_code == 404
    assert onboarding_state() == before


def test_a_task_completed_meanwhile_is_explained_not_refused(
    client, plan, department, coordinator
):
    # given two coordinators of the library; the first submitted the vision
    colleague = factories.coordinator_of(department, username="colleague")
    vision = open_task(plan, StepPlanFlow.vision)
    url = vision.flow_task.reverse("execute", args=[plan.pk, vision.pk])
    client.force_login(coordinator)
    data = {**item_post(PlanStep.objects.get(process=plan, step__code="vision")),
            "vision_text": "Visie"}
    assert client.post(url, data).status_code == 302
    before = state()

    # when the colleague posts the same page a moment later (in their own browser)
    other_browser = Client()
    other_browser.force_login(colleague)
    response = other_browser.post(url, data, follow=True)

    # then they are told who completed it, on the plan's page, and nothing changed
    assert response.redirect_chain == [(f"/stepplan/{plan.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"Deze taak werd al afgewerkt door {coordinator.get_full_name()}. "
        "Er werd niets gewijzigd."
    ]
    assert state() == before
