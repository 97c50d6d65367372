"""Summaries computed in the background and shown with their time.

Some figures need not be fresh to the second and would cost a page the size of the whole PLIE (the alert counts
across référents, the FSE+ participations of every operation, the monthly summaries of the letter): a task
computes and stores them, the page reads what is stored and says when it was computed (« calculé à 14 h 02 »).

``demander(nom, tache)`` asks for a refresh: however many pages ask, one task waits at a time (an atomic
``UPDATE … WHERE demandee_le IS NULL``: one caller wins). The task wraps its work in ``executer(nom)``: the request
is cleared when it starts and the time of its start is recorded as the state of the data once it ends. No request
is taken while one runs (two at once would redo each other's work), and the next is due a minute after the last
one started, or as long after as the last one lasted. A request whose task never started (a worker lost with its
queue), or a run that failed, is asked again after ``PERDUE``.
"""

import contextlib
import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from plie.models import Actualisation
from plie.taches import lancer

logger = logging.getLogger(__name__)

FRAICHEUR = datetime.timedelta(seconds=60)  # a summary older than this is refreshed when a page reads it
PERDUE = datetime.timedelta(minutes=15)


def etat(nom: str) -> Actualisation | None:
    return Actualisation.objects.filter(nom=nom).first()


def en_cours(actualisation: Actualisation | None, maintenant: datetime.datetime | None = None) -> bool:
    """A computation started and neither finished nor lost (a failed one counts until ``PERDUE``: the next
    attempt waits that long)."""
    if actualisation is None or actualisation.commencee_le is None:
        return False
    maintenant = maintenant or timezone.now()
    termine = actualisation.terminee_le is not None and actualisation.terminee_le >= actualisation.commencee_le
    return not termine and maintenant - actualisation.commencee_le < PERDUE


def perimee(actualisation: Actualisation | None, *, fraicheur: datetime.timedelta = FRAICHEUR) -> bool:
    """Never computed, or computed longer ago than ``fraicheur`` — or than the last computation lasted, so that
    a long one leaves the machine at least as long for the rest — and none running."""
    if actualisation is None or actualisation.calculee_le is None:
        return not en_cours(actualisation)
    if en_cours(actualisation):
        return False
    duree = (actualisation.terminee_le or actualisation.calculee_le) - actualisation.calculee_le
    return timezone.now() - actualisation.calculee_le > max(fraicheur, duree)


def demander(nom: str, tache: str, *args) -> None:
    """Ask for the task ``tache`` to refresh ``nom``, after the current transaction; nothing if one is already
    waiting or running. A broker out of reach never fails the page that asked."""
    transaction.on_commit(lambda: _demander(nom, tache, args), robust=True)


def _demander(nom: str, tache: str, args: tuple) -> bool:
    maintenant = timezone.now()
    libre = Q(demandee_le__isnull=True) | Q(demandee_le__lt=maintenant - PERDUE)
    # Not while one runs (started after the last end, within PERDUE): two at once would only redo each other.
    en_cours_ = Q(commencee_le__gt=maintenant - PERDUE) & (
        Q(terminee_le__isnull=True) | Q(terminee_le__lt=F("commencee_le"))
    )
    if not Actualisation.objects.filter(nom=nom).filter(libre).exclude(en_cours_).update(demandee_le=maintenant):
        if Actualisation.objects.filter(nom=nom).exists():
            return False  # one is already waiting or running
        try:
            with transaction.atomic():
                Actualisation.objects.create(nom=nom, demandee_le=maintenant)
        except IntegrityError:
            return False  # created by another caller at the same moment
    try:
        lancer(tache, *args)
    except Exception:  # noqa: BLE001 (the broker: logged, the request withdrawn so that a later page asks again)
        logger.exception("La tâche %s n'a pas pu être lancée.", tache)
        Actualisation.objects.filter(nom=nom, demandee_le=maintenant).update(demandee_le=None)
        return False
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
