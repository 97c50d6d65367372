"""The staff cost of an operation, from the référents' validated time (Regulation (EU) 2021/1060, art. 55(2)):

- a référent's hourly rate for a year = their annual gross employment cost ÷ (1 720 hours × their average ETP of
  the year, each day of the year counted with the ETP of that day);
- an operation's staff cost = Σ over its référents of (the hours of their **locked** monthly statements spent on
  it × their rate), each référent's amount rounded once to the cent (half up), the operation's total the sum of
  those amounts. Time counted on an operation: the agenda's activities done on it, and the entretiens for the
  portage operation of the référent's structure (docs/fse.md).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from agenda.enums import StatutEtatTemps
from agenda.etp import etp_moyen
from agenda.models import CoutAnnuel, TempsValide
from agenda.temps import HEURES_ANNUELLES_TEMPS_PLEIN
from participants.models import Referent, ReferentEtp
from programmation.models import Operation

CENTIME = Decimal("0.01")


def etp_de_l_annee(historique: list[tuple[datetime.date, Decimal]], annee: int) -> Decimal:
    """The average of the ETP of each day of ``annee``."""
    return etp_moyen(historique, datetime.date(annee, 1, 1), datetime.date(annee, 12, 31))


def taux_horaire(cout_annuel: Decimal, etp: Decimal) -> Decimal | None:
    """Cost ÷ (1 720 h × ETP), unrounded (the amounts are rounded, not the rate); None without ETP."""
    if etp <= 0:
        return None
    return Decimal(cout_annuel) / (HEURES_ANNUELLES_TEMPS_PLEIN * etp)


@dataclass
class LigneCout:
    referent: Referent
    minutes: int  # validated, on the operation
    cout_annuel: Decimal | None
    etp: Decimal
    taux: Decimal | None
    montant: Decimal | None  # None: no cost entered (or no ETP) for the year


def _minutes_validees(operations: list[Operation], debut: datetime.date, fin: datetime.date) -> dict:
    """{operation id: {référent id: validated minutes}}: the locked months between the two dates (whole months: a
    statement is monthly), as the référent validated them once their employer locked them (``TempsValide``); one
    query. A period that ends before it starts has none."""
    minutes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    mois = Q()
    jour = debut.replace(day=1)
    while jour <= fin:
        mois |= Q(etat__annee=jour.year, etat__mois=jour.month)
        jour = (jour + datetime.timedelta(days=32)).replace(day=1)
    if debut > fin:
        return minutes
    lignes = (
        TempsValide.objects.filter(mois, operation__in=operations, etat__statut=StatutEtatTemps.VERROUILLE)
        .values_list("operation_id", "etat__referent_id")
        .annotate(m=Sum("minutes"))
    )
    for operation_id, referent_id, m in lignes:
        minutes[operation_id][referent_id] += m
    return minutes


def _bases(annee: int, referents) -> tuple[dict, dict, dict]:
    """Each référent's cost of the year, ETP history and record (three queries, whatever their number)."""
    couts = dict(
        CoutAnnuel.objects.filter(referent_id__in=referents, annee=annee).values_list("referent_id", "montant")
    )
    historiques: dict[int, list] = defaultdict(list)
    for referent_id, date_debut, etp in (
        ReferentEtp.objects.filter(referent_id__in=referents)
        .order_by("date_debut")
        .values_list("referent_id", "date_debut", "etp")
    ):
        historiques[referent_id].append((date_debut, etp))
    fiches = Referent.objects.filter(pk__in=referents).select_related("structure").in_bulk()
    return couts, historiques, fiches


def _taux(
    annee: int, referent_id: int, bases: tuple[dict, dict, dict]
) -> tuple[Decimal | None, Decimal, Decimal | None]:
    """A référent's cost of the year, average ETP and hourly rate."""
    couts, historiques, _ = bases
    etp = etp_de_l_annee(historiques[referent_id], annee)
    cout = couts.get(referent_id)
    return cout, etp, taux_horaire(cout, etp) if cout is not None else None


def taux_des_referents(annee: int, referents: list[Referent]) -> list[dict]:
    """Each référent's cost of the year, average ETP and rate (the costs' page: three queries)."""
    bases = _bases(annee, [r.pk for r in referents])
    lignes = []
    for referent in referents:
        cout, etp, taux = _taux(annee, referent.pk, bases)
        lignes.append({"referent": referent, "etp": etp, "montant": cout, "taux": taux})
    return lignes


def _lignes(annee: int, minutes: dict[int, int], bases: tuple[dict, dict, dict]) -> list[LigneCout]:
    fiches = bases[2]
    lignes = []
    for referent_id, duree in minutes.items():
        cout, etp, taux = _taux(annee, referent_id, bases)
        montant = None
        if taux is not None:
            montant = (Decimal(duree) / 60 * taux).quantize(CENTIME, rounding=ROUND_HALF_UP)
        lignes.append(LigneCout(fiches[referent_id], duree, cout, etp, taux, montant))
    return sorted(lignes, key=lambda ligne: (ligne.referent.nom, ligne.referent.prenom))


def cout_des_personnels(operation: Operation, debut: datetime.date, fin: datetime.date) -> dict:
    """The operation's staff cost between two dates (within its year), from the locked months only, référent by
    référent."""
    debut, fin = max(debut, datetime.date(operation.annee, 1, 1)), min(fin, datetime.date(operation.annee, 12, 31))
    minutes = _minutes_validees([operation], debut, fin).get(operation.pk, {})
    lignes = _lignes(operation.annee, minutes, _bases(operation.annee, list(minutes)))
    return {
        "operation": operation,
        "debut": debut,
        "fin": fin,
        "lignes": lignes,
        "minutes": sum(ligne.minutes for ligne in lignes),
        "total": total(lignes),
        "sans_cout": [ligne.referent for ligne in lignes if ligne.montant is None],
    }


def total(lignes: list[LigneCout]) -> Decimal:
    return sum((ligne.montant for ligne in lignes if ligne.montant is not None), Decimal("0.00"))


def couts_de_l_annee(annee: int) -> dict[int, Decimal]:
    """Each operation of the year's staff cost (validated to date), for the programmation's table."""
    operations = list(Operation.objects.filter(annee=annee))
    par_operation = _minutes_validees(operations, datetime.date(annee, 1, 1), datetime.date(annee, 12, 31))
    bases = _bases(annee, list({r for minutes in par_operation.values() for r in minutes}))
    return {pk: total(_lignes(annee, minutes, bases)) for pk, minutes in par_operation.items()}
