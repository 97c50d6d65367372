"""The demo base exported, then imported into an empty base with the same referentials, programmation and
objectives: every month of the last complete year, the letter is the same, for the whole PLIE and for each
référent; the import's report counts every row created, and the same file imported again changes nothing."""

import secrets

import pytest
from django.core.management import call_command

from fse.models import DonneesEntree, DonneesSortie
from parcours.models import (
    Parcours,
)
from participants.models import Participant, Referent
from reporting.indicateurs import Periode, calculer
from reprise.export import exporter
from reprise.lecture import lire
from reprise.models import EcritureImport, Import
from reprise.moteur import EN_ERREUR, IDENTIQUE, Moteur
from tests.reprise.outils import vider_les_parcours

pytestmark = pytest.mark.django_db(transaction=False)
ANNEE = 2025


def sans_ids(valeur):
    if isinstance(valeur, dict):
        return {k: sans_ids(v) for k, v in valeur.items() if k != "referent_id"}
    if isinstance(valeur, list):
        return [sans_ids(v) for v in valeur]
    return valeur


def lettres() -> dict:
    resultat = {}
    for mois in range(1, 13):
        resultat[("PLIE", mois)] = sans_ids(calculer(Periode(ANNEE, mois)).chiffres_json())
        for referent in Referent.objects.order_by("nom", "prenom"):
            cle = (f"{referent.prenom} {referent.nom} ({referent.structure})", mois)
            resultat[cle] = sans_ids(calculer(Periode(ANNEE, mois), [referent.pk]).chiffres_json())
    return resultat


PARTICIPATION = (
    "participation__parcours__participant__nom",
    "participation__parcours__participant__prenom",
    "participation__parcours__participant__date_naissance",
    "participation__parcours__date_entree",
    "participation__operation_id",
)


def reponses_fse() -> tuple[list, list]:
    """The FSE answers, by person, parcours and operation (the primary keys change on the way)."""
    entree = DonneesEntree.objects.values_list(
        *PARTICIPATION, "genre", "sans_domicile", "origine_etrangere", "minorite"
    )
    sortie = DonneesSortie.objects.values_list(
        *PARTICIPATION, "date_situation", "recherche_emploi", "formation", "qualification", "emploi"
    )
    return sorted(entree), sorted(sortie)


def importer(contenu: bytes, *, enregistrer: bool, par=None):
    """As the import's task runs it: a commit in batches, journaled (reprise/lots.py)."""
    origine = Import.objects.create(jeton=secrets.token_hex(16), nom_fichier="export.xlsx", cree_par=par)
    moteur = Moteur(
        lire([("export.xlsx", contenu)]),
        par=par,
        source="export.xlsx",
        import_origine=origine if enregistrer else None,
    )
    return moteur.executer(enregistrer=enregistrer), moteur.resultats


def test_la_base_exportee_puis_importee_donne_les_memes_lettres(animation):
    call_command("seed_demo", "--seed", "3", "--echelle", "0.1", "--jusqua", f"{ANNEE}-12-31", verbosity=0)
    avant = lettres()
    fse_avant = reponses_fse()
    assert len(fse_avant[0]) > 50 and len(fse_avant[1]) > 20  # the demo answers most questionnaires
    assert avant[("PLIE", 12)]["total"]["file_active"] > 50  # a base worth the comparison
    contenu, personnes = exporter()
    assert len(personnes) == Participant.objects.count()

    vider_les_parcours()
    assert not Parcours.objects.exists()
    bilan, resultats = importer(contenu, enregistrer=True, par=animation)  # the FSE data need its account
    assert [(r.feuille, r.ligne, r.erreurs) for r in resultats if r.statut == EN_ERREUR] == []
    assert bilan.enregistre and not EcritureImport.objects.exists()

    assert reponses_fse() == fse_avant
    apres = lettres()
    assert apres.keys() == avant.keys()
    for cle in avant:
        assert apres[cle] == avant[cle], cle

    bilan, resultats = importer(contenu, enregistrer=True, par=animation)
    assert {r.statut for r in resultats} == {IDENTIQUE}
