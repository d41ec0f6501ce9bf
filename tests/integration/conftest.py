"""A real Celery worker on the real broker of the run (SQLite transport or Redis).

The worker is a separate process that uses the test database: its data must be committed, so
these tests use `transactional_db`, and on SQLite the test database is a file (test settings).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """Start `celery worker` on the configured broker; tasks are sent, not run eagerly."""
    if connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]).startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.fail("The integration tests need a file-based SQLite test database.")
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        _wait_for(lambda: "ready." in log.read_text(), timeout=60, what="worker start", log=log)
        yield WorkerHandle(log)
    finally:
        celery_app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


class WorkerHandle:
    def __init__(self, log: Path):
        self.log = log

    def wait_for(self, condition, *, timeout: float = 60, what: str = "the task"):
        _wait_for(condition, timeout=timeout, what=what, log=self.log)


def _wait_for(condition, *, timeout, what, log):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}. Worker log:\n{log.read_text()[-4000:]}")
