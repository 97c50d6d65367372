"""Summaries computed in the background and shown with their time.

Some figures need not be fresh to the second and would cost a page the size of the whole PLIE (the alert counts
across référents, the FSE+ participations of every operation, the monthly summaries of the letter): a task
computes and stores them, the page reads what is stored and says when it was computed (« calculé à 14 h 02 »).

``demander(nom, tache)`` asks for a refresh: however many pages ask, one task waits at a time (an atomic
``UPDATE … WHERE demandee_le IS NULL``: one caller wins). The task wraps its work in ``executer(nom)``: the request
is cleared when it starts (a change made during the run asks for the next one) and the time of its start is
recorded as the state of the data once it ends. A request whose task never started (a worker lost with its
queue) is asked again after ``PERDUE``.
"""

import contextlib
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from plie.models import Actualisation
from plie.taches import lancer

FRAICHEUR = datetime.timedelta(seconds=60)  # a summary older than this is refreshed when a page reads it
PERDUE = datetime.timedelta(minutes=15)


def etat(nom: str) -> Actualisation | None:
    return Actualisation.objects.filter(nom=nom).first()


def perimee(actualisation: Actualisation | None, *, fraicheur: datetime.timedelta = FRAICHEUR) -> bool:
    """Never computed, or computed longer ago than ``fraicheur``."""
    if actualisation is None or actualisation.calculee_le is None:
        return True
    return timezone.now() - actualisation.calculee_le > fraicheur


def demander(nom: str, tache: str, *args) -> None:
    """Ask for the task ``tache`` to refresh ``nom``, after the current transaction; nothing if one is already
    waiting."""
    transaction.on_commit(lambda: _demander(nom, tache, args))


def _demander(nom: str, tache: str, args: tuple) -> bool:
    maintenant = timezone.now()
    libre = Q(demandee_le__isnull=True) | Q(demandee_le__lt=maintenant - PERDUE)
    if not Actualisation.objects.filter(nom=nom).filter(libre).update(demandee_le=maintenant):
        if Actualisation.objects.filter(nom=nom).exists():
            return False  # one is already waiting
        try:
            with transaction.atomic():
                Actualisation.objects.create(nom=nom, demandee_le=maintenant)
        except IntegrityError:
            return False  # created by another caller at the same moment
    lancer(tache, *args)
    return True


def rafraichir_si_perimee(nom: str, tache: str, *args, fraicheur: datetime.timedelta = FRAICHEUR):
    """What a page does: read the state, ask for a refresh when it is stale, and return the state."""
    actualisation = etat(nom)
    if perimee(actualisation, fraicheur=fraicheur):
        demander(nom, tache, *args)
    return actualisation


@contextlib.contextmanager
def executer(nom: str):
    """Around a refresh's work: the request is cleared when it starts, the time of its start recorded when it
    ends (not on failure: the previous figures stay, with their time)."""
    debut = timezone.now()
    actualisation, _ = Actualisation.objects.get_or_create(nom=nom)
    Actualisation.objects.filter(pk=actualisation.pk).update(demandee_le=None, commencee_le=debut)
    yield
    Actualisation.objects.filter(pk=actualisation.pk).update(calculee_le=debut, terminee_le=timezone.now())
