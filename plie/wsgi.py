"""WSGI entry point (gunicorn plie.wsgi; ``runserver`` loads it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.production")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (once Django is set up)

from plie import delais  # noqa: E402

delais.processus_web()  # a web request's statements stop after DELAI_REQUETE_WEB_S (PostgreSQL)

if settings.TACHES_EN_PROCESSUS:
    # The embedded mode: the server's background thread runs the tasks queued in the database, those left by
    # the previous run of the server first.
    from plie import taches  # noqa: E402

    taches.demarrer()
