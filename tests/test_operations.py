"""How the background work behaves in operation: acknowledgement, time limits, which errors
are retried, and that a task failing for good says so in the log."""

import logging
import os
import subprocess
import sys
import textwrap

import pytest
from django.db import DataError, OperationalError, connection

from beleid.tasks import TRANSIENT_ERRORS
from config.celery import app as celery_app
from config.settings.base import database_options

OUR_APPS = ("beleid.", "insurance.", "workflows.", "kennisdeling.", "demo.")


# Every app's tasks.py, as a worker loads them (this also sets up Django's logging again, so
# it happens here, before any test captures the log).
celery_app.loader.import_default_modules()


def our_tasks():
    return sorted(
        (name, task) for name, task in celery_app.tasks.items() if name.startswith(OUR_APPS)
    )


def test_tasks_are_acknowledged_when_done_and_handed_back_when_their_worker_dies():
    conf = celery_app.conf

    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_every_task_has_a_soft_and_a_hard_time_limit():
    conf = celery_app.conf

    assert (conf.task_soft_time_limit, conf.task_time_limit) == (300, 360)


def test_the_worker_leaves_the_root_logger_to_django_logging():
    assert celery_app.conf.worker_hijack_root_logger is False


def test_tasks_retry_only_on_errors_a_retry_can_mend():
    policies = {name: tuple(getattr(task, "autoretry_for", ())) for name, task in our_tasks()}

    assert policies == {
        "beleid.tasks.ping": (),
        # retries itself, on TRANSIENT_ERRORS only, and marks the document failed otherwise
        "beleid.tasks.render_document": (),
        "insurance.tasks.anonymise_ended_volunteers": TRANSIENT_ERRORS,
        "insurance.tasks.discard_stale_uploads": TRANSIENT_ERRORS,
        # retries itself, on TRANSIENT_ERRORS only, and marks the upload failed otherwise
        "insurance.tasks.process_import_upload": (),
        "workflows.tasks.fire_due_timers": (),  # beat sends it again a minute later
        "workflows.tasks.prepare_plan": TRANSIENT_ERRORS,
    }


@pytest.fixture
def as_in_a_worker():
    """Run tasks in-process the way a worker does: errors end in the task's state (a retry
    runs at once), they do not propagate to the caller as in the unit tests."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = propagates


def task(name: str):
    return dict(our_tasks())[name]


class FailingQueries:
    """Makes the first `times` queries fail with `error` (an execute wrapper, as a database
    that is away or a statement it refuses would)."""

    def __init__(self, error: Exception, times: int):
        self.error, self.times, self.failed = error, times, 0

    def __call__(self, execute, sql, params, many, context):
        if self.failed < self.times:
            self.failed += 1
            raise self.error
        return execute(sql, params, many, context)


# Tasks with a retry policy, each with arguments that make them do nothing much.
RETRIED = [
    ("workflows.tasks.prepare_plan", (987654,), False, 5),
    ("insurance.tasks.anonymise_ended_volunteers", (), 0, 3),
    ("insurance.tasks.discard_stale_uploads", (), 0, 3),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "result", "max_retries"), RETRIED)
def test_a_database_that_is_away_for_a_moment_is_retried(
    name, args, result, max_retries, as_in_a_worker
):
    # given: the database refuses the first query
    failing = FailingQueries(OperationalError("server closed the connection unexpectedly"), 1)

    # when: the task runs
    with connection.execute_wrapper(failing):
        outcome = task(name).apply(args=args)

    # then: the retry did the work
    assert failing.failed == 1
    assert outcome.successful() is True
    assert outcome.result == result
    assert task(name).max_retries == max_retries


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "result", "max_retries"), RETRIED)
def test_a_database_that_stays_away_fails_for_good_after_the_last_retry_and_says_so(
    name, args, result, max_retries, caplog, as_in_a_worker
):
    failing = FailingQueries(OperationalError("server closed the connection unexpectedly"), 99)

    with (
        connection.execute_wrapper(failing),
        caplog.at_level(logging.ERROR, logger="config.celery"),
    ):
        outcome = task(name).apply(args=args)

    assert failing.failed == max_retries + 1
    assert outcome.state == "FAILURE"
    assert repr(outcome.result) == (
        "OperationalError('server closed the connection unexpectedly')"
    )
    assert [r.getMessage() for r in caplog.records if r.name == "config.celery"] == [
        f"Task {name}[{outcome.id}] failed for good after {max_retries} retries (args "
        f"{args!r}, kwargs {{}}): OperationalError: server closed the connection "
        "unexpectedly"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "result", "max_retries"), RETRIED)
def test_an_error_a_retry_cannot_mend_fails_at_once_and_says_so(
    name, args, result, max_retries, caplog, as_in_a_worker
):
    failing = FailingQueries(DataError("value too long for type character varying(80)"), 99)

    with (
        connection.execute_wrapper(failing),
        caplog.at_level(logging.ERROR, logger="config.celery"),
    ):
        outcome = task(name).apply(args=args)

    assert failing.failed == 1
    assert outcome.state == "FAILURE"
    assert [r.getMessage() for r in caplog.records if r.name == "config.celery"] == [
        f"Task {name}[{outcome.id}] failed for good after 0 retries (args {args!r}, "
        "kwargs {}): DataError: value too long for type character varying(80)"
    ]


def test_postgresql_connections_compile_no_queries_just_in_time():
    assert database_options({"ENGINE": "django.db.backends.postgresql"}) == {
        "ENGINE": "django.db.backends.postgresql",
        "OPTIONS": {"options": "-c jit=off"},
    }


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_connection_has_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_worker_process_gets_memory_error_beyond_its_memory_cap():
    # A pool process caps its address space at WORKER_MAX_MEMORY_MB when it starts
    # (config.celery.cap_memory): asking for more raises MemoryError, which the import task
    # handles, instead of taking the machine's memory. Run in a process of its own.
    script = textwrap.dedent("""
        import django
        django.setup()
        from django.conf import settings
        from config.celery import cap_memory
        size_mb = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) // 1024
        settings.WORKER_MAX_MEMORY_MB = size_mb + 200
        cap_memory()
        bytearray(50 * 2**20)  # within the cap
        try:
            bytearray(400 * 2**20)
        except MemoryError:
            print("MemoryError")
    """)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}, check=False,
    )
    assert result.stdout.strip() == "MemoryError", result.stderr

