"""The web app for an ASGI server. Production settings unless DJANGO_SETTINGS_MODULE says
otherwise: the same default as the Celery worker and beat (config/celery.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()
