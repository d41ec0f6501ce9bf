"""Product work done by a real Celery worker on the real broker of this run."""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent, Step
from insurance.models import Volunteer
from insurance.services import engagement_end, engagement_start, volunteer_register
from insurance.tasks import anonymise_ended_volunteers
from workflows.flows import StepPlanFlow
from workflows.models import PlanStep, StepPlanProcess, StepPlanTask
from workflows.services.rounds import round_start

pytestmark = pytest.mark.integration


def test_worker_prepares_the_checklists_of_a_started_round(
    celery_worker_process, framework, department, other_department, consultant
):
    # when: the office starts a round; the checklists are prepared by the worker after commit
    round_start(
        year=2024,
        framework_version=framework,
        departments=[department, other_department],
        due_dates={kind.value: datetime.date(2024, 12, 1) for kind in Step.Kind},
        actor=consultant,
    )

    # then: both plans get their checklists on their four mission steps and the `prepare`
    # node is done
    celery_worker_process.wait_for(
        lambda: StepPlanProcess.objects.filter(prepared_at__isnull=False).count() == 2,
        what="prepare_plan on both departments",
    )
    assert PlanStep.objects.count() == 8
    for process in StepPlanProcess.objects.all():
        prepare = StepPlanTask.objects.get(process=process, flow_task=StepPlanFlow.prepare)
        assert prepare.status == STATUS.DONE
    assert set(PlanStep.objects.values_list("step__code", flat=True)) == {
        "vision",
        "onboarding",
        "insurance",
        "training",
    }


def test_worker_anonymises_volunteers_whose_engagement_ended_long_ago(
    celery_worker_process, department, coordinator, settings
):
    # given: a volunteer whose only engagement ended ten years ago
    volunteer = volunteer_register(
        actor=coordinator,
        department=department,
        first_name="Mira",
        last_name="Claes",
        date_of_birth=datetime.date(1950, 3, 1),
    )
    engagement = engagement_start(
        actor=coordinator,
        volunteer=volunteer,
        start_date=datetime.date(2010, 1, 4),
    )
    engagement_end(actor=coordinator, engagement=engagement, end_date=datetime.date(2014, 6, 30))
    events_before = AuditEvent.objects.count()

    # when: the periodic task is delivered to the worker
    result = anonymise_ended_volunteers.delay()

    # then
    celery_worker_process.wait_for(
        lambda: Volunteer.objects.filter(pk=volunteer.pk, anonymised_at__isnull=False).exists(),
        what=f"anonymise_ended_volunteers {result.id}",
    )
    volunteer.refresh_from_db()
    assert "Mira" not in (volunteer.first_name or "")
    assert volunteer.date_of_birth is None
    assert AuditEvent.objects.count() > events_before
    assert volunteer.anonymised_at <= timezone.now()
