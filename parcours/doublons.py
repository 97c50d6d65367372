"""Finding the person a prescription is about among those already known: name and birth date, ignoring case,
accents and small spelling differences."""

import datetime
import unicodedata
from difflib import SequenceMatcher

from participants.models import Participant

SEUIL = 0.8


def normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.lower() if c.isalpha())


def ressemblance(a: str, b: str) -> float:
    return SequenceMatcher(None, normaliser(a), normaliser(b)).ratio()


def doublons_possibles(*, nom: str, prenom: str, date_naissance: datetime.date | None) -> list[Participant]:
    """Known people born the same day whose name and first name look alike (one query)."""
    if date_naissance is None:
        return []
    candidats = Participant.objects.filter(date_naissance=date_naissance, anonymise_le__isnull=True)
    return [p for p in candidats if ressemblance(p.nom, nom) >= SEUIL and ressemblance(p.prenom, prenom) >= SEUIL]
