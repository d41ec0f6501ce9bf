import datetime

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from insurance.models import BenefitDeclaration, Engagement, InformationNote, InsuranceCoverage
from workflows.models import OnboardingProcess
from workflows.onboarding.flows import OnboardingFlow

INTAKE = {
    "first_name": "Lies", "last_name": "Van Acker", "date_of_birth": "1990-05-17",
    "email": "lies@example.be", "phone": "", "emergency_contact": "",
    "start_date": "2025-03-20", "tasks": "voorlezen",
}


# viewflow's list pages: the session, the user, the access checks, the counts and one page.
QUERIES_PER_LIST = 21


def open_task(process):
    return Task.objects.get(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def do_task(client, process, data):
    task = open_task(process)
    if task.status == STATUS.NEW:
        response = client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
        assert response.status_code == 302
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return task


@pytest.fixture
def started(client, coordinator, department, frozen_today):
    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": department.pk})
    assert response.status_code == 302
    return OnboardingProcess.objects.get()


def test_onboarding_runs_from_intake_to_active(client, started, department):
    # given the intake created the engagement, not yet insured
    engagement = started.engagement
    assert (started.department, engagement.status) == (department, Engagement.Status.INTAKE)
    assert InsuranceCoverage.objects.count() == 0
    # when the coordinator works through the checklist
    do_task(client, started, {"given_on": "2025-03-14", "method": "paper"})
    do_task(client, started, {"benefit": "unemployed", "filed_on": "2025-03-10",
                              "answer": "none"})
    do_task(client, started, {})
    do_task(client, started, {})
    # then
    started.refresh_from_db()
    engagement.refresh_from_db()
    assert started.status == "DONE"
    assert engagement.status == Engagement.Status.ACTIVE
    assert InformationNote.objects.get().given_on == datetime.date(2025, 3, 14)
    assert BenefitDeclaration.objects.get().kind == BenefitDeclaration.Kind.C45B
    assert InsuranceCoverage.objects.get().insured_from == datetime.date(2025, 3, 20)
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "VOLUNTEER_REGISTERED", "ENGAGEMENT_STARTED",
        "ONBOARDING_TASK_ASSIGNED", "INFORMATION_NOTE_RECORDED",
        "ONBOARDING_TASK_ASSIGNED", "DUTY_TO_REPORT_CHECKED", "DECLARATION_RECORDED",
        "ONBOARDING_TASK_ASSIGNED", "VOLUNTEER_INSURED",
        "ONBOARDING_TASK_ASSIGNED", "ENGAGEMENT_ACTIVATED"]


def test_a_duty_to_report_needs_the_filing_date(client, started):
    do_task(client, started, {"given_on": "2025-03-14", "method": "paper"})
    task = open_task(started)
    client.post(task.flow_task.reverse("assign", args=[started.pk, task.pk]))
    response = client.post(task.flow_task.reverse("execute", args=[started.pk, task.pk]),
                           {"benefit": "unemployed", "filed_on": "", "answer": "none"})
    assert response.status_code == 200
    assert BenefitDeclaration.objects.count() == 0
    assert open_task(started).flow_task == OnboardingFlow.duty_to_report


def test_another_departments_coordinator_cannot_see_or_take_the_tasks(
    client, started, other_coordinator
):
    # given
    task = open_task(started)
    client.force_login(other_coordinator)
    # then the lists show nothing of it
    for name in ("queue", "inbox", "archive", "process_list", "task_list", "index"):
        response = client.get(reverse(f"onboarding:{name}"))
        assert response.status_code == 200, name
        assert "Van Acker" not in response.content.decode()
        assert f"#{started.pk}/{task.pk}" not in response.content.decode()
    # and the process and its task do not exist for them
    assert client.get(reverse("onboarding:process_detail", args=[started.pk])).status_code == 404
    assign = task.flow_task.reverse("assign", args=[started.pk, task.pk])
    assert client.post(assign).status_code == 404
    assert open_task(started).owner is None


def test_the_departments_coordinator_sees_the_task_in_the_queue(client, started):
    task = open_task(started)
    response = client.get(reverse("onboarding:queue"))
    content = response.content.decode()
    url = task.flow_task.reverse("index", args=[started.pk, task.pk])
    # the task by its title and whose onboarding it is, never "#1/2"
    assert f'<a href="{url}">Organisatienota gegeven</a>' in content
    assert "Lies Van Acker · Bibliotheek" in content
    assert f"#{started.pk}/{task.pk}" not in content


@pytest.mark.parametrize("onboardings", [2, 12])
def test_the_lists_do_not_grow_in_queries_with_the_onboardings(
    client, coordinator, department, frozen_today, django_assert_max_num_queries, onboardings
):
    client.force_login(coordinator)
    for n in range(onboardings):
        client.post(reverse("onboarding:start:execute"),
                    {**INTAKE, "first_name": f"V{n}", "department": department.pk})
    for name in ("onboarding:queue", "onboarding:task_list", "onboarding:process_list"):
        with django_assert_max_num_queries(QUERIES_PER_LIST):
            response = client.get(reverse(name))
        assert response.content.decode().count("V1 Van Acker") >= 1


def test_auditor_without_extract_permission_cannot_open_the_flow(client, started, auditor):
    client.force_login(auditor)
    assert client.get(reverse("onboarding:process_list")).status_code == 403
    assert client.get(reverse("onboarding:process_detail", args=[started.pk])).status_code == 403


def test_start_is_refused_to_auditors(client, auditor, department):
    client.force_login(auditor)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": department.pk})
    assert response.status_code == 403
    assert OnboardingProcess.objects.count() == 0


def test_coordinator_cannot_start_an_intake_for_another_department(client, coordinator,
                                                                   other_department):
    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"),
                           {**INTAKE, "department": other_department.pk})
    assert response.status_code == 200  # the form refuses the choice
    assert (OnboardingProcess.objects.count(), Engagement.objects.count()) == (0, 0)


def test_the_flow_pages_render_for_the_departments_coordinator(client, started):
    # the intake form, the next task's form and the process page
    assert client.get(reverse("onboarding:start:execute")).status_code == 200
    task = open_task(started)
    client.post(task.flow_task.reverse("assign", args=[started.pk, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[started.pk, task.pk]))
    assert page.status_code == 200
    assert "Organisatienota gegeven" in page.content.decode()
    detail = client.get(reverse("onboarding:process_detail", args=[started.pk]))
    assert detail.status_code == 200
    # the person by name (these pages are only for who may see names), never "#<id>"
    content = detail.content.decode()
    assert "Onthaal van Lies Van Acker" in content
    assert f"#{started.engagement.volunteer_id}" not in content


def test_the_flow_pages_name_nobody_to_an_auditor(client, started, auditor):
    client.force_login(auditor)
    assert client.get(reverse("onboarding:process_detail",
                              args=[started.pk])).status_code == 403
    listing = client.get(reverse("onboarding:process_list"))
    assert "Van Acker" not in listing.content.decode()
