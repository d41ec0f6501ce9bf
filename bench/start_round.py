"""Benchmark: start the yearly round of the step plan for many departments (not a timed test).

    .venv/bin/python bench/start_round.py [--departments 400] [--sample 25]

Runs in a throwaway database made with Django's test-database machinery (SQLite by default,
PostgreSQL when DATABASE_URL is set) and prints, for
  1. one round started for every department in one action (what the office does),
  2. the same departments started one at a time (the baseline),
  3. the background preparation of a department's checklists (the Celery task, sampled),
the seconds and the number of queries, in total and per department.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from unittest import mock

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402


class QueryCounter:
    """Counts every query (Django's own query log keeps only the last 9000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(label, departments, func):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        func()
        seconds = time.perf_counter() - started
    count = counter.count
    print(
        f"{label:<44} {seconds:8.2f} s {count:8d} queries   "
        f"{seconds / departments * 1000:7.1f} ms {count / departments:6.1f} queries per department"
    )
    return seconds, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--sample", type=int, default=25, help="departments prepared (step 3)")
    args = parser.parse_args()

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(BASE_DIR / "var" / "bench-start-round.sqlite3")
    else:
        test_settings["NAME"] = "bench_start_round"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(test_settings["NAME"], verbosity=0)


def run(args):
    import datetime

    from beleid.models import Department, Step
    from beleid.services.framework import framework_load
    from workflows import tasks
    from workflows.models import ChecklistItem, StepPlanProcess
    from workflows.services.rounds import round_start

    version = framework_load(path=BASE_DIR / "beleid" / "framework" / "2024.1.yaml", publish=True)
    n = args.departments
    Department.objects.bulk_create(
        Department(name=f"Dienst {i:04d}", slug=f"dienst-{i:04d}", welfare_decree=(i % 5 == 0))
        for i in range(n)
    )
    departments = list(Department.objects.order_by("pk"))
    due = {kind.value: datetime.date(2030, 12, 1) for kind in Step.Kind}
    print(
        f"{connection.vendor}: {n} departments, framework {version.code} with "
        f"{version.steps.count()} steps and {version.requirements.count()} requirements\n"
    )

    queued = []
    # The checklists are prepared by a Celery task per department after the commit; here
    # that task is only queued, so (1) and (2) measure the start itself.
    with mock.patch.object(tasks.prepare_plan, "delay", side_effect=queued.append):
        one_action, one_action_queries = measure(
            "1. one round, all departments at once",
            n,
            lambda: round_start(
                year=2030, framework_version=version, departments=departments, due_dates=due
            ),
        )
        one_by_one, one_by_one_queries = measure(
            "2. baseline: one department at a time",
            n,
            lambda: [
                round_start(year=2031, framework_version=version, departments=[d], due_dates=due)
                for d in departments
            ],
        )
    sample = queued[: args.sample]
    measure(
        f"3. background preparation ({len(sample)} sampled)",
        len(sample),
        lambda: [tasks.prepare_plan.run(process_id) for process_id in sample],
    )
    print(
        f"\nbaseline ratio (one at a time / all at once): time {one_by_one / one_action:.2f}x, "
        f"queries {one_by_one_queries / one_action_queries:.2f}x"
    )
    print(
        f"processes: {StepPlanProcess.objects.count()}, checklist items of the sample: "
        f"{ChecklistItem.objects.filter(plan_step__process_id__in=sample).count()}"
    )


if __name__ == "__main__":
    main()
