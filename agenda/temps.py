"""A référent's monthly time statement (état mensuel des temps): the hours done, by operation and by category, the
participant-related hours apart, against the hours the month expects of their ETP; validated by the référent, then
by their employer, which locks the month (docs/fse.md)."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.dateformat import format as format_date

from agenda.enums import StatutActivite
from agenda.etp import jours_etp
from agenda.models import Activite, CategorieActivite, EtatTemps
from agenda.portage import operation_par_defaut
from parcours.models import Entretien
from participants.models import Referent, ReferentEtp
from plie import verrous
from programmation.models import Operation

HEURES_ANNUELLES_TEMPS_PLEIN = 1720  # Regulation (EU) 2021/1060, art. 55(2): 1 720 hours a year for full time
ENTRETIENS = "Entretiens individuels"  # the column of the dossier's entretiens


def libelle_mois(annee: int, mois: int) -> str:
    return format_date(datetime.date(annee, mois, 1), "F Y")


@dataclass
class LigneOperation:
    operation: str
    minutes: dict[str, int] = field(default_factory=dict)  # category -> minutes

    @property
    def total(self) -> int:
        return sum(self.minutes.values())


@dataclass
class Releve:
    referent: Referent
    annee: int
    mois: int
    categories: list[str]
    lignes: list[LigneOperation]
    minutes_participants: int  # the participant-related part of the total
    minutes_attendues: int  # what the month expects of the référent's ETP
    etat: EtatTemps | None

    @property
    def total(self) -> int:
        return sum(ligne.total for ligne in self.lignes)

    @property
    def libelle(self) -> str:
        return libelle_mois(self.annee, self.mois)

    def par_categorie(self) -> dict[str, int]:
        return {c: sum(ligne.minutes.get(c, 0) for ligne in self.lignes) for c in self.categories}


def bornes(annee: int, mois: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(annee, mois, 1), datetime.date(annee, mois, calendar.monthrange(annee, mois)[1])


def minutes_attendues(referent: Referent, annee: int, mois: int) -> int:
    """The month's share of 1 720 hours a year, pro rata of the ETP of each day of the month (an ETP that changes
    in the month counts for its days), rounded to the minute."""
    debut, fin = bornes(annee, mois)
    historique = list(
        ReferentEtp.objects.filter(referent=referent, date_debut__lte=fin)
        .order_by("date_debut")
        .values_list("date_debut", "etp")
    )
    jours = (fin - debut).days + 1
    minutes = Decimal(HEURES_ANNUELLES_TEMPS_PLEIN * 60) / 12 * jours_etp(historique, debut, fin) / jours
    return int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _calcul(referent: Referent, annee: int, mois: int) -> dict:
    """The month's time from the agenda and the entretiens, by operation id (None: none) and category label:
    {"lignes": {operation id: {"operation": label, "minutes": {category: minutes}}}, "participants": minutes}."""
    debut, fin = bornes(annee, mois)
    lignes: dict[int | None, dict] = {}
    participants = 0
    liees: set[str] = set()  # the categories whose time is participant-related

    def ligne(operation_id, intitule, annee_operation) -> dict:
        if operation_id not in lignes:
            lignes[operation_id] = {"operation": _operation(intitule, annee_operation), "minutes": defaultdict(int)}
        return lignes[operation_id]

    activites = (
        Activite.objects.filter(referent=referent, date__range=(debut, fin), statut=StatutActivite.REALISEE)
        .values(
            "operation_id",
            "operation__intitule",
            "operation__annee",
            "categorie__libelle",
            "categorie__avec_participants",
        )
        .annotate(minutes=Sum("duree_minutes"))
    )
    for valeurs in activites:
        cible = ligne(valeurs["operation_id"], valeurs["operation__intitule"], valeurs["operation__annee"])
        cible["minutes"][valeurs["categorie__libelle"]] += valeurs["minutes"]
        if valeurs["categorie__avec_participants"]:
            participants += valeurs["minutes"]
            liees.add(valeurs["categorie__libelle"])
    entretiens = Entretien.objects.filter(referent=referent, date__range=(debut, fin)).aggregate(
        m=Sum("duree_minutes")
    )["m"]
    if entretiens:
        portage = operation_par_defaut(referent, annee)
        cible = ligne(portage.pk, portage.intitule, portage.annee) if portage else ligne(None, None, None)
        cible["minutes"][ENTRETIENS] += entretiens
        participants += entretiens
        liees.add(ENTRETIENS)
    return {"lignes": lignes, "participants": participants, "liees": liees}


def instantane(referent: Referent, annee: int, mois: int) -> dict:
    """What a validation freezes (JSON): the statement as the référent validated it, shown as such while the
    month stays validated, whatever changes afterwards (a category renamed, a portage operation created)."""
    calcul = _calcul(referent, annee, mois)
    ordre = [ENTRETIENS, *CategorieActivite.objects.values_list("libelle", flat=True)]
    presentes = {c for valeurs in calcul["lignes"].values() for c in valeurs["minutes"]}
    return {
        "categories": [c for c in ordre if c in presentes] + sorted(presentes - set(ordre)),
        "lignes": sorted(
            (
                {"operation_id": pk, "operation": v["operation"], "minutes": dict(v["minutes"])}
                for pk, v in calcul["lignes"].items()
            ),
            key=lambda v: v["operation"],
        ),
        "minutes_participants": calcul["participants"],
        "minutes_attendues": minutes_attendues(referent, annee, mois),
        "liees": sorted(calcul["liees"]),  # as they were then: the export says which time was participant-related
    }


def instantane_repris(referent: Referent, annee: int, mois: int, repris: list[dict]) -> dict:
    """The statement of a month the old tool validated, as ``instantane`` freezes one, from the imported lines
    (``repris``: operation id, category, minutes, participant-related), which it keeps for the next import."""
    operations = {
        o.pk: _operation(o.intitule, o.annee)
        for o in Operation.objects.filter(pk__in=[ligne["operation_id"] for ligne in repris if ligne["operation_id"]])
    }
    lignes: dict[int | None, dict] = {}
    categories: list[str] = []
    for ligne in repris:
        cible = lignes.setdefault(
            ligne["operation_id"],
            {
                "operation_id": ligne["operation_id"],
                "operation": operations.get(ligne["operation_id"], _operation(None, None)),
                "minutes": {},
            },
        )
        cible["minutes"][ligne["categorie"]] = ligne["minutes"]
        if ligne["categorie"] not in categories:
            categories.append(ligne["categorie"])
    return {
        "categories": categories,
        "lignes": sorted(lignes.values(), key=lambda v: v["operation"]),
        "minutes_participants": sum(ligne["minutes"] for ligne in repris if ligne["participants"]),
        "minutes_attendues": minutes_attendues(referent, annee, mois),
        "repris": repris,
    }


def releve(referent: Referent, annee: int, mois: int) -> Releve:
    """The month's statement: frozen as validated while the month is validated, else computed from the agenda's
    activities done (by operation and category) and the entretiens (under the référent's portage operation of the
    year), summed by the database."""
    etat = EtatTemps.objects.filter(referent=referent, annee=annee, mois=mois).first()
    donnees = etat.releve_valide if etat is not None and etat.verrouille and etat.releve_valide else None
    donnees = donnees or instantane(referent, annee, mois)
    return Releve(
        referent=referent,
        annee=annee,
        mois=mois,
        categories=donnees["categories"],
        lignes=[LigneOperation(v["operation"], v["minutes"]) for v in donnees["lignes"]],
        minutes_participants=donnees["minutes_participants"],
        minutes_attendues=donnees["minutes_attendues"],
        etat=etat,
    )


def minutes_par_operation(donnees: dict) -> dict[int | None, int]:
    """A frozen statement's minutes by operation id (None: no operation): what the staff cost reads."""
    return {v["operation_id"]: sum(v["minutes"].values()) for v in donnees["lignes"]}


def _operation(intitule: str | None, annee: int | None) -> str:
    return f"{intitule} ({annee})" if intitule else "Sans opération"


def verifier_ouvert(referent_id: int | None, date: datetime.date) -> None:
    """Refuse a change to the time of a référent's month whose statement is validated."""
    if referent_id is None:
        return
    etat = EtatTemps.objects.filter(referent_id=referent_id, annee=date.year, mois=date.month).first()
    if etat is not None and etat.verrouille:
        raise ValidationError(
            f"L'état des temps de {libelle_mois(date.year, date.month)} est validé : il doit être rouvert (ou renvoyé "
            "au référent) pour que le temps de ce mois change."
        )


verrous.enregistrer(verifier_ouvert)
