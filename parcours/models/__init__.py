"""The accompaniment's models, by subject; every name importable from ``parcours.models``."""

from parcours.models.communs import (
    AGE_MINIMUM_ENTREE,
    DUREE_MAX_VEILLE,
    _date_fr,
    _referents_de,
    dates_futures,
    debut_base_active,
    q_accompagnes,
    q_file_active,
)
from parcours.models.documents import (
    Document,
    DocumentQuerySet,
    chemin_document,
)
from parcours.models.elements import (
    AideIndividuelle,
    DerogationSenior,
    Diagnostic,
    Entretien,
    Etape,
    EtapeQuerySet,
    FreinDiagnostic,
    PositionnementClea,
    Veille,
)
from parcours.models.parametres import ParametresAlertes, TexteContrat
from parcours.models.parcours import (
    AffectationReferent,
    ElementDuParcours,
    Parcours,
    ParcoursQuerySet,
    participants_visibles_par,
)
from parcours.models.prescriptions import (
    Prescription,
    PrescriptionQuerySet,
)
from parcours.models.referentiels import (
    CritereEligibilite,
    MotifNonEntree,
    MotifSortie,
    TypeEtape,
    TypePiece,
)
from parcours.models.reprise import RAISON_REPRISE, ExceptionReprise, OrigineReprise
from parcours.models.statuts import ChangementStatut, MachineStatut

__all__ = [
    "TypePiece",
    "RAISON_REPRISE",
    "ParametresAlertes",
    "TexteContrat",
    "ChangementStatut",
    "MachineStatut",
    "DUREE_MAX_VEILLE",
    "AGE_MINIMUM_ENTREE",
    "_date_fr",
    "dates_futures",
    "q_file_active",
    "q_accompagnes",
    "debut_base_active",
    "_referents_de",
    "CritereEligibilite",
    "MotifNonEntree",
    "MotifSortie",
    "TypeEtape",
    "PrescriptionQuerySet",
    "Prescription",
    "ParcoursQuerySet",
    "Parcours",
    "participants_visibles_par",
    "AffectationReferent",
    "ElementDuParcours",
    "Diagnostic",
    "FreinDiagnostic",
    "PositionnementClea",
    "EtapeQuerySet",
    "Etape",
    "Entretien",
    "Veille",
    "AideIndividuelle",
    "DerogationSenior",
    "chemin_document",
    "DocumentQuerySet",
    "Document",
    "ExceptionReprise",
    "OrigineReprise",
]
