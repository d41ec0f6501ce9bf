"""Who may do a task is who finds it in their queue or inbox, for every role and both flows:
one rule (`beleid.access.can_do_department_work`) asked by the nodes and, as a query, by the
queues and inboxes (`scope_department_work`)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from viewflow.workflow.status import STATUS

from beleid.access import REGISTER_EXTRACT_PERMISSION
from workflows.models import OnboardingProcess, OnboardingTask, StepPlanProcess, StepPlanTask
from workflows.onboarding.flows import OnboardingFlow

from .conftest import StepPlanFlow, open_task, start, submit_step
from .test_onboarding_flow import INTAKE

ROLES = ["coordinator", "other_coordinator", "consultant", "administrator", "auditor"]


def listed(flow_class, user) -> set[int]:
    """The open tasks in the user's queue and inbox."""
    tasks = flow_class.task_class.objects
    return set(tasks.queue([flow_class], user).values_list("pk", flat=True)) | set(
        tasks.inbox([flow_class], user).values_list("pk", flat=True)
    )


def may_act_on(flow_class, user) -> set[int]:
    """The open tasks the user may do or take, as the nodes answer it."""
    open_tasks = flow_class.task_class.objects.filter(
        flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    return {
        task.pk
        for task in open_tasks
        if task.flow_task.can_execute(user, task) or task.flow_task.can_assign(user, task)
    }


@pytest.fixture
def plans(client, framework, department, other_department, coordinator, other_coordinator,
          consultant, django_capture_on_commit_callbacks):
    """Both departments' plans: checklists open, the library's vision submitted for review."""
    start(framework, [department, other_department], capture=django_capture_on_commit_callbacks)
    plan = StepPlanProcess.objects.get(department=department)
    submit_step(client, plan, "vision", coordinator, vision_text="Visie")
    return plan


@pytest.fixture
def onboardings(client, department, other_department, coordinator, other_coordinator,
                frozen_today):
    """An onboarding in each department; the library's coordinator took one of its tasks."""
    for name, user, place in (("Lies", coordinator, department), ("Mira", coordinator, department),
                              ("Bram", other_coordinator, other_department)):
        client.force_login(user)
        response = client.post(reverse("onboarding:start:execute"),
                               {**INTAKE, "first_name": name, "department": place.pk})
        assert response.status_code == 302
    client.force_login(coordinator)
    task = OnboardingTask.objects.filter(process__onboardingprocess__department=department,
                                         status=STATUS.NEW).first()
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])
                       ).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_step_plan_tasks_a_role_may_do_are_the_tasks_in_its_queue_and_inbox(plans, role,
                                                                              request):
    user = request.getfixturevalue(role)

    assert listed(StepPlanFlow, user) == may_act_on(StepPlanFlow, user)


@pytest.mark.parametrize("role", [*ROLES, "auditor_with_extract"])
def test_onboarding_tasks_a_role_may_do_are_the_tasks_in_its_queue_and_inbox(
    onboardings, role, request
):
    if role == "auditor_with_extract":
        user = request.getfixturevalue("auditor")
        app, codename = REGISTER_EXTRACT_PERMISSION.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename))
        user = type(user).objects.get(pk=user.pk)  # a fresh object: no cached permissions
    else:
        user = request.getfixturevalue(role)

    assert listed(OnboardingFlow, user) == may_act_on(OnboardingFlow, user)


@pytest.mark.parametrize("role,expected", [
    ("coordinator", {"insurance", "onboarding", "training"}),  # the vision is submitted
    ("other_coordinator", set()),
    ("consultant", {"vision_review"}),
    ("administrator", {"vision_review"}),  # acting for the office: also in their queue
    ("auditor", set()),
])
def test_each_role_finds_its_own_step_plan_work(plans, role, expected, request):
    user = request.getfixturevalue(role)
    library = StepPlanTask.objects.filter(pk__in=listed(StepPlanFlow, user), process=plans)

    assert {task.flow_task.name for task in library} == expected


@pytest.mark.parametrize("role,expected", [
    ("coordinator", 2),  # the task they took (inbox) and the other one (queue)
    ("other_coordinator", 1),  # their own department's onboarding only
    ("consultant", 0),  # the office sees the onboardings but does not do their tasks
    ("administrator", 0),
    ("auditor", 0),
])
def test_each_role_finds_its_own_onboarding_work(onboardings, role, expected, request):
    user = request.getfixturevalue(role)

    assert len(listed(OnboardingFlow, user)) == expected


def test_an_administrator_opens_the_review_from_their_queue(client, plans, administrator):
    review = open_task(plans, StepPlanFlow.vision_review)
    client.force_login(administrator)

    queue = client.get(reverse("stepplan:queue")).content.decode()
    page = client.get(review.flow_task.reverse("execute", args=[plans.pk, review.pk]))

    assert review.flow_task.reverse("index", args=[plans.pk, review.pk]) in queue
    assert page.status_code == 200


def test_a_coordinator_removed_from_the_department_loses_the_task_they_took(
    client, onboardings, department, coordinator
):
    taken = OnboardingTask.objects.get(status=STATUS.ASSIGNED)
    department.coordinators.remove(coordinator)
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)

    assert taken.pk not in listed(OnboardingFlow, coordinator)
    assert not taken.flow_task.can_execute(coordinator, taken)
    assert OnboardingProcess.objects.visible_to(coordinator).count() == 0
