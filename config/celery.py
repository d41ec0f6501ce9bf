"""The Celery app of the worker and beat.

Broker, schedule, time limits and acknowledgement come from settings (CELERY_* names); each
task owns its retry policy (its decorator). The worker and beat run under the same settings
module as `wsgi.py` and `asgi.py` (production) unless DJANGO_SETTINGS_MODULE says otherwise,
and log through Django's LOGGING.
"""

import logging
import os
from logging.config import dictConfig

from celery import Celery, Task, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

logger = logging.getLogger(__name__)


class LoggedTask(Task):
    """The base of every task: a task that fails for good (no retry left, or an error that
    a retry cannot mend) says so in the log, with the ids it was given."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error(
            "Task %s[%s] failed for good after %d retries (args %r, kwargs %r): %s: %s",
            self.name, task_id, self.request.retries, args, kwargs, type(exc).__name__, exc,
        )


app = Celery("vrijwilligersbeleid", task_cls=LoggedTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """The worker and beat log through Django's LOGGING (its format and levels); connecting
    this signal keeps Celery from putting its own handler on the root logger."""
    from django.conf import settings

    dictConfig(settings.LOGGING)


@signals.worker_process_init.connect
def cap_memory(**kwargs) -> None:
    """Each pool process may use at most WORKER_MAX_MEMORY_MB of address space: a task that
    wants more gets MemoryError (and handles it) instead of the whole machine's memory."""
    import resource

    from django.conf import settings

    limit = settings.WORKER_MAX_MEMORY_MB * 1024 * 1024
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
