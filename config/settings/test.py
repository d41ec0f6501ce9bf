"""Test settings: the embedded default, or PostgreSQL/Redis when their URLs are set."""

import os

from . import dotenv  # noqa: F401  (first: .env is read before base reads the environment)
from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
# Unit tests run tasks in-process; the integration tests start a real worker on the broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_DATA_ALLOWED = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
# The integration tests run a real Celery worker in another process: on SQLite the test
# database must then be a file it can open.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so that parallel runs do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")
    }
if "CELERY_BROKER_URL" not in os.environ:
    # The server-less broker of the embedded default, one per test run.
    CELERY_BROKER_URL = f"sqla+sqlite:///{VAR_DIR / f'test-broker-{os.getpid()}.sqlite3'}"
