"""The import's engine: every row of the file goes through the services — the same rules as a référent's entry,
transfer, étape and exit, none re-implemented here — each row in its own savepoint so that one refused row does not
stop the others from being checked.

The check (the preview) is the run in one transaction, rolled back: each row's status and each message are the
services' own. The commit is the same run kept, only when no row is in error: all or nothing — in short
transactions undone if a row fails (reprise/lots.py), or in one for the command."""

from reprise.moteur.passe import Moteur
from reprise.moteur.resultats import (
    A_CREER,
    A_METTRE_A_JOUR,
    EN_ERREUR,
    FORMULE,
    IDENTIQUE,
    NOUVELLE,
    STATUTS,
    Bilan,
    Refus,
    Resultat,
)

__all__ = [
    "A_CREER",
    "A_METTRE_A_JOUR",
    "EN_ERREUR",
    "FORMULE",
    "IDENTIQUE",
    "NOUVELLE",
    "STATUTS",
    "Bilan",
    "Moteur",
    "Refus",
    "Resultat",
]
