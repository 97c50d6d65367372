"""Participations derived from the record (docs/fse.md, « Participations »).

A person is in an FSE-funded operation on each day when, within their parcours and within the operation's
period, either their référent belongs to the structure that carries the operation (the year's portage
operation), or one of their étapes is attached to the operation. The participation runs from the first such day
to the last; it stays open while the person is still in the operation today. Leaving and coming back within
the operation's period keeps one participation; a parcours over three annual portage operations has three.

``synchroniser`` writes the derivation: it creates, updates and removes participations, keeps the structure
d'animation's corrections, and never removes a participation that holds answers or a correction (it is marked
« n'est plus déduite du dossier » instead). It is idempotent. It runs in the background (``actualiser``, the task
``fse.synchroniser``: every night, and when a page of the structure d'animation finds it older than a minute), and
on the pages whose scope is one portfolio, one parcours or one participation. It also stores each participation's
completeness states and consistency checks (``completude.evaluer``)."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fse import completude
from fse.models import Participation
from parcours.models import AffectationReferent, Etape, Parcours
from participants.models import Referent, age_au
from plie import actualisations
from programmation.enums import NatureOperation
from programmation.models import Financement, Operation

LOT_PARCOURS = 500  # ids per query (with the operations, under SQLite's 999 parameters): an index lookup each

Intervalle = tuple[datetime.date, datetime.date | None]  # None: still running today


def operations_fse():
    """The operations the FSE funds (a financement of the FSE financeur above zero)."""
    fse = Financement.objects.filter(operation=OuterRef("pk"), financeur__est_fse=True, montant__gt=0)
    return Operation.objects.filter(Exists(fse))


def periode(operation: Operation) -> tuple[datetime.date, datetime.date]:
    """The operation's period: its dates, else its calendar year."""
    debut = operation.date_debut or datetime.date(operation.annee, 1, 1)
    fin = operation.date_fin or datetime.date(operation.annee, 12, 31)
    return debut, fin


@dataclasses.dataclass(frozen=True)
class Deduite:
    parcours_id: int
    operation_id: int
    entree: datetime.date
    sortie: datetime.date | None


def _intersection(debut, fin, op_debut, op_fin, aujourd_hui) -> Intervalle | None:
    """[debut, fin] (fin None: still running) within [op_debut, op_fin], as known today."""
    entree = max(debut, op_debut)
    if entree > aujourd_hui or (fin is not None and fin < op_debut) or entree > op_fin:
        return None
    sortie = op_fin if fin is None else min(fin, op_fin)
    if sortie > aujourd_hui or (fin is None and sortie == aujourd_hui):
        sortie = None  # not known yet: a transfer dated in the future does not end the participation today
    return entree, sortie


def _union(intervalles: list[Intervalle]) -> Intervalle:
    entree = min(i[0] for i in intervalles)
    fins = [i[1] for i in intervalles]
    return entree, (None if any(f is None for f in fins) else max(fins))


def _periodes_referents(parcours, affectations) -> list[tuple[int, datetime.date, datetime.date | None]]:
    """(référent, from, to) over the parcours, from its assignment history (the current référent without one)."""
    lignes = sorted(affectations, key=lambda a: a[1])
    if not lignes:
        return [(parcours["referent_id"], parcours["date_entree"], parcours["date_sortie"])]
    periodes = []
    for index, (referent_id, debut) in enumerate(lignes):
        suivante = lignes[index + 1][1] if index + 1 < len(lignes) else None
        fin = suivante - datetime.timedelta(days=1) if suivante else parcours["date_sortie"]
        if parcours["date_sortie"] is not None:
            fin = min(fin, parcours["date_sortie"])  # an assignment recorded after the exit does not extend it
        debut = max(debut, parcours["date_entree"])
        if fin is None or fin >= debut:
            periodes.append((referent_id, debut, fin))
    return periodes


def deduire(
    parcours: dict,
    *,
    affectations: list[tuple[int, datetime.date]],
    etapes: list[tuple[int, datetime.date, datetime.date | None]],
    structure_du_referent: dict[int, int],
    portages: dict[int, list[Operation]],
    operations: dict[int, Operation],
    aujourd_hui: datetime.date,
) -> list[Deduite]:
    """The participations of one parcours. ``portages``: the FSE portage operations by structure; ``operations``:
    every FSE operation by id; ``etapes``: (operation id, start, end) of the étapes attached to one."""
    presences: dict[int, list[Intervalle]] = defaultdict(list)
    sortie = parcours["date_sortie"]
    for referent_id, debut, fin in _periodes_referents(parcours, affectations):
        for operation in portages.get(structure_du_referent.get(referent_id), ()):
            intervalle = _intersection(debut, fin, *periode(operation), aujourd_hui)
            if intervalle:
                presences[operation.pk].append(intervalle)
    for operation_id, debut, fin in etapes:
        operation = operations.get(operation_id)
        if operation is None:
            continue
        fin = fin if fin is not None else sortie
        if sortie is not None:
            fin = min(fin, sortie)
        debut = max(debut, parcours["date_entree"])
        if fin is not None and fin < debut:
            continue
        intervalle = _intersection(debut, fin, *periode(operation), aujourd_hui)
        if intervalle:
            presences[operation_id].append(intervalle)
    return [
        Deduite(parcours["id"], operation_id, *_union(intervalles))
        for operation_id, intervalles in sorted(presences.items())
    ]


def _parcours_concernes(operations: list[Operation], parcours_ids):
    """The parcours that may be in ``operations``: within their periods, and followed by a référent of a structure
    carrying one of them or with an étape attached to one (not the whole PLIE for one operation)."""
    qs = Parcours.objects.all()
    if parcours_ids is not None:
        return qs.filter(pk__in=parcours_ids)
    debut = min(periode(o)[0] for o in operations)
    fin = max(periode(o)[1] for o in operations)
    qs = qs.filter(date_entree__lte=fin).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut))
    # Uncorrelated subqueries: each is computed once (a correlated EXISTS under OR is re-run for every parcours).
    dans = Q(pk__in=Etape.objects.filter(operation__in=operations).values("parcours_id"))
    structures = {o.structure_id for o in operations if o.nature == NatureOperation.PORTAGE_REFERENTS}
    if structures:
        suivis = AffectationReferent.objects.filter(referent__structure_id__in=structures).values("parcours_id")
        dans |= Q(pk__in=suivis) | Q(referent__structure_id__in=structures)
    return qs.filter(dans)


def synchroniser(
    *, operations: Iterable[Operation] | None = None, parcours_ids=None, aujourd_hui=None, attendre: bool = True
) -> int:
    """Write the participations of ``operations`` (every FSE operation by default), for every parcours or those
    of ``parcours_ids``; return how many rows changed. ``attendre=False`` (a page): if another synchronisation
    holds these participations, do nothing rather than wait for it."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    toutes = {o.pk: o for o in operations_fse()}
    cibles = list(toutes.values()) if operations is None else [toutes[o.pk] for o in operations if o.pk in toutes]
    if not cibles:
        return 0
    cibles_ids = {o.pk for o in cibles}
    portages: dict[int, list[Operation]] = defaultdict(list)
    for operation in toutes.values():
        if operation.nature == NatureOperation.PORTAGE_REFERENTS and operation.structure_id:
            portages[operation.structure_id].append(operation)
    structure_du_referent = dict(Referent.objects.values_list("pk", "structure_id"))

    concernes = _parcours_concernes(cibles, parcours_ids)
    lignes = list(concernes.values("id", "referent_id", "date_entree", "date_sortie", "participant__date_naissance"))
    # The assignments and étapes of those parcours, read by their ids a batch at a time (indexed lookups): the
    # parcours' conditions embedded as a subquery were planned, on statistics of tables just filled, as nested
    # loops running for minutes.
    affectations = defaultdict(list)
    etapes = defaultdict(list)
    ids = [parcours["id"] for parcours in lignes]
    for rang in range(0, len(ids), LOT_PARCOURS):
        lot = ids[rang : rang + LOT_PARCOURS]
        for parcours_id, referent_id, debut in AffectationReferent.objects.filter(parcours_id__in=lot).values_list(
            "parcours_id", "referent_id", "date_debut"
        ):
            affectations[parcours_id].append((referent_id, debut))
        for parcours_id, operation_id, debut, fin in Etape.objects.filter(
            parcours_id__in=lot, operation_id__in=toutes
        ).values_list("parcours_id", "operation_id", "date_debut", "date_fin"):
            etapes[parcours_id].append((operation_id, debut, fin))

    voulues: dict[tuple[int, int], tuple[Deduite, datetime.date | None]] = {}
    for parcours in lignes:
        for deduite in deduire(
            parcours,
            affectations=affectations[parcours["id"]],
            etapes=etapes[parcours["id"]],
            structure_du_referent=structure_du_referent,
            portages=portages,
            operations=toutes,
            aujourd_hui=aujourd_hui,
        ):
            if deduite.operation_id in cibles_ids:
                voulues[(deduite.parcours_id, deduite.operation_id)] = (
                    deduite,
                    parcours["participant__date_naissance"],
                )
    try:
        with transaction.atomic():
            existantes = Participation.objects.select_for_update(of=("self",), nowait=not attendre).filter(
                operation_id__in=cibles_ids
            )
            if parcours_ids is not None:
                existantes = existantes.filter(parcours_id__in=parcours_ids)
            existantes = existantes.select_related("donnees_entree", "donnees_sortie")
            changees = _ecrire(voulues, {(p.parcours_id, p.operation_id): p for p in existantes})
    except (OperationalError, IntegrityError):
        if attendre:
            raise
        # The background synchronisation holds these rows, or has just created the same participation: it
        # writes them; a page does not wait for its rows (a web process waiting seconds on a lock is a web
        # process less for everyone), it shows what is stored.
        return 0
    # The states are evaluated after the rows are released: the lock lasts the writing only.
    portee = Participation.objects.filter(operation_id__in=cibles_ids)
    if parcours_ids is not None:
        portee = portee.filter(parcours_id__in=parcours_ids)
    completude.evaluer(portee, aujourd_hui=aujourd_hui)
    return changees


TACHE = "fse.synchroniser"


def nom_actualisation(annee: int) -> str:
    """The background synchronisation of one year's FSE operations (plie.actualisations): its time is the one
    the board and the operation pages of that year show."""
    return f"fse-{annee}"


def actualiser(*, annee: int | None = None) -> int:
    """Synchronise the FSE operations of ``annee`` (a page's refresh), or of every year one after the other (the
    night), and store the board's counts, recording when for each year."""
    annees = [annee] if annee is not None else sorted(set(operations_fse().values_list("annee", flat=True)))
    changees = 0
    for une_annee in annees:
        with actualisations.executer(nom_actualisation(une_annee)):
            operations = list(operations_fse().filter(annee=une_annee))
            changees += synchroniser(operations=operations)
            completude.enregistrer_comptes(une_annee, operations)
    return changees


CHAMPS = ("entree_calculee", "sortie_calculee", "deduite", "date_entree", "date_sortie", "age_entree")


def appliquer(participation: Participation, naissance: datetime.date | None) -> None:
    """The effective dates (corrected, else computed) and the age at the effective entry."""
    participation.date_entree = participation.entree_corrigee or participation.entree_calculee
    participation.date_sortie = participation.sortie_corrigee or participation.sortie_calculee
    if participation.date_sortie and participation.date_sortie < participation.date_entree:
        participation.date_sortie = participation.date_entree if participation.sortie_corrigee is None else None
    if naissance:
        participation.age_entree = age_au(naissance, participation.date_entree)


def _ecrire(voulues, existantes: dict) -> int:
    creees, modifiees, supprimees = [], [], []
    for cle, (deduite, naissance) in voulues.items():
        participation = existantes.get(cle) or Participation(parcours_id=cle[0], operation_id=cle[1])
        avant = tuple(getattr(participation, c) for c in CHAMPS)
        participation.entree_calculee, participation.sortie_calculee = deduite.entree, deduite.sortie
        participation.deduite = True
        appliquer(participation, naissance)
        if participation.pk is None:
            creees.append(participation)
        elif tuple(getattr(participation, c) for c in CHAMPS) != avant:
            modifiees.append(participation)
    for cle, participation in existantes.items():
        if cle in voulues:
            continue
        if participation.corrigee or _a_des_reponses(participation):
            if participation.deduite:
                participation.deduite = False
                modifiees.append(participation)
        else:
            supprimees.append(participation.pk)
    Participation.objects.bulk_create(creees, batch_size=500)
    Participation.objects.bulk_update(modifiees, CHAMPS, batch_size=500)
    Participation.objects.filter(pk__in=supprimees).delete()
    return len(creees) + len(modifiees) + len(supprimees)


def _a_des_reponses(participation: Participation) -> bool:
    return hasattr(participation, "donnees_entree") or hasattr(participation, "donnees_sortie")  # select_related
