"""The statuses of the agenda and their allowed moves: an activity planned, then done or cancelled (a mistake
corrected by going back to planned); a monthly time statement validated by the référent, then by their employer
(locked), sent back or reopened with a reason; an émargement sheet signed (on screen or on paper), to be signed again
when its contact changed."""

from agenda.enums import StatutActivite as S
from agenda.enums import StatutEtatTemps as T
from agenda.enums import StatutFeuille as F
from agenda.models import (
    Activite,
    ChangementActivite,
    ChangementEtatTemps,
    ChangementFeuille,
    EtatTemps,
    FeuilleEmargement,
)
from plie.statuts import AUCUN, Machine, Transition

ACTIVITE = Machine(
    nom="activite",
    titre="l'activité",
    modele=Activite,
    champ="statut",
    libelles={AUCUN: "non enregistrée", **{s.value: s.label.lower() for s in S}},
    transitions=(
        Transition(AUCUN, S.PREVUE, "prévoir"),
        Transition(AUCUN, S.REALISEE, "enregistrer comme réalisée"),
        Transition(S.PREVUE, S.REALISEE, "marquer réalisée"),
        Transition(S.PREVUE, S.ANNULEE, "annuler"),
        Transition(S.REALISEE, S.PREVUE, "remettre en prévue"),
        Transition(S.ANNULEE, S.PREVUE, "rétablir"),
    ),
    journal=(ChangementActivite, "activite"),
)

ETAT_TEMPS = Machine(
    nom="etat_temps",
    titre="l'état des temps",
    modele=EtatTemps,
    champ="statut",
    libelles={AUCUN: "non commencé", **{s.value: s.label.lower() for s in T}},
    transitions=(
        Transition(AUCUN, T.EN_COURS, "ouvrir"),
        Transition(AUCUN, T.VALIDE_REFERENT, "valider (référent)"),
        Transition(AUCUN, T.VERROUILLE, "reprendre de l'ancien outil, où il était validé"),
        Transition(T.EN_COURS, T.VALIDE_REFERENT, "valider (référent)"),
        Transition(T.VALIDE_REFERENT, T.VERROUILLE, "valider (employeur)"),
        Transition(T.VALIDE_REFERENT, T.EN_COURS, "renvoyer au référent"),
        Transition(T.VERROUILLE, T.EN_COURS, "rouvrir pour correction"),
    ),
    journal=(ChangementEtatTemps, "etat"),
)

FEUILLE = Machine(
    nom="feuille_emargement",
    titre="la feuille d'émargement",
    modele=FeuilleEmargement,
    champ="statut",
    libelles={AUCUN: "sans feuille", **{s.value: s.label.lower() for s in F}},
    transitions=(
        Transition(AUCUN, F.DECLAREE, "déclarer signée (sans pièce)"),
        Transition(AUCUN, F.SIGNEE, "signer à l'écran"),
        Transition(AUCUN, F.DEPOSEE, "déposer la feuille signée"),
        Transition(F.DECLAREE, F.SIGNEE, "signer à l'écran"),
        Transition(F.DECLAREE, F.DEPOSEE, "déposer la feuille signée"),
        Transition(F.SIGNEE, F.A_RESIGNER, "marquer à re-signer (contact modifié)"),
        Transition(F.DEPOSEE, F.A_RESIGNER, "marquer à re-signer (contact modifié)"),
        Transition(F.SIGNEE, F.DEPOSEE, "remplacer par la feuille signée sur papier"),
        Transition(F.DEPOSEE, F.SIGNEE, "remplacer par une feuille signée à l'écran"),
        Transition(F.A_RESIGNER, F.SIGNEE, "signer à l'écran"),
        Transition(F.A_RESIGNER, F.DEPOSEE, "déposer la feuille signée"),
    ),
    journal=(ChangementFeuille, "feuille"),
)
