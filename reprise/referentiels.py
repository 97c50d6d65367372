"""The referentials a file's labels are matched to, loaded once per import (inactive entries included: a
historical record may use a motif that is no longer offered)."""

from agenda.enums import StatutActivite
from agenda.models import CategorieActivite
from fse.enums import Genre, Reponse
from parcours.enums import IssueEtape, ModeEntretien, SituationEmploi, StatutPrescription, TypeEntretien
from parcours.models import CritereEligibilite, MotifNonEntree, MotifSortie, TypeEtape
from participants.enums import Nationalite, NiveauFormation, Sexe
from participants.models import Commune, Prescripteur, Quartier, StructurePorteuse
from programmation.models import Operation
from reprise.valeurs import Referentiel, choix


def _par_libelle(nom, objets, *, attribut="libelle", feminin=False, codes=True):
    objets = list(objets)
    return Referentiel(
        nom,
        {getattr(o, attribut): o for o in objets},
        alias={o.code: o for o in objets} if codes else None,
        feminin=feminin,
    )


def charger() -> dict[str, Referentiel]:
    communes = list(Commune.objects.all())
    niveaux = {f"niveau {v[-1]}": v for v in NiveauFormation.values if v.startswith("niveau_")}
    niveaux["diplome etranger non reconnu"] = NiveauFormation.NON_RECONNU
    return {
        "structure": _par_libelle(
            "structure porteuse", StructurePorteuse.objects.all(), attribut="nom", feminin=True, codes=False
        ),
        "prescripteur": _par_libelle("prescripteur", Prescripteur.objects.all(), attribut="nom", codes=False),
        "commune": Referentiel(
            "commune", {c.nom: c for c in communes}, alias={c.code_insee: c for c in communes}, feminin=True
        ),
        "motif_non_entree": _par_libelle("motif de non-entrée", MotifNonEntree.objects.all()),
        "motif_sortie": _par_libelle("motif de sortie", MotifSortie.objects.all()),
        "type_etape": _par_libelle("type d'étape", TypeEtape.objects.all()),
        "criteres": _par_libelle("critère d'éligibilité", CritereEligibilite.objects.all()),
        "sexe": choix("sexe", Sexe, femme="f", homme="h", feminin=False),
        "nationalite": choix("nationalité", Nationalite, feminin=True, francaise="france", france="france"),
        "niveau_formation": choix("niveau de formation", NiveauFormation, **niveaux),
        "situation_emploi": choix("situation sur le marché du travail", SituationEmploi, feminin=True),
        "statut": choix("décision", StatutPrescription, feminin=True),
        "issue": choix("issue", IssueEtape, feminin=True),
        "type_entretien": choix("type d'entretien", TypeEntretien),
        "mode_entretien": choix("modalité", ModeEntretien, feminin=True),
        "genre_fse": choix("genre", Genre),
        "reponse_fse": choix("réponse", Reponse, feminin=True, ne_souhaite_pas="refus"),
        "categorie_activite": _par_libelle("catégorie d'activité", CategorieActivite.objects.all(), feminin=True),
        "statut_activite": choix("statut", StatutActivite),
    }


def quartiers() -> dict[int, Referentiel]:
    """Per commune: its quartiers."""
    par_commune: dict[int, dict] = {}
    for quartier in Quartier.objects.all():
        par_commune.setdefault(quartier.commune_id, {})[quartier.nom] = quartier
    return {pk: Referentiel("quartier", q) for pk, q in par_commune.items()}


def operations() -> dict[int, Referentiel]:
    """Per year: the programmation's operations, by title."""
    par_annee: dict[int, dict] = {}
    for operation in Operation.objects.all():
        par_annee.setdefault(operation.annee, {})[operation.intitule] = operation
    return {annee: Referentiel("opération", o, feminin=True) for annee, o in par_annee.items()}
