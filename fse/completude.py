"""The completeness board: for each participation, whether its entry and exit data are complete, still to be
completed within the four weeks, or late; whether the six-month survey has a contact; what the consistency
checks say (docs/fse.md, « Complétude »)."""

import dataclasses
import datetime
from collections import defaultdict

from fse import indicateurs
from fse.enums import EtatDonnees
from fse.models import DELAI_SEMAINES, Participation

DELAI = datetime.timedelta(weeks=DELAI_SEMAINES)


@dataclasses.dataclass
class Suivi:
    participation: Participation
    valeurs: dict[str, bool]
    entree: str
    sortie: str
    contact_manquant: bool
    incoherences: list[str]

    @property
    def echeance_entree(self) -> datetime.date:
        return self.participation.date_entree + DELAI

    @property
    def echeance_sortie(self) -> datetime.date | None:
        return self.participation.date_sortie + DELAI if self.participation.date_sortie else None

    @property
    def en_retard(self) -> bool:
        return EtatDonnees.EN_RETARD in (self.entree, self.sortie)

    @property
    def a_completer(self) -> bool:
        return self.entree != EtatDonnees.COMPLETES or self.sortie not in (
            EtatDonnees.COMPLETES,
            EtatDonnees.SANS_OBJET,
        )

    @property
    def a_revoir(self) -> bool:
        return self.a_completer or bool(self.incoherences)


def _etat(present: bool, echeance: datetime.date, aujourd_hui: datetime.date) -> str:
    if present:
        return EtatDonnees.COMPLETES
    return EtatDonnees.EN_RETARD if aujourd_hui > echeance else EtatDonnees.A_COMPLETER


def suivre(participation: Participation, valeurs: dict[str, bool], *, aujourd_hui: datetime.date) -> Suivi:
    participant = participation.parcours.participant
    contact = bool(participant.telephone or participant.email)
    if participation.date_sortie is None:
        sortie = EtatDonnees.SANS_OBJET
    else:
        sortie = _etat(
            hasattr(participation, "donnees_sortie") and contact, participation.date_sortie + DELAI, aujourd_hui
        )
    return Suivi(
        participation=participation,
        valeurs=valeurs,
        entree=_etat(hasattr(participation, "donnees_entree"), participation.date_entree + DELAI, aujourd_hui),
        sortie=sortie,
        contact_manquant=participation.date_sortie is not None and not contact,
        incoherences=indicateurs.incoherences(participation, valeurs),
    )


def suivis(participations, *, aujourd_hui: datetime.date) -> list[Suivi]:
    return [suivre(p, v, aujourd_hui=aujourd_hui) for p, v in indicateurs.avec_lignes(participations)]


@dataclasses.dataclass
class Compte:
    libelle: str
    cle: int
    participations: int = 0
    entree_a_completer: int = 0
    entree_en_retard: int = 0
    sortie_a_completer: int = 0
    sortie_en_retard: int = 0
    contact_manquant: int = 0
    incoherentes: int = 0

    def ajouter(self, suivi: Suivi) -> None:
        self.participations += 1
        self.entree_a_completer += suivi.entree == EtatDonnees.A_COMPLETER
        self.entree_en_retard += suivi.entree == EtatDonnees.EN_RETARD
        self.sortie_a_completer += suivi.sortie == EtatDonnees.A_COMPLETER
        self.sortie_en_retard += suivi.sortie == EtatDonnees.EN_RETARD
        self.contact_manquant += suivi.contact_manquant
        self.incoherentes += bool(suivi.incoherences)


def bilan(liste: list[Suivi], *, par: str) -> list[Compte]:
    """Counts per operation (``par="operation"``) or per current référent of the parcours (``"referent"``)."""
    comptes: dict[int, Compte] = {}
    for suivi in liste:
        objet = suivi.participation.operation if par == "operation" else suivi.participation.parcours.referent
        compte = comptes.setdefault(objet.pk, Compte(libelle=str(objet), cle=objet.pk))
        compte.ajouter(suivi)
    return sorted(comptes.values(), key=lambda c: c.libelle)


def par_operation(liste: list[Suivi]) -> dict[int, list[Suivi]]:
    groupes = defaultdict(list)
    for suivi in liste:
        groupes[suivi.participation.operation_id].append(suivi)
    return groupes
