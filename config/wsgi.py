"""The web app for a WSGI server (gunicorn). Production settings unless DJANGO_SETTINGS_MODULE
says otherwise: the same default as the Celery worker and beat (config/celery.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
