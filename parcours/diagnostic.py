"""The entry diagnostic: freins à l'emploi by family with a degree, their ranking, and the CléA positioning."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours import droits
from parcours.enums import DegreFrein, DomaineClea, FamilleFrein
from parcours.models import Diagnostic, FreinDiagnostic, Parcours, PositionnementClea

POIDS = {DegreFrein.AUCUN: 0, DegreFrein.LEGER: 1, DegreFrein.FORT: 2, DegreFrein.BLOQUANT: 3}


def classement_freins(freins) -> list[tuple[str, str, int]]:
    """The families with a frein, the heaviest first: (family label, degree label, weight)."""
    lignes = [(f.get_famille_display(), f.get_degre_display(), POIDS[f.degre]) for f in freins if POIDS[f.degre]]
    return sorted(lignes, key=lambda ligne: (-ligne[2], ligne[0]))


def profil_clea(positionnements) -> list[tuple[str, str]]:
    """The CléA domains positioned, in the certification's order: (domain label, level label)."""
    ordre = {code: rang for rang, code in enumerate(DomaineClea.values)}
    ranges = sorted(positionnements, key=lambda p: ordre[p.domaine])
    return [(p.get_domaine_display(), p.get_niveau_display()) for p in ranges]


def score(freins) -> int:
    """Sum of the weights (0 to 3 per family): the higher, the further from employment."""
    return sum(POIDS[f.degre] for f in freins)


@transaction.atomic
def diagnostic_enregistrer(
    *,
    parcours: Parcours,
    date: datetime.date,
    commentaire: str,
    freins: dict[str, str],
    clea: dict[str, str],
    par,
) -> Diagnostic:
    """Create or update the diagnostic; each frein and CléA line keeps its own history."""
    droits.verifier_modifiable(par, parcours)
    if set(freins) - set(FamilleFrein.values) or set(clea) - set(DomaineClea.values):
        raise ValidationError("Famille de freins ou domaine CléA inconnu.")
    diagnostic = Diagnostic.objects.filter(parcours=parcours).first() or Diagnostic(parcours=parcours)
    diagnostic.date, diagnostic.commentaire = date, commentaire
    diagnostic.full_clean()
    diagnostic.save()
    for famille, degre in freins.items():
        ligne = FreinDiagnostic.objects.filter(diagnostic=diagnostic, famille=famille).first()
        if ligne is None:
            ligne = FreinDiagnostic(diagnostic=diagnostic, famille=famille)
        if ligne.degre != degre:
            ligne.degre = degre
            ligne.full_clean()
            ligne.save()
    for domaine, niveau in clea.items():
        positionnement = PositionnementClea.objects.filter(diagnostic=diagnostic, domaine=domaine).first()
        if not niveau:
            if positionnement:
                positionnement.delete()
            continue
        if positionnement is None:
            positionnement = PositionnementClea(diagnostic=diagnostic, domaine=domaine)
        if positionnement.niveau != niveau:
            positionnement.niveau = niveau
            positionnement.full_clean()
            positionnement.save()
    return diagnostic
