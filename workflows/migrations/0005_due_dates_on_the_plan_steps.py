"""A step's due date is stored once: on the plan step.

The plan steps are now created when the round starts (they were created with the checklists);
`StepPlanProcess.prepared_at` says whether the checklists are prepared. A plan that was started
but not prepared yet gets its plan steps here, from the round's dates; then the round's copy of
the dates and the tasks' copies (`data["due"]`) go.
"""

import datetime

from django.db import migrations, models
from django.utils import timezone

STEP_PLAN = "workflows/flows.StepPlanFlow"


def forwards(apps, schema_editor):
    process_model = apps.get_model("workflows", "StepPlanProcess")
    plan_step = apps.get_model("workflows", "PlanStep")
    task = apps.get_model("viewflow", "Task")
    # A plan with steps has its checklists (they were created together).
    process_model.objects.filter(steps__isnull=False, prepared_at__isnull=True).update(
        prepared_at=timezone.now()
    )
    for process in process_model.objects.filter(prepared_at__isnull=True).select_related(
        "round__framework_version"
    ):
        due_dates = process.round.due_dates
        plan_step.objects.bulk_create(
            [
                plan_step(
                    process=process,
                    step=step,
                    due_date=datetime.date.fromisoformat(due_dates[step.code]),
                )
                for step in process.round.framework_version.steps.all()
            ]
        )
    tasks = task.objects.filter(process__flow_class=STEP_PLAN, data__has_key="due")
    for row in tasks.only("pk", "data").iterator():
        row.data.pop("due", None)
        task.objects.filter(pk=row.pk).update(data=row.data)


def backwards(apps, schema_editor):
    round_model = apps.get_model("workflows", "Round")
    plan_step = apps.get_model("workflows", "PlanStep")
    for round_ in round_model.objects.all():
        round_.due_dates = {
            code: due.isoformat()
            for code, due in plan_step.objects.filter(process__round=round_)
            .order_by("process_id")
            .values_list("step__code", "due_date")
        }
        round_.save(update_fields=["due_dates"])


class Migration(migrations.Migration):

    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0004_onboarding_from_insurance"),
    ]

    operations = [
        migrations.AddField(
            model_name="stepplanprocess",
            name="prepared_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="checklists prepared"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="round",
            name="due_dates",
        ),
    ]
