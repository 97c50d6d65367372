"""The letter's typed contract: what the engine returns is what a snapshot stores and gives back, field for field;
a snapshot with a key the contract does not know, or without one it needs, is refused rather than half read."""

import json

import dacite
import pytest

from reporting.indicateurs import DonneesLettre, Periode, calculer, contrat
from reporting.indicateurs.schema import Ligne, LigneReferent, Part
from reporting.lettre import donnees_publiees, publier
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import J, etape, non_entree, parcours, veille

pytestmark = pytest.mark.django_db


@pytest.fixture
def histoire():
    """Entries, a non-entry, an étape, a veille and two exits in the first half of 2017."""
    un, deux = ReferentFactory(), ReferentFactory()
    etape(parcours(un, J(2017, 1, 9)), J(2017, 2, 1))
    veille(parcours(deux, J(2017, 3, 1)), J(2017, 5, 2))
    parcours(un, J(2016, 10, 3), sortie=J(2017, 4, 10), motif="emploi_durable")
    parcours(deux, J(2016, 6, 1), sortie=J(2017, 6, 30), motif="demenagement")
    non_entree(un, J(2017, 2, 14))
    return un, deux


def _par_le_json(donnees: dict) -> dict:
    return json.loads(json.dumps(donnees))


@pytest.mark.parametrize("mois", [1, 6, 12])
@pytest.mark.parametrize("structure", [False, True])
def test_un_instantane_rend_la_lettre_champ_pour_champ(histoire, mois, structure):
    lettre = calculer(Periode(2017, mois), structure=structure)
    assert isinstance(lettre.total, Ligne) and all(isinstance(ligne, LigneReferent) for ligne in lettre.referents)
    relue = DonneesLettre.depuis_json(_par_le_json(lettre.chiffres_json()))
    # The text is stored beside the figures (Lettre.commentaires of the model), not in them.
    assert "commentaires" not in lettre.chiffres_json() and lettre.commentaires
    assert relue == lettre.remplacer(commentaires=[])
    if structure:
        assert isinstance(relue.total.structure_file_active["en_veille"], Part)


def test_le_json_ne_porte_que_les_champs_facultatifs_renseignes(histoire):
    lettre = calculer(Periode(2017, 6))
    donnees = lettre.chiffres_json()
    assert "structure_file_active" not in donnees["total"] and "variante" not in donnees
    assert all("referent_id" in ligne for ligne in donnees["referents"])
    telechargee = contrat(lettre)
    assert telechargee["version"] == "interne" and telechargee["commentaires"] == lettre.commentaires
    assert len(telechargee["referents"]) == 2 and not any("referent_id" in ligne for ligne in telechargee["referents"])
    assert contrat(lettre, version="financeurs")["referents"] == []
    # Rates with no base stay in the JSON, as null.
    vide = calculer(Periode(2017, 6), perimetre=[])
    assert vide.total.taux_sorties_positives is None and "taux_sorties_positives" in vide.chiffres_json()["total"]


def test_une_publication_se_relit_comme_elle_a_ete_calculee(histoire):
    lettre = publier(Periode(2017, 6), par=None)
    lettre.refresh_from_db()  # through the JSON column
    publiee = donnees_publiees(lettre)
    calculee = calculer(Periode(2017, 6))
    assert publiee.remplacer(commentaires=[], actualite=None, version_publiee=None, publiee_le=None) == (
        calculee.remplacer(commentaires=[])
    )
    assert publiee.commentaires == calculee.commentaires and publiee.version_publiee == 1


def test_une_cle_inconnue_ou_manquante_est_refusee(histoire):
    donnees = _par_le_json(calculer(Periode(2017, 3)).chiffres_json())
    inconnue = {**donnees, "total": {**donnees["total"], "entrees_du_mois": 3}}
    with pytest.raises(dacite.UnexpectedDataError, match="entrees_du_mois"):
        DonneesLettre.depuis_json(inconnue)
    manquante = {cle: valeur for cle, valeur in donnees.items() if cle != "sorties"}
    with pytest.raises(dacite.MissingValueError, match="sorties"):
        DonneesLettre.depuis_json(manquante)
