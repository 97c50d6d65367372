"""The « Données FSE » sheet: the FSE+ answers of a participation (a parcours in an FSE-funded operation), written
through the FSE services after the parcours and their content; an unknown or unfunded operation, a participation the
record does not give, an unknown label each refuse the row in French and write nothing; the export writes the
sheet back, so that the answers survive an export then an import into an empty base."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from fse.models import DonneesEntree, DonneesSortie, Participation
from parcours.models import Parcours
from reprise import modele
from reprise.export import exporter
from reprise.lecture import lire
from reprise.lisez_moi import modele_vierge
from reprise.moteur import A_CREER, A_METTRE_A_JOUR, EN_ERREUR, IDENTIQUE, Moteur
from tests import publicite
from tests.fse.histoires import action, portage, sans_fse
from tests.reprise.classeur import classeur, entetes, ligne
from tests.reprise.outils import vider_les_parcours

pytestmark = pytest.mark.django_db

R, PR, PE, PA, SO, FSE = (
    modele.REFERENTS,
    modele.PRESCRIPTIONS,
    modele.PERSONNES,
    modele.PARCOURS,
    modele.SORTIES,
    modele.FSE,
)
OPERATION = "Accompagnement Maison de l'emploi 2017"
REPONSES = {
    "genre": "Non binaire",
    "sans_domicile": "non",
    "origine_etrangere": "Ne souhaite pas répondre",
    "minorite": "OUI",
    "date_situation": "15/07/2017",
    "emploi": "oui",
    "formation": "non",
}


@pytest.fixture
def operations(organisation):
    return {
        "portage": portage(organisation["structure"], 2017, intitule=OPERATION),
        "sans_fse": sans_fse("Chantier local", 2017),
        "action": action("Atelier mobilité", 2017),
    }


def feuilles(**fse) -> dict:
    """One person entered on 03/01/2017 with the structure's référent, out on 30/06/2017; one row of FSE data."""
    fse = {"parcours": "P1", "annee_operation": 2017, "operation": OPERATION, **REPONSES, **fse}
    return {
        R.nom: [entetes(R), ligne(R, identifiant="R1", prenom="Claire", nom="Martin", structure="Maison de l'emploi")],
        PR.nom: [
            entetes(PR),
            ligne(
                PR,
                identifiant="PR1",
                date_prescription="12/12/2016",
                prescripteur="France Travail Dijon Nord",
                nom="Durand",
                prenom="Karim",
                referent="R1",
                statut="Entrée",
            ),
        ],
        PE.nom: [
            entetes(PE),
            ligne(
                PE,
                identifiant="I1",
                nom="Durand",
                prenom="Karim",
                sexe="Homme",
                date_naissance="03/04/1980",
                nationalite="Française",
                commune="Dijon",
                telephone="06 00 00 00 00",
            ),
        ],
        PA.nom: [
            entetes(PA),
            ligne(
                PA,
                identifiant="P1",
                personne="I1",
                prescription="PR1",
                date_entree="03/01/2017",
                situation_emploi="Demandeur d'emploi",
            ),
        ],
        SO.nom: [entetes(SO), ligne(SO, parcours="P1", date_sortie="30/06/2017", motif="A sa demande")],
        FSE.nom: [entetes(FSE), ligne(FSE, **fse)],
    }


def importer(contenu: bytes, par, *, enregistrer=True):
    moteur = Moteur(lire([("ancien.xlsx", contenu)]), par=par, source="ancien.xlsx")
    bilan = moteur.executer(enregistrer=enregistrer)
    return bilan, {(r.feuille, r.ligne): r for r in moteur.resultats}


def reponses() -> tuple:
    entree = DonneesEntree.objects.get()
    sortie = DonneesSortie.objects.get()
    return (
        entree.participation.operation.intitule,
        entree.genre,
        entree.sans_domicile,
        entree.origine_etrangere,
        entree.minorite,
        sortie.participation_id == entree.participation_id,
        sortie.date_situation,
        sortie.recherche_emploi,
        sortie.formation,
        sortie.qualification,
        sortie.emploi,
    )


ATTENDU = (
    OPERATION,
    "non_binaire",
    "non",
    "refus",
    "oui",
    True,
    datetime.date(2017, 7, 15),
    False,
    False,
    False,
    True,
)


def test_une_ligne_valide_ecrit_les_reponses_puis_reimportee_ne_change_rien(operations, animation):
    contenu = classeur(feuilles())
    bilan, lignes = importer(contenu, animation)

    assert [(r.feuille, r.erreurs) for r in lignes.values() if r.statut == EN_ERREUR] == []
    assert bilan.enregistre and lignes[(FSE.nom, 2)].statut == A_CREER
    assert bilan.par_feuille[FSE.nom][A_CREER] == 1
    assert reponses() == ATTENDU
    assert DonneesEntree.objects.get().renseigne_par == animation
    participation = Participation.objects.get()
    assert participation.date_sortie == datetime.date(2017, 6, 30)

    historique = DonneesEntree.historique.count() + DonneesSortie.historique.count()
    _, lignes = importer(contenu, animation)
    assert {r.statut for r in lignes.values()} == {IDENTIQUE}
    assert DonneesEntree.historique.count() + DonneesSortie.historique.count() == historique

    _, lignes = importer(classeur(feuilles(minorite="Non", qualification="oui")), animation)
    assert lignes[(FSE.nom, 2)].statut == A_METTRE_A_JOUR
    assert lignes[(FSE.nom, 2)].note == "modifié : données à l'entrée, données à la sortie"
    assert (DonneesEntree.objects.get().minorite, DonneesSortie.objects.get().qualification) == ("non", True)


def test_sans_date_de_situation_seules_les_donnees_d_entree_s_ecrivent(operations, animation):
    bilan, _ = importer(classeur(feuilles(date_situation=None, emploi=None, formation=None)), animation)
    assert bilan.enregistre
    assert DonneesEntree.objects.get().genre == "non_binaire" and not DonneesSortie.objects.exists()


@pytest.mark.parametrize(
    "fse, colonne, message",
    [
        (
            {"operation": "Atelier inconnu"},
            "opération",
            "opération inconnue : « Atelier inconnu »",
        ),
        (
            {"annee_operation": 2016},
            "opération",
            "aucune opération n'est programmée en 2016",
        ),
        (
            {"operation": "chantier LOCAL"},
            "opération",
            "l'opération « Chantier local » (2017) n'est pas financée par le FSE",
        ),
        (
            {"operation": "Atelier mobilité"},
            "",
            "le dossier ne donne aucune participation du parcours « P1 » à l'opération « Atelier mobilité » (2017) : "
            "vérifiez ses référents et ses étapes",
        ),
        ({"minorite": "Peut-être"}, "minorité", "réponse inconnue : « Peut-être »"),
        ({"genre": "Autre"}, "genre", "genre inconnu : « Autre »"),
        ({"genre": None}, "genre", "Choisissez le genre."),
        (
            {"date_situation": "30/08/2017"},
            "situation à la sortie constatée le",
            "La situation se constate entre la sortie (30/06/2017) et quatre semaines après (28/07/2017).",
        ),
    ],
    ids=[
        "operation-inconnue",
        "annee-sans-operation",
        "sans-fse",
        "sans-participation",
        "reponse",
        "genre",
        "genre-vide",
        "date-situation",
    ],
)
def test_une_ligne_refusee_le_dit_en_francais_et_rien_n_est_ecrit(operations, animation, fse, colonne, message):
    bilan, lignes = importer(classeur(feuilles(**fse)), animation)

    resultat = lignes[(FSE.nom, 2)]
    assert resultat.statut == EN_ERREUR
    assert len(resultat.erreurs) == 1
    assert resultat.erreurs[0][0] == colonne and resultat.erreurs[0][1].startswith(message)
    assert bilan.erreurs == 1 and not bilan.enregistre
    assert not DonneesEntree.objects.exists() and not DonneesSortie.objects.exists()
    assert not Parcours.objects.exists() and not Participation.objects.exists()


def test_sans_compte_de_la_structure_d_animation_la_ligne_est_refusee(operations):
    bilan, lignes = importer(classeur(feuilles()), None)
    assert lignes[(FSE.nom, 2)].erreurs == [
        ("", "les données FSE s'importent au nom d'un compte de la structure d'animation")
    ]
    assert not bilan.enregistre and not DonneesEntree.objects.exists()


def test_l_export_ecrit_les_reponses_et_elles_survivent_a_l_aller_retour(operations, animation):
    importer(classeur(feuilles()), animation)

    contenu, _ = exporter()
    feuille = load_workbook(io.BytesIO(contenu))[FSE.nom]
    entete, *rangees = feuille.iter_rows(values_only=True)
    assert list(entete) == entetes(FSE)
    lues = [[v.date() if isinstance(v, datetime.datetime) else v for v in r] for r in rangees]
    assert lues == [
        [
            "P1",
            2017,
            OPERATION,
            "Non binaire",
            "Non",
            "Ne souhaite pas répondre",
            "Oui",
            datetime.date(2017, 7, 15),
            "non",
            "non",
            "non",
            "oui",
        ]
    ]

    vider_les_parcours()
    assert not Participation.objects.exists() and not DonneesEntree.objects.exists()
    bilan, lignes = importer(contenu, animation)
    assert [(r.feuille, r.erreurs) for r in lignes.values() if r.statut == EN_ERREUR] == []
    assert bilan.enregistre and lignes[(FSE.nom, 2)].statut == A_CREER
    assert reponses() == ATTENDU


def test_le_modele_et_son_lisez_moi_ont_la_feuille(operations):
    publicite.classeur(modele_vierge())
    classeur_ = load_workbook(io.BytesIO(modele_vierge()))
    assert [c.value for c in classeur_[FSE.nom][1]] == entetes(FSE)
    lisez_moi = [c for (c, *_) in classeur_["Lisez-moi"].iter_rows(values_only=True)]
    assert "Feuille « Données FSE » (facultative)" in lisez_moi


def test_une_participation_renseignee_deux_fois_est_refusee(operations, animation):
    doublee = feuilles()
    doublee[FSE.nom].append(doublee[FSE.nom][1])
    bilan, lignes = importer(classeur(doublee), animation)
    assert lignes[(FSE.nom, 3)].erreurs == [("", "participation déjà renseignée (Données FSE, ligne 2)")]
    assert not bilan.enregistre and not DonneesEntree.objects.exists()
