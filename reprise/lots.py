"""An import's commit in batches, and its undo.

The commit runs the file through the services as the check did, but in short transactions (``Lots``: at most
REPRISE_LOT_SECONDES each), so that other users' writes never wait long for the base (SQLite has one writer at a
time; on PostgreSQL the locks of a long transaction are held to its end). Each batch commits, with it, what it
wrote (``Journal``, in ``EcritureImport``): every record created, and the state of every record changed or deleted
before its first change. The import is recorded only if every row passes; if one does not (the base changed since
the check), or the task fails, or the worker stops in the middle, ``annuler`` puts back what the batches had
written, newest first — the import leaves no trace but its history rows, and the next attempt starts clean.

Between two batches the records already written are visible to other users: the price of never holding the
base. The undo refuses to delete what someone has attached since to a record of the import (an entretien added
to an imported parcours): the import is then « en échec » with the number of such records, and the undo is tried
again by relaunching it."""

import contextlib
import contextvars
import datetime
import hashlib
import json
import time

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max, signals
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone

from reprise.models import EcritureImport, Import

APPS_JOURNALISEES = ("participants", "parcours", "fse", "agenda")
# What deleting an imported parcours may remove besides the import's own records: derived, recomputed.
DERIVES = {"fse.Participation", "fse.ComptesCompletude"}
PAUSE_SQLITE = 0.1  # seconds between two batches: a writer waiting on SQLite's lock polls every 100 ms

_journal: contextvars.ContextVar["Journal | None"] = contextvars.ContextVar("journal_import", default=None)


class ConflitAnnulation(Exception):
    """Records entered since by other users hang from records the undo would delete."""


def _cle(instance) -> tuple[str, str]:
    return instance._meta.label, str(instance.pk)


def _parcours_id(instance) -> int | None:
    if instance._meta.label == "parcours.Parcours":
        return instance.pk
    return getattr(instance, "parcours_id", None)


class Journal:
    """What the batches of one commit write, kept with each batch."""

    def __init__(self, objet: Import):
        self.objet = objet
        self.ordre = EcritureImport.objects.filter(import_lie=objet).aggregate(m=Max("ordre"))["m"] or 0
        self.vus: set[tuple[str, str]] = set()  # created by the import, or their state before already kept
        self.changes: set[tuple[str, str]] = set()  # of those, the records that existed before the import
        self.touches: set[tuple[str, str]] = set()  # changed records written again in the batch in progress
        self.en_attente: list[EcritureImport] = []

    def _ajouter(self, instance, avant: str = "") -> None:
        cle = _cle(instance)
        self.vus.add(cle)
        self.ordre += 1
        self.en_attente.append(
            EcritureImport(
                import_lie=self.objet,
                ordre=self.ordre,
                modele=cle[0],
                objet_id=cle[1],
                avant=avant,
                parcours_id=_parcours_id(instance),
            )
        )

    def cree(self, instance) -> None:
        self._ajouter(instance)

    def avant_changement(self, instance) -> None:
        if instance.pk is None:
            return
        cle = _cle(instance)
        if cle in self.changes:
            self.touches.add(cle)
        if cle in self.vus:
            return
        actuel = type(instance)._base_manager.filter(pk=instance.pk).first()
        if actuel is not None:  # otherwise an insert with its key: post_save says it was created
            self._ajouter(actuel, _serialiser(actuel))
            self.changes.add(cle)
            self.touches.add(cle)

    def marque(self) -> tuple[int, int]:
        return len(self.en_attente), self.ordre

    def revenir(self, marque: tuple[int, int]) -> None:
        """Forget what a row rolled back to its savepoint had written (its keys may be given again)."""
        longueur, self.ordre = marque
        for ecriture in self.en_attente[longueur:]:
            cle = (ecriture.modele, ecriture.objet_id)
            self.vus.discard(cle)
            self.changes.discard(cle)
            self.touches.discard(cle)
        del self.en_attente[longueur:]

    def ecrire(self) -> None:
        """With the batch: its journal, and the state the import leaves each record it changed in (so that the undo
        knows whether someone changed it since)."""
        apres = {cle: _empreinte_actuelle(*cle) for cle in self.touches}
        anciennes = set(apres)
        for ecriture in self.en_attente:
            cle = (ecriture.modele, ecriture.objet_id)
            if ecriture.avant and cle in apres:
                ecriture.apres = apres[cle]
                anciennes.discard(cle)
        EcritureImport.objects.bulk_create(self.en_attente, batch_size=1000)
        for modele, objet_id in anciennes:  # changed again, in a later batch
            EcritureImport.objects.filter(import_lie=self.objet, modele=modele, objet_id=objet_id).exclude(
                avant=""
            ).update(apres=apres[(modele, objet_id)])
        self.en_attente = []
        self.touches = set()

    @contextlib.contextmanager
    def actif(self):
        jeton = _journal.set(self)
        try:
            yield self
        finally:
            _journal.reset(jeton)


def _serialiser(instance) -> str:
    return json.dumps(serializers.serialize("python", [instance]), cls=_Exact, sort_keys=True)


def _empreinte_actuelle(modele: str, objet_id: str) -> str:
    """A record's state now, as a fingerprint (« absent » once deleted)."""
    instance = apps.get_model(modele)._base_manager.filter(pk=objet_id).first()
    texte = _serialiser(instance) if instance is not None else "absent"
    return hashlib.sha256(texte.encode()).hexdigest()


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder stops at the millisecond): the record put back as it was."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _apres_enregistrement(sender, instance, created, raw=False, **kwargs):
    journal = _journal.get()
    if journal is not None and created and not raw:
        journal.cree(instance)


def _avant_ecriture(sender, instance, raw=False, **kwargs):
    journal = _journal.get()
    if journal is not None and not raw:
        journal.avant_changement(instance)


def _m2m(sender, instance, action, reverse, **kwargs):
    journal = _journal.get()
    if (
        journal is not None
        and not reverse
        and action in ("pre_add", "pre_remove", "pre_clear")
        and instance._meta.app_label in APPS_JOURNALISEES
    ):
        journal.avant_changement(instance)


def _historique(modele) -> bool:
    return any(champ.name == "history_id" for champ in modele._meta.fields)


def connecter() -> None:
    """The signals that feed a commit's journal (reprise/apps.py); idle outside a commit in batches."""
    for app in APPS_JOURNALISEES:
        for modele in apps.get_app_config(app).get_models():
            if _historique(modele):  # history rows are history: the undo adds its own, it removes none
                continue
            uid = f"reprise-lots-{modele._meta.label}"
            signals.post_save.connect(_apres_enregistrement, sender=modele, dispatch_uid=uid)
            signals.pre_save.connect(_avant_ecriture, sender=modele, dispatch_uid=uid)
            signals.pre_delete.connect(_avant_ecriture, sender=modele, dispatch_uid=uid)
    signals.m2m_changed.connect(_m2m, dispatch_uid="reprise-lots-m2m")


class _Abandon(Exception):
    pass


class Lots:
    """The transactions of one commit, each closed after REPRISE_LOT_SECONDES, at the end of a row."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self._atomic = None
        self.debut = 0.0
        self.nombre = 0

    def ouvrir(self) -> None:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.debut = time.monotonic()

    def fermer(self) -> None:
        self.journal.ecrire()
        Import.objects.filter(pk=self.journal.objet.pk).update(tache_vue_le=timezone.now())  # a sign of life
        atomic, self._atomic = self._atomic, None
        atomic.__exit__(None, None, None)
        self.nombre += 1

    def terminer(self) -> None:
        """The last batch: with it, the whole import is recorded, and its journal goes."""
        self.journal.en_attente = []
        EcritureImport.objects.filter(import_lie=self.journal.objet).delete()
        self.fermer()

    def abandonner(self) -> None:
        """Roll back the batch in progress (what earlier batches wrote is for ``annuler``)."""
        atomic, self._atomic = self._atomic, None
        self.journal.en_attente = []
        if atomic is not None:
            atomic.__exit__(_Abandon, _Abandon(), None)

    def ligne(self) -> None:
        """After each row: past the batch's time, commit it and start the next."""
        if self._atomic is None or time.monotonic() - self.debut < settings.REPRISE_LOT_SECONDES:
            return
        self.fermer()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            time.sleep(PAUSE_SQLITE)  # a writer waiting for the lock gets it between two batches
        self.ouvrir()


def en_cours(objet: Import) -> bool:
    return EcritureImport.objects.filter(import_lie=objet).exists()


def annuler(objet: Import) -> int:
    """Put back what the batches of an unfinished commit wrote, in short transactions; return how many writes were
    undone. First the records the import changed or deleted, as they were (their old state refers only to records
    older than the import); then the records it created, newest first — one that another created record still
    refers to (a prescription points to the person its entry created) waits for it. Raises ``ConflitAnnulation``
    (what was undone stays undone, the rest stays in the journal) if records of other users hang from them."""
    ecritures = list(
        EcritureImport.objects.filter(import_lie=objet)
        .order_by("-ordre")
        .values_list("pk", "modele", "objet_id", "avant", "parcours_id", "apres")
    )
    parcours = {e[4] for e in ecritures if e[4]}
    suppressions = [e for e in ecritures if not e[3]]
    restants = {(e[1], e[2]) for e in suppressions}
    _verifier_avant_d_annuler(ecritures, restants)
    faites = _par_tranches([e for e in ecritures if e[3]], lambda e: _restaurer(e[3]))
    while suppressions:
        reportees = []

        def supprimer(ecriture, reportees=reportees) -> bool:
            if not _supprimer(apps.get_model(ecriture[1]), ecriture[2], restants):
                reportees.append(ecriture)
                return False
            restants.discard((ecriture[1], ecriture[2]))
            return True

        faites += _par_tranches(suppressions, supprimer)
        if len(reportees) == len(suppressions):  # records of the import refer to each other in a circle
            raise ConflitAnnulation(len(reportees))
        suppressions = reportees
    if parcours:
        from fse.participations import synchroniser  # derived from the record: recomputed once restored
        from parcours.models import Parcours

        existants = sorted(Parcours.objects.filter(pk__in=parcours).values_list("pk", flat=True))
        if existants:
            synchroniser(parcours_ids=existants)
    return faites


def _verifier_avant_d_annuler(ecritures: list, restants: set) -> None:
    """Before any write: no record the import changed has been changed since by someone else, and no record of
    someone else hangs from a record the import created (``ConflitAnnulation`` with their number otherwise)."""
    conflits = sum(
        1
        for _pk, modele, objet_id, avant, _p, apres in ecritures
        if avant and apres and apres != _empreinte_actuelle(modele, objet_id)
    )
    for _pk, modele, objet_id, avant, _p, _a in ecritures:
        if avant:
            continue
        instance = apps.get_model(modele)._base_manager.filter(pk=objet_id).first()
        if instance is None:
            continue
        collecteur = Collector(using=instance._state.db, origin=instance)
        try:
            collecteur.collect([instance])
        except ProtectedError as erreur:
            conflits += sum(1 for o in erreur.protected_objects if _cle(o) not in restants)
            continue
        conflits += _etrangers(collecteur, restants)
    if conflits:
        raise ConflitAnnulation(conflits)


def _etrangers(collecteur: Collector, restants: set) -> int:
    """The records a deletion would take with it that are neither the import's nor derived."""
    return sum(
        1
        for lie, instances in collecteur.data.items()
        if lie._meta.label not in DERIVES and not _historique(lie)
        for o in instances
        if _cle(o) not in restants
    )


def _par_tranches(ecritures: list, action) -> int:
    """``action`` on each write, in transactions of at most REPRISE_LOT_SECONDES; each write done leaves the
    journal with its transaction (``action`` returns False for one put off)."""
    debut, faites = 0, 0
    while debut < len(ecritures):
        with transaction.atomic():
            depart, fin, finies = time.monotonic(), debut, []
            while fin < len(ecritures) and (fin == debut or time.monotonic() - depart < settings.REPRISE_LOT_SECONDES):
                if action(ecritures[fin]) is not False:
                    finies.append(ecritures[fin][0])
                fin += 1
            EcritureImport.objects.filter(pk__in=finies).delete()
        faites += len(finies)
        debut = fin
    return faites


def _restaurer(avant: str) -> None:
    for deserialise in serializers.deserialize("python", json.loads(avant)):
        deserialise.object.save()  # a normal save: the history says the record went back
        for nom, valeurs in deserialise.m2m_data.items():
            getattr(deserialise.object, nom).set(valeurs)


def _supprimer(modele, objet_id: str, restants: set) -> bool:
    """Delete a record the import created, unless another of its records still refers to it (False: later)."""
    instance = modele._base_manager.filter(pk=objet_id).first()
    if instance is None:  # deleted by the import itself, or with a record deleted before
        return True
    collecteur = Collector(using=instance._state.db, origin=instance)
    try:
        collecteur.collect([instance])
    except ProtectedError as erreur:
        etrangers = [o for o in erreur.protected_objects if _cle(o) not in restants]
        if etrangers:
            raise ConflitAnnulation(len(etrangers)) from None
        return False
    etrangers = _etrangers(collecteur, restants)
    if etrangers:
        raise ConflitAnnulation(etrangers)
    collecteur.delete()
    return True
