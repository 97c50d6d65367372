"""Long work out of the request: how every task of the product is started.

``lancer(nom, *args)`` is the one way to start a task. With a broker (``REDIS_URL``: production, CI) the task goes
to the Celery worker. In the embedded mode (no Redis: ``bin/demo``) it runs in a background thread of the server's
process, one task at a time, so that no request waits for a PDF, an import or an export: the request answers at
once and the page follows the task's progress from the database (docs/architecture.md, « Le travail long »).
Tests run tasks inline (Celery's eager mode, ``TACHES_EN_PROCESSUS = False``).

Tasks are looked up by name, so that the modules the tasks themselves import (the letters, the summaries) can start
them without an import running in a circle.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from celery import current_app
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_verrou = threading.Lock()
_executeur: ThreadPoolExecutor | None = None


def tache(nom: str):
    if nom not in current_app.tasks:
        current_app.loader.import_default_modules()  # Celery's autodiscovery of every app's tasks.py
    return current_app.tasks[nom]


def lancer(nom: str, *args) -> Future | None:
    """Start the task ``nom``; returns at once (the Future of the background thread in the embedded mode)."""
    if not settings.TACHES_EN_PROCESSUS:
        if current_app.conf.task_always_eager:  # tests: run here, which needs the task itself
            tache(nom).delay(*args)
        else:  # by its name: the web process never imports the worker's modules to send a task
            current_app.send_task(nom, args=args)
        return None
    return _en_arriere_plan().submit(_executer, nom, args)


def _en_arriere_plan() -> ThreadPoolExecutor:
    global _executeur
    with _verrou:
        if _executeur is None:
            # One thread: tasks run in the order they were asked for, and SQLite sees one writer at a time.
            _executeur = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plie-taches")
        return _executeur


def _executer(nom: str, args: tuple):
    try:
        # apply(): Celery runs the task here, its retries included, as the worker would.
        resultat = tache(nom).apply(args=args, throw=False)
        if resultat.failed():
            logger.error("La tâche %s a échoué : %s", nom, type(resultat.result).__name__)
        return resultat.result
    finally:
        connections.close_all()  # this thread's connections, never the request's


def attendre(delai: float | None = None) -> None:
    """Wait until every task started in the background so far has finished (commands, tests)."""
    with _verrou:
        executeur = _executeur
    if executeur is not None:
        executeur.submit(lambda: None).result(timeout=delai)
