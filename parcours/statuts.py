"""The status machines of the accompaniment: every allowed move of a prescription's decision, of an entry and an
exit before the entries-exits commission, and of a 55+ derogation. The services move a status only through these
tables (plie/statuts.py), which journal who moved it and when (``ChangementStatut``); a move not listed here is
refused with a French message. docs/architecture.md says how to add a status or a machine."""

from parcours.enums import StatutCommission as C
from parcours.enums import StatutPrescription as P
from parcours.models import ChangementStatut, DerogationSenior, MachineStatut, Parcours, Prescription
from plie.statuts import AUCUN, Machine, Transition


def _libelles(enum, aucun: str) -> dict[str, str]:
    return {AUCUN: aucun, **{valeur: str(libelle).lower() for valeur, libelle in enum.choices}}


PRESCRIPTION = Machine(
    nom=MachineStatut.PRESCRIPTION,
    titre="la décision sur la prescription",
    modele=Prescription,
    champ="statut",
    libelles=_libelles(P, "nouvelle"),
    transitions=(
        Transition(AUCUN, P.EN_ATTENTE, "recevoir la prescription"),
        Transition(P.EN_ATTENTE, P.ENTREE, "enregistrer l'entrée"),
        Transition(P.EN_ATTENTE, P.NON_ENTREE, "décider la non-entrée"),
    ),
    journal=(ChangementStatut, "prescription"),
)

_COMMISSION = _libelles(C, "")

ENTREE_COMMISSION = Machine(
    nom=MachineStatut.ENTREE_COMMISSION,
    titre="l'entrée en commission",
    modele=Parcours,
    champ="entree_commission",
    libelles={**_COMMISSION, AUCUN: "nouvelle"},
    transitions=(
        Transition(AUCUN, C.A_VALIDER, "présenter l'entrée à la commission"),
        Transition(C.A_VALIDER, C.VALIDEE, "valider l'entrée"),
        Transition(C.A_VALIDER, C.RENVOYEE, "renvoyer l'entrée au référent"),
        Transition(C.RENVOYEE, C.A_VALIDER, "présenter de nouveau l'entrée corrigée"),
        Transition(C.VALIDEE, C.A_VALIDER, "présenter de nouveau l'entrée corrigée après sa validation"),
        Transition(C.REPRISE, C.A_VALIDER, "présenter l'entrée reprise, corrigée"),
        Transition(C.A_VALIDER, C.REPRISE, "reprendre l'entrée de l'ancien outil"),
    ),
    journal=(ChangementStatut, "parcours"),
)

SORTIE_COMMISSION = Machine(
    nom=MachineStatut.SORTIE_COMMISSION,
    titre="la sortie en commission",
    modele=Parcours,
    champ="sortie_commission",
    libelles={**_COMMISSION, AUCUN: "pas de sortie"},
    transitions=(
        Transition(AUCUN, C.A_VALIDER, "enregistrer la sortie"),
        Transition(C.A_VALIDER, C.VALIDEE, "valider la sortie"),
        Transition(C.A_VALIDER, C.RENVOYEE, "renvoyer la sortie au référent"),
        Transition(C.RENVOYEE, C.A_VALIDER, "présenter de nouveau la sortie corrigée"),
        Transition(C.VALIDEE, C.A_VALIDER, "rouvrir et corriger la sortie validée"),
        Transition(C.REPRISE, C.A_VALIDER, "corriger la sortie reprise"),
        Transition(C.A_VALIDER, C.REPRISE, "reprendre la sortie de l'ancien outil"),
        *(Transition(s, AUCUN, "annuler la sortie") for s in (C.A_VALIDER, C.VALIDEE, C.RENVOYEE, C.REPRISE)),
    ),
    journal=(ChangementStatut, "parcours"),
)

DEROGATION = Machine(
    nom=MachineStatut.DEROGATION,
    titre="la dérogation 55 ans et plus",
    modele=DerogationSenior,
    champ="commission",
    libelles={**_COMMISSION, AUCUN: "non demandée", C.RENVOYEE: "refusée"},
    transitions=(
        Transition(AUCUN, C.A_VALIDER, "demander la dérogation"),
        Transition(C.A_VALIDER, C.VALIDEE, "valider la dérogation"),
        Transition(C.A_VALIDER, C.RENVOYEE, "refuser la dérogation"),
        Transition(C.RENVOYEE, C.A_VALIDER, "demander de nouveau la dérogation"),
    ),
    journal=(ChangementStatut, "derogation"),
)

COMMISSION = {"entree": ENTREE_COMMISSION, "sortie": SORTIE_COMMISSION}
