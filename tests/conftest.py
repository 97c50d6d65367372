import datetime
import os
import signal
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import settings

from plie.enums import Role
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

settings.register_profile("ci", max_examples=30, deadline=None)
settings.register_profile("dev", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


JOUR_FIXE = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def jour_fixe():
    """Today frozen on a mid-year, mid-month weekday (time still runs from there): for the tests whose data are
    placed from today's date — the start of the year, the current month — and would otherwise depend on the day
    they run. Yields the date."""
    with time_machine.travel(JOUR_FIXE, tick=True):
        yield JOUR_FIXE.date()


@pytest.fixture
def animation(db):
    """A user of the structure d'animation (staff: the admin is theirs too)."""
    return UserFactory(role=Role.ANIMATION, is_staff=True)


@pytest.fixture
def client_animation(client, animation):
    """The test client, signed in as ``animation``."""
    client.force_login(animation)
    return client


@pytest.fixture
def referent(db):
    """A référent (``participants.Referent``) with their user account (``referent.utilisateur``)."""
    return ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))


@pytest.fixture
def client_de(client):
    """Sign a test client in as ``user``."""

    def connecter(user):
        client.force_login(user)
        return client

    return connecter


@pytest.fixture
def worker_celery(settings):
    """Send tasks to the real worker that CI starts (REDIS_URL and CELERY_WORKER=1); skip elsewhere."""
    from plie.celery import app

    if not (os.environ.get("REDIS_URL") and os.environ.get("CELERY_WORKER") == "1"):
        pytest.skip("pas de worker Celery démarré (CI uniquement)")
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def fichiers_prives_temporaires(settings, tmp_path):
    """Uploaded and generated files go to a temporary private folder during tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture(scope="session", autouse=True)
def worker_arrete_avant_la_suppression_de_la_base(request):
    """In CI the real worker holds connections to the test database: stop it (its PID is CELERY_WORKER_PID)
    before pytest-django drops that database, which would otherwise fail and stay behind."""
    pid = os.environ.get("CELERY_WORKER_PID")
    if not pid:
        yield
        return
    request.getfixturevalue("django_db_setup")  # set up before, so torn down after this fixture
    bloqueur = request.getfixturevalue("django_db_blocker")
    yield
    try:
        os.kill(int(pid), signal.SIGTERM)
        for _ in range(100):
            time.sleep(0.1)
            os.kill(int(pid), 0)
    except ProcessLookupError:
        pass
    # Any other session still open on the test database (a thread's connection) would block its drop too.
    from django.db import connection

    if connection.vendor == "postgresql":
        with bloqueur.unblock(), connection.cursor() as curseur:
            curseur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
