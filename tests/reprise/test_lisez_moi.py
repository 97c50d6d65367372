"""The template's « Lisez-moi »: every example it gives is read without error by the import's own reader on the
base it was downloaded from, and each referential and fixed list has its accepted labels listed."""

import io

import pytest
from openpyxl import load_workbook

from participants.models import GroupePrescripteur, Prescripteur, StructurePorteuse
from programmation.models import Operation
from reprise import modele, referentiels
from reprise.lecture import lire
from reprise.lisez_moi import LISTES, modele_vierge
from reprise.moteur import Moteur
from reprise.moteur.resultats import Resultat
from tests.fse.histoires import action
from tests.reprise.classeur import classeur, entetes

pytestmark = pytest.mark.django_db


def lisez_moi() -> tuple[dict[str, dict[str, str]], list[str]]:
    """The examples by sheet and column name, and every line of the sheet's first column."""
    lignes = list(load_workbook(io.BytesIO(modele_vierge()))[modele.LISEZ_MOI].iter_rows(values_only=True))
    exemples: dict[str, dict[str, str]] = {}
    sujet = None
    for colonne, *_, exemple in lignes:
        titre = next((f for f in modele.FEUILLES if colonne and colonne.startswith(f"Feuille « {f.nom} »")), None)
        if titre:
            sujet = titre
        elif sujet and colonne in entetes(sujet):
            exemples.setdefault(sujet.nom, {})[colonne] = exemple or ""
    return exemples, [ligne[0] for ligne in lignes]


def lire_les_exemples(exemples: dict[str, dict[str, str]]) -> list[Resultat]:
    """One row per sheet made of its examples, read by the import's reader (each cell as the engine reads it)."""
    contenu = classeur(
        {f.nom: [entetes(f), [exemples[f.nom].get(c.nom) or None for c in f.colonnes]] for f in modele.FEUILLES}
    )
    lecture = lire([("exemples.xlsx", contenu)])
    moteur = Moteur(lecture, source="exemples.xlsx")
    resultats = []
    for feuille in modele.FEUILLES:
        numero, cellules = lecture.feuilles[feuille.nom].lignes[0]
        resultat = Resultat(feuille=feuille.nom, ligne=numero, valeurs={})
        moteur._lire(feuille, cellules, resultat)
        resultats.append(resultat)
    return resultats


def test_chaque_exemple_est_accepte_par_l_import():
    """On a base whose referentials do not hold the template's own examples (another PLIE's prescribers and
    structures): the examples come from the base, and the reader accepts every one, an operation's with its year."""
    StructurePorteuse.objects.create(nom="Créativ' Beaune")
    Prescripteur.objects.create(nom="Mission locale Haute-Côte", groupe=GroupePrescripteur.objects.first())
    operation = action(annee=2024, intitule="Accompagnement renforcé 2024")
    exemples, _ = lisez_moi()
    assert exemples["Référents"]["structure porteuse"] == "Créativ' Beaune"
    assert exemples["Prescriptions"]["prescripteur"] == "Mission locale Haute-Côte"
    assert exemples["Données FSE"]["opération"] == operation.intitule
    assert exemples["Données FSE"]["année de l'opération"] == "2024"
    for resultat in lire_les_exemples(exemples):
        assert not resultat.erreurs, (resultat.feuille, resultat.erreurs)
    operations = referentiels.operations()
    assert operations[2024].trouver(exemples["Étapes"]["opération"]) == operation


def test_un_exemple_que_la_base_connait_est_garde(organisation):
    """The template's own examples, when the base holds them (the PLIE of Dijon); a shorter spelling of a fixed
    list's label the aide gives is accepted too."""
    action(annee=2017, intitule="Accompagnement Maison de l'emploi 2017")
    exemples, _ = lisez_moi()
    assert exemples["Référents"]["structure porteuse"] == "Maison de l'emploi"
    assert exemples["Prescriptions"]["prescripteur"] == "France Travail Dijon Nord"
    assert exemples["Entretiens"]["modalité"] == "En présentiel"
    assert exemples["Données FSE"]["opération"] == "Accompagnement Maison de l'emploi 2017"
    assert exemples["Parcours"]["critères d'éligibilité"].startswith("Bénéficiaire de minima sociaux")
    niveaux = referentiels.charger()["niveau_formation"]
    assert niveaux.trouver("Diplôme étranger non reconnu") == niveaux.trouver("Diplôme étranger non reconnu en France")
    for resultat in lire_les_exemples(exemples):
        assert not resultat.erreurs, (resultat.feuille, resultat.erreurs)


def test_les_valeurs_acceptees_de_chaque_liste():
    """Every referential and fixed list the reader matches has its labels listed, each one accepted; a referential
    the base does not fill yet says so (and its example column stays empty)."""
    Operation.objects.all().delete()
    exemples, lignes = lisez_moi()
    refs = referentiels.charger()
    for cle in LISTES:
        titre = lignes.index(f"Libellés acceptés : {refs[cle].nom}")
        fin = next((i for i in range(titre, len(lignes)) if lignes[i] is None), len(lignes))
        suivantes = lignes[titre + 1 : fin]
        if refs[cle].libelles:
            assert suivantes == refs[cle].libelles
            assert all(refs[cle].trouver(libelle) is not None for libelle in suivantes)
        else:
            assert suivantes == ["(aucun dans la base : à créer avant l'import)"]
    for fixe in ("sexe", "nationalite", "niveau_formation", "situation_emploi", "issue", "mode_entretien"):
        assert refs[fixe].libelles, fixe  # the fixed lists are never empty
    assert "Homme" in lignes and "En présentiel" in lignes
    assert exemples["Référents"]["structure porteuse"] == ""  # no structure porteuse in this base yet
    assert exemples["Données FSE"]["opération"] == ""
