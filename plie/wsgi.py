"""WSGI entry point (gunicorn plie.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.production")

application = get_wsgi_application()
