"""How long one PostgreSQL statement may run. A web request's statement stops after ``DELAI_REQUETE_WEB_S``
(25 s: under gunicorn's 30 s, so that the user reads an error page rather than a cut connection, and a runaway
query frees its worker); tasks and commands have ``DELAI_REQUETE_TACHES_S`` (3 hours, the import's limit). The
web process says so when it starts (``plie/wsgi.py``); the embedded mode's background thread is a task."""

import threading

from django.conf import settings

_processus_web = False
FIL_DES_TACHES = "plie-taches"


def processus_web() -> None:
    """This process serves web requests (called by ``plie/wsgi.py``)."""
    global _processus_web
    _processus_web = True


def delai_secondes() -> int:
    if _processus_web and threading.current_thread().name != FIL_DES_TACHES:
        return settings.DELAI_REQUETE_WEB_S
    return settings.DELAI_REQUETE_TACHES_S


def regler(sender, connection, **kwargs) -> None:
    """``connection_created``: set the statement timeout of a new PostgreSQL connection."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as curseur:
        curseur.execute("SELECT set_config('statement_timeout', %s, false)", [f"{delai_secondes()}s"])
