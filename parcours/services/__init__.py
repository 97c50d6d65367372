"""Every write of the accompaniment goes through these services: each checks every rule (the models' own
``clean`` and constraints, and the rules below that span several records), runs in one transaction and writes
nothing when it refuses. Views, forms, commands, imports and tasks call them; none re-implements a rule."""

from parcours.services.commission import commission_decider, derogation_senior_demander
from parcours.services.contrats import contrat_deposer, contrat_signer
from parcours.services.documents import document_ajouter, document_supprimer
from parcours.services.elements import element_enregistrer, element_supprimer
from parcours.services.entrees import (
    DEJA_ACCOMPAGNEE,
    PERSONNE_CONNUE,
    connue_hors_perimetre,
    entree_corriger,
    entree_enregistrer,
    parcours_ouvrir,
    simulation,
)
from parcours.services.personnes import participant_modifier
from parcours.services.prescriptions import (
    pieces_jointes_purger,
    prescription_creer,
    prescription_envoyer,
    prescription_modifier,
    prescription_non_entree,
    prescription_preaffecter,
    prescription_rapprochement_demander,
)
from parcours.services.reprise import Exception_, exception_enregistrer, reprise_marquer
from parcours.services.sorties import (
    justifications_des_sorties,
    sortie_annuler,
    sortie_corriger,
    sortie_enregistrer,
    sortie_justification,
    sortie_proposee,
)
from parcours.services.transferts import (
    parcours_transferer,
    portefeuille_transferer,
    remplacement_creer,
    transfert_annuler,
)

__all__ = [
    "simulation",
    "pieces_jointes_purger",
    "prescription_envoyer",
    "DEJA_ACCOMPAGNEE",
    "commission_decider",
    "derogation_senior_demander",
    "contrat_deposer",
    "contrat_signer",
    "document_ajouter",
    "document_supprimer",
    "element_enregistrer",
    "element_supprimer",
    "entree_corriger",
    "entree_enregistrer",
    "connue_hors_perimetre",
    "PERSONNE_CONNUE",
    "prescription_rapprochement_demander",
    "parcours_ouvrir",
    "parcours_transferer",
    "participant_modifier",
    "portefeuille_transferer",
    "prescription_creer",
    "prescription_modifier",
    "prescription_non_entree",
    "prescription_preaffecter",
    "remplacement_creer",
    "sortie_annuler",
    "sortie_corriger",
    "sortie_enregistrer",
    "sortie_justification",
    "sortie_proposee",
    "justifications_des_sorties",
    "transfert_annuler",
    "Exception_",
    "exception_enregistrer",
    "reprise_marquer",
]
