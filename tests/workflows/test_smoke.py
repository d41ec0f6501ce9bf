from viewflow.workflow.status import STATUS

from workflows.models import ChecklistItem, PlanStep, StepPlanTask


def test_plan_prepared(plan):
    assert PlanStep.objects.filter(process=plan).count() == 4
    assert ChecklistItem.objects.filter(plan_step__process=plan).count() == 8
    human = StepPlanTask.objects.filter(process=plan, flow_task_type="HUMAN", status=STATUS.NEW)
    assert sorted(t.data["step"] for t in human) == [
        "insurance",
        "onboarding",
        "training",
        "vision",
    ]
