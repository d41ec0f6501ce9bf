"""Framework versions stored before the period moved to the requirement keep their period:
migration `beleid.0004` gives each version's first training requirement the version's
`training_valid_months`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("beleid", "0003_verbose_names")]
AFTER = [("beleid", "0004_requirement_valid_months")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_first_training_requirement_gets_the_versions_period():
    # given a version of 24 months stored before the migration, with two training requirements
    apps = migrate(BEFORE).loader.project_state(BEFORE).apps
    version = apps.get_model("beleid", "FrameworkVersion").objects.create(
        code="2023.1", title="Kader 2023", training_valid_months=24
    )
    step_model = apps.get_model("beleid", "Step")
    requirement = apps.get_model("beleid", "Requirement")
    training = step_model.objects.create(version=version, code="training", title="Vorming")
    vision = step_model.objects.create(version=version, code="vision", title="Visie")
    for code, step, order in [
        ("VRM-02", training, 2),
        ("VRM-01", training, 1),
        ("VIS-01", vision, 1),
    ]:
        requirement.objects.create(version=version, step=step, code=code, title=code, order=order)

    # when the migration runs
    apps = migrate(AFTER).loader.project_state(AFTER).apps

    # then the basic training (the first of the step) carries the period, nothing else does
    periods = dict(
        apps.get_model("beleid", "Requirement").objects.values_list("code", "valid_months")
    )
    assert periods == {"VRM-01": 24, "VRM-02": None, "VIS-01": None}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
