"""The onboarding's process model moves to the workflows app (`workflows.0004`): the register
forgets it, its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("insurance", "0004_verbose_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OnboardingProcess")],
            database_operations=[],
        ),
    ]
