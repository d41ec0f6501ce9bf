"""Test settings: the embedded default, or PostgreSQL/Redis when their URLs are set."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VAR_DIR.mkdir(exist_ok=True)
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
# Unit tests run tasks in-process; the integration tests start a real worker on the broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_DATA_ALLOWED = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
