"""Local development and the demo: SQLite and a server-less broker unless URLs are set."""

from . import dotenv  # noqa: F401  (first: .env is read before base reads the environment)
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is fine for a local demo; production requires DJANGO_SECRET_KEY (no default).
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-demo-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
DEMO_DATA_ALLOWED = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
