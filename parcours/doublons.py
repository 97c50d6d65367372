"""Finding the person a prescription is about among those already known: name and birth date, ignoring case,
accents and small spelling differences."""

import datetime
from dataclasses import dataclass
from difflib import SequenceMatcher

from parcours.models import participants_visibles_par
from participants.models import Participant
from plie.texte import lettres

SEUIL = 0.8


def normaliser(texte: str) -> str:
    return lettres(texte)


def ressemblance(a: str, b: str) -> float:
    return SequenceMatcher(None, normaliser(a), normaliser(b)).ratio()


def doublons_possibles(*, nom: str, prenom: str, date_naissance: datetime.date | None) -> list[Participant]:
    """Known people born the same day whose name and first name look alike (one query)."""
    if date_naissance is None:
        return []
    candidats = Participant.objects.filter(date_naissance=date_naissance, anonymise_le__isnull=True)
    return [p for p in candidats if ressemblance(p.nom, nom) >= SEUIL and ressemblance(p.prenom, prenom) >= SEUIL]


@dataclass(frozen=True)
class Ressemblances:
    """The known people who look like an identity, split by what the user may see."""

    visibles: list[Participant]  # within the user's scope (their file may be opened)
    hors_perimetre: list[Participant]  # known to the PLIE, outside the user's scope

    @property
    def toutes(self) -> list[Participant]:
        return self.visibles + self.hors_perimetre


def ressemblances(user, *, nom: str, prenom: str, date_naissance: datetime.date | None) -> Ressemblances:
    """The one duplicate check: every entry path (entry from a prescription, import, prescribers) calls it."""
    candidats = doublons_possibles(nom=nom, prenom=prenom, date_naissance=date_naissance)
    visibles = set(
        participants_visibles_par(user).filter(pk__in=[c.pk for c in candidats]).values_list("pk", flat=True)
    )
    return Ressemblances(
        visibles=[c for c in candidats if c.pk in visibles],
        hors_perimetre=[c for c in candidats if c.pk not in visibles],
    )
