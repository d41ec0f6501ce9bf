"""Two consultants approve the same step at the same moment: exactly one succeeds."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from tests import factories
from workflows.flows import StepPlanFlow
from workflows.models import ApprovedVision, PlanStep, StepPlanProcess

from .conftest import execute_url, open_task, start, submit_step


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_consultants_approve_the_same_step_at_once(framework, department, coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two real connections")
    # given a submitted vision step and two consultants
    start(framework, [department])  # transaction=True: the checklists are prepared on commit
    process = StepPlanProcess.objects.get(department=department)
    submit_step(Client(), process, "vision", coordinator, vision_text="Visie")
    review = open_task(process, StepPlanFlow.vision_review)
    url = execute_url(review)
    consultants = [factories.consultant(username=f"consultant-{n}") for n in (1, 2)]

    # when both post "approve" at the same moment, each on its own database connection
    barrier = threading.Barrier(2)
    results = {}

    def approve(user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            response = client.post(url, {"decision": "approve", "comment": ""})
            results[user.username] = (
                response.status_code,
                [str(m) for m in get_messages(response.wsgi_request)],
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in consultants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then exactly one approval happened, and the other consultant was told so
    review.refresh_from_db()
    winner = review.owner.username
    loser = next(name for name in results if name != winner)
    assert review.status == STATUS.DONE
    assert results[winner] == (302, ["De stap is goedgekeurd."])
    status, messages = results[loser]
    assert status == 302
    assert messages in (
        [
            f"Deze taak werd al afgewerkt door {review.owner.get_full_name()}. "
            "Er werd niets gewijzigd."
        ],
        [
            "Iemand anders werkt deze taak op dit moment af. Er werd niets gewijzigd; "
            "probeer het zo meteen opnieuw."
        ],
    )
    assert AuditEvent.objects.filter(event_type="STEP_APPROVED").count() == 1
    assert ApprovedVision.objects.count() == 1
    assert PlanStep.objects.get(process=process, step__code="vision").approved_by == review.owner
