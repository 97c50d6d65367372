"""What several tests of the import do to the base around a run."""

from django.db import transaction

from parcours.models import (
    AffectationReferent,
    AideIndividuelle,
    DerogationSenior,
    Diagnostic,
    Document,
    Entretien,
    Etape,
    ExceptionReprise,
    FreinDiagnostic,
    OrigineReprise,
    Parcours,
    PositionnementClea,
    Prescription,
    Veille,
)
from participants.models import Participant, Referent, ReferentEtp, Remplacement
from reprise.models import Correspondance


@transaction.atomic
def vider_les_parcours():
    """An empty base: people, parcours, prescriptions and référents gone; referentials, structures, prescripteurs,
    programmation and objectives stay."""
    for modele in (
        AideIndividuelle,
        Entretien,
        Veille,
        Etape,
        PositionnementClea,
        FreinDiagnostic,
        Diagnostic,
        DerogationSenior,
        Document,
        AffectationReferent,
        ExceptionReprise,
        OrigineReprise,
        Parcours.criteres.through,
    ):
        modele.objects.all().delete()
    for modele in (Parcours, Prescription, Participant, Remplacement, ReferentEtp, Referent, Correspondance):
        modele.objects.all().delete()
