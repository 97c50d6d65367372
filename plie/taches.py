"""Long work out of the request: how every task of the product is started.

``lancer(nom, *args)`` is the one way to start a task. With a broker (``REDIS_URL``: production, CI) the task goes
to the Celery worker. In the embedded mode (no Redis: ``bin/demo``) it is written to the database
(``TacheEmbarquee``) and a background thread of the server's process runs the queue, one task at a time, so that
no request waits for a PDF, an import or an export: the request answers at once and the page follows the task's
progress from the database (docs/architecture.md, « Le travail long »). The queue is in the database so that a
restart loses nothing: the server's thread starts with the process (``plie/wsgi.py``) and runs what was waiting;
a task the stop interrupted is run again from the start, a finished one never. Tests run tasks inline (Celery's
eager mode, ``TACHES_EN_PROCESSUS = False``).

Tasks are looked up by name, so that the modules the tasks themselves import (the letters, the summaries) can start
them without an import running in a circle.
"""

import datetime
import logging
import os
import socket
import threading
import time

from celery import current_app
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from plie.delais import FIL_DES_TACHES

logger = logging.getLogger(__name__)

ATTENTE_SECONDES = 5  # the thread looks at the queue at least this often (another process may have written it)
CONSERVATION = datetime.timedelta(days=7)  # finished tasks kept this long, for whoever looks into a problem

_verrou = threading.Lock()
_reveil = threading.Event()
_arret = threading.Event()
_fil: threading.Thread | None = None


def tache(nom: str):
    if nom not in current_app.tasks:
        current_app.loader.import_default_modules()  # Celery's autodiscovery of every app's tasks.py
    return current_app.tasks[nom]


def lancer(nom: str, *args):
    """Start the task ``nom``; returns at once (in the embedded mode, the queued row)."""
    if not settings.TACHES_EN_PROCESSUS:
        if current_app.conf.task_always_eager:  # tests: run here, which needs the task itself
            tache(nom).delay(*args)
        else:  # by its name: the web process never imports the worker's modules to send a task
            current_app.send_task(nom, args=args)
        return None
    from plie.models import TacheEmbarquee

    ligne = TacheEmbarquee.objects.create(nom=nom, arguments=list(args))
    transaction.on_commit(demarrer, robust=True)  # the row is visible to the thread once committed
    return ligne


def demarrer() -> None:
    """Start the background thread if it is not running, and wake it: it runs what the queue holds."""
    global _fil
    with _verrou:
        if _fil is None or not _fil.is_alive():
            _fil = threading.Thread(target=_boucle, name=FIL_DES_TACHES, daemon=True)
            _fil.start()
    _reveil.set()


def _processus() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _vivant(prise_par: str) -> bool:
    """Is the process that took a task still running? (One machine in the embedded mode; a process of another
    machine is assumed alive.)"""
    hote, _, pid = prise_par.rpartition(":")
    if hote != socket.gethostname() or not pid.isdigit():
        return bool(prise_par)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _boucle() -> None:
    repris = False
    while not _arret.is_set():
        try:
            if not repris:
                _reprendre()
                repris = True
            executee = executer_la_suivante()
        except Exception:  # the base locked or gone for a moment, the table not created yet: try again later
            logger.exception("File des tâches du mode embarqué : nouvel essai dans %s s", ATTENTE_SECONDES)
            executee = False
        finally:
            connections.close_all()  # this thread's connections, never a request's
        if not executee:
            _reveil.wait(ATTENTE_SECONDES)
            _reveil.clear()


def arreter(delai: float = 30) -> None:
    """Stop the background thread once its current task ends (tests: a thread left running would take the next
    test's queue)."""
    global _fil
    with _verrou:
        fil, _fil = _fil, None
    if fil is not None and fil.is_alive():
        _arret.set()
        _reveil.set()
        fil.join(delai)
    _arret.clear()


def _reprendre() -> None:
    """At the thread's start: a task left « en cours » by a process that no longer runs (the server stopped in
    the middle, a command interrupted) runs again — one another live process runs is left to it; finished tasks
    older than a week are deleted."""
    from plie.models import TacheEmbarquee

    Etat = TacheEmbarquee.Etat
    orphelines = [
        pk
        for pk, prise_par in TacheEmbarquee.objects.filter(etat=Etat.EN_COURS).values_list("pk", "prise_par")
        if not _vivant(prise_par)
    ]
    reprises = TacheEmbarquee.objects.filter(pk__in=orphelines, etat=Etat.EN_COURS).update(
        etat=Etat.EN_ATTENTE, commencee_le=None, prise_par=""
    )
    if reprises:
        logger.warning("%s tâche(s) interrompue(s) par l'arrêt du serveur relancée(s)", reprises)
    TacheEmbarquee.objects.filter(
        etat__in=(Etat.TERMINEE, Etat.ECHOUEE), terminee_le__lt=timezone.now() - CONSERVATION
    ).delete()


def executer_la_suivante() -> bool:
    """Run the oldest waiting task, if any (claimed by a conditional update: it runs once). False if none."""
    from plie.models import TacheEmbarquee

    Etat = TacheEmbarquee.Etat
    for ligne in TacheEmbarquee.objects.filter(etat=Etat.EN_ATTENTE).order_by("pk")[:5]:
        prise = TacheEmbarquee.objects.filter(pk=ligne.pk, etat=Etat.EN_ATTENTE).update(
            etat=Etat.EN_COURS, commencee_le=timezone.now(), prise_par=_processus()
        )
        if prise:
            _executer(ligne)
            return True
    return False


def _executer(ligne) -> None:
    from plie.models import TacheEmbarquee

    erreur = ""
    try:
        # apply(): Celery runs the task here, its retries included, as the worker would.
        resultat = tache(ligne.nom).apply(args=ligne.arguments, throw=False)
        if resultat.failed():
            erreur = type(resultat.result).__name__
    except Exception as exception:  # an unknown task name, say: recorded, the queue goes on
        erreur = type(exception).__name__
    if erreur:
        logger.error("La tâche %s a échoué : %s", ligne.nom, erreur)
    TacheEmbarquee.objects.filter(pk=ligne.pk).update(
        etat=TacheEmbarquee.Etat.ECHOUEE if erreur else TacheEmbarquee.Etat.TERMINEE,
        terminee_le=timezone.now(),
        erreur=erreur,
    )


def attendre(delai: float | None = None) -> None:
    """Wait until the queue is empty (commands, tests); ``TimeoutError`` after ``delai`` seconds."""
    from plie.models import TacheEmbarquee

    demarrer()
    fin = None if delai is None else time.monotonic() + delai
    Etat = TacheEmbarquee.Etat
    # What waits, and what this process runs (a task another live process runs is its own to finish).
    a_faire = Q(etat=Etat.EN_ATTENTE) | Q(etat=Etat.EN_COURS, prise_par=_processus())
    while TacheEmbarquee.objects.filter(a_faire).exists():
        if fin is not None and time.monotonic() > fin:
            raise TimeoutError("des tâches sont encore en file")
        demarrer()  # wakes the thread, and starts it again if it stopped
        time.sleep(0.2)
