"""The onboarding flow moves from the register (insurance) to the workflows app.

The process table `insurance_onboardingprocess` and its rows stay; the app now owns the model.
viewflow stores where a flow and its nodes live (`Process.flow_class`, `Task.flow_task`): the
stored references of existing onboardings are rewritten to the new module, so an onboarding
started before the move is continued after it. Its open tasks say whom they are for
(`owner_permission`), as the shared role task reads it. The content type follows the model, so
the audit events about an onboarding keep naming it.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Replace

OLD_FLOW = "insurance/flows.OnboardingFlow"
NEW_FLOW = "workflows/onboarding.flows.OnboardingFlow"
ROLE_TASKS = ("information_note", "duty_to_report", "insure", "activate")
COORDINATORS = "workflows.department_coordinator"


def _move(apps, old: str, new: str, *, from_app: str, to_app: str) -> None:
    process = apps.get_model("viewflow", "Process")
    task = apps.get_model("viewflow", "Task")
    process.objects.filter(flow_class=old).update(flow_class=new)
    task.objects.filter(flow_task__startswith=f"{old}.").update(
        flow_task=Replace("flow_task", Value(f"{old}."), Value(f"{new}."))
    )
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label=to_app, model="onboardingprocess").exists():
        content_type.objects.filter(app_label=from_app, model="onboardingprocess").update(
            app_label=to_app
        )


def forwards(apps, schema_editor):
    _move(apps, OLD_FLOW, NEW_FLOW, from_app="insurance", to_app="workflows")
    task = apps.get_model("viewflow", "Task")
    task.objects.filter(
        flow_task__in=[f"{NEW_FLOW}.{name}" for name in ROLE_TASKS], owner_permission__isnull=True
    ).update(owner_permission=COORDINATORS)


def backwards(apps, schema_editor):
    _move(apps, NEW_FLOW, OLD_FLOW, from_app="workflows", to_app="insurance")


class Migration(migrations.Migration):

    dependencies = [
        ("beleid", "0002_auditevent_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("insurance", "0005_onboarding_moves_to_workflows"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0003_task_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OnboardingProcess",
                    fields=[
                        (
                            "process_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="viewflow.process",
                            ),
                        ),
                        (
                            "department",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="beleid.department",
                                verbose_name="department",
                            ),
                        ),
                        (
                            "engagement",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="insurance.engagement",
                                verbose_name="engagement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "volunteer onboarding",
                        "verbose_name_plural": "volunteer onboardings",
                        "db_table": "insurance_onboardingprocess",
                    },
                    bases=("viewflow.process",),
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="OnboardingTask",
            fields=[],
            options={
                "verbose_name": "onboarding task",
                "verbose_name_plural": "onboarding tasks",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("viewflow.task",),
        ),
        migrations.RunPython(forwards, backwards),
    ]
