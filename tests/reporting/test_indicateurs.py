"""The indicator engine on small hand-built histories where the expected figure is obvious (docs/indicateurs.md)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import ReferentEtp
from programmation.models import ObjectifsAnnuels
from reporting.indicateurs import Periode, calculer, contrat
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import J, etape, non_entree, parcours, transferer, veille

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return ReferentFactory(prenom="Anne", nom="Durand")


def lettre(annee, mois, **kwargs):
    return contrat(calculer(Periode(annee, mois), **kwargs))


def test_entree_le_dernier_jour_du_mois(referent):
    parcours(referent, J(2017, 1, 31))
    janvier, fevrier = lettre(2017, 1)["total"], lettre(2017, 2)["total"]
    assert (janvier["entrees_mois"], janvier["entrees_cumul"], janvier["file_active"]) == (1, 1, 1)
    assert (fevrier["entrees_mois"], fevrier["entrees_cumul"], fevrier["file_active"]) == (0, 1, 1)


def test_sortie_le_premier_jour_du_mois(referent):
    parcours(referent, J(2016, 6, 1), sortie=J(2017, 2, 1))
    janvier, fevrier = lettre(2017, 1), lettre(2017, 2)
    assert janvier["total"]["file_active"] == 1 and janvier["sorties"]["total_cumul"] == 0
    assert fevrier["total"]["file_active"] == 0 and fevrier["total"]["accompagnes"] == 1
    assert (fevrier["sorties"]["positives_mois"], fevrier["sorties"]["positives_cumul"]) == (1, 1)
    # Accompanied in the year: still counted in March, gone the next year.
    assert lettre(2017, 3)["total"]["accompagnes"] == 1 and lettre(2018, 1)["total"]["accompagnes"] == 0


def test_etape_finie_la_veille_du_mois(referent):
    finie = parcours(referent, J(2016, 6, 1))
    etape(finie, J(2016, 7, 1), J(2017, 1, 31))
    jusquau_premier = parcours(referent, J(2016, 6, 1))
    etape(jusquau_premier, J(2016, 7, 1), J(2017, 2, 1), type_code="fle")
    fevrier = lettre(2017, 2)
    assert fevrier["etapes"]["total"] == 1 and fevrier["total"]["en_etape"] == 1
    assert [t["libelle"] for t in fevrier["etapes"]["par_type"]] == ["FLE / formation linguistique"]
    assert lettre(2017, 1)["etapes"]["total"] == 2


def test_deux_etapes_comptent_deux_fois_mais_une_personne(referent):
    un = parcours(referent, J(2016, 6, 1))
    etape(un, J(2017, 1, 2), type_code="interim")
    etape(un, J(2017, 1, 5), type_code="contrat_long")
    janvier = lettre(2017, 1)
    assert (janvier["etapes"]["total"], janvier["etapes"]["participants_en_etape"]) == (2, 1)
    assert janvier["etapes"]["taux_participants_en_etape"] == 100.0
    assert janvier["etapes"]["part_emplois_durables"] == 50.0


def test_veille_couvrant_la_fin_du_mois(referent):
    couvre = parcours(referent, J(2016, 6, 1))
    veille(couvre, J(2017, 1, 15), J(2017, 2, 15))
    finie_avant = parcours(referent, J(2016, 6, 1))
    veille(finie_avant, J(2017, 1, 2), J(2017, 1, 30))
    en_cours = parcours(referent, J(2016, 6, 1))
    veille(en_cours, J(2017, 1, 20))  # no end yet
    assert lettre(2017, 1)["total"]["en_veille"] == 2
    assert lettre(2017, 2)["total"]["en_veille"] == 1


def test_parcours_rouvert_apres_une_sortie(referent):
    premier = parcours(referent, J(2016, 3, 1), sortie=J(2017, 1, 10), motif="demenagement")
    second = parcours(referent, J(2017, 1, 20))
    second.participant = premier.participant
    second.save(update_fields=["participant"])
    janvier = lettre(2017, 1)
    assert janvier["total"]["entrees_mois"] == 1
    assert janvier["total"]["accompagnes"] == 2  # the letter counts parcours
    assert janvier["total"]["file_active"] == 1
    assert (janvier["sorties"]["autres_cumul"], janvier["sorties"]["neutralisees_cumul"]) == (1, 1)
    assert janvier["sorties"]["taux_positives"] == 0.0
    assert janvier["sorties"]["taux_positives_hors_neutralisees"] is None


def test_etp_change_en_mars():
    referent = ReferentFactory(etp=1, etp__depuis=J(2016, 1, 1))
    ReferentEtp.objects.create(referent=referent, date_debut=J(2017, 3, 1), etp="0.5")
    fevrier, mars = lettre(2017, 2)["total"], lettre(2017, 3)["total"]
    assert (fevrier["etp"], fevrier["objectif_entrees_annuel"], fevrier["objectif_file_active"]) == (1.0, 56.0, 70.0)
    assert (mars["etp"], mars["objectif_entrees_annuel"], mars["objectif_file_active"]) == (0.5, 28.0, 35.0)
    assert lettre(2017, 3)["sorties"]["objectif_annuel_positives"] == 14.0


def test_controle_des_lettres_de_janvier_et_fevrier_2017():
    """The worked check of docs/indicateurs.md: 12.7 ETP, 32 entries in January, 62 at the end of February."""
    referents = [ReferentFactory() for _ in range(12)] + [ReferentFactory(etp="0.7")]
    for i in range(62):
        parcours(referents[i % 13], J(2017, 1, 1 + i % 31) if i < 32 else J(2017, 2, 1 + i % 28))
    janvier, fevrier = lettre(2017, 1), lettre(2017, 2)
    assert janvier["total"]["etp"] == 12.7
    assert janvier["total"]["objectif_entrees_annuel"] == 711.2
    assert janvier["total"]["objectif_file_active"] == 889.0
    assert janvier["sorties"]["objectif_annuel_positives"] == 355.6
    assert janvier["sorties"]["objectif_positives_a_date"] == 29.6
    assert fevrier["sorties"]["objectif_positives_a_date"] == 59.3
    assert janvier["total"]["taux_objectif_entrees"] == 54.0
    assert fevrier["total"]["taux_objectif_entrees"] == 52.3
    assert len(janvier["referents"]) == 13
    assert sum(ligne["entrees_cumul"] for ligne in fevrier["referents"]) == fevrier["total"]["entrees_cumul"] == 62


def test_un_transfert_ne_change_pas_le_mois_passe():
    ancien, nouveau = ReferentFactory(nom="Ancien"), ReferentFactory(nom="Nouveau")
    un = parcours(ancien, J(2017, 1, 10))
    transferer(un, nouveau, J(2017, 3, 15))
    fevrier = {ligne["referent"]: ligne for ligne in lettre(2017, 2)["referents"]}
    mars = {ligne["referent"]: ligne for ligne in lettre(2017, 3)["referents"]}
    assert (fevrier[str(ancien)]["file_active"], fevrier[str(nouveau)]["file_active"]) == (1, 0)
    assert (mars[str(ancien)]["file_active"], mars[str(nouveau)]["file_active"]) == (0, 1)
    # The perimeter of a référent follows the same rule.
    assert lettre(2017, 2, perimetre=[nouveau.pk])["total"]["file_active"] == 0
    assert lettre(2017, 3, perimetre=[nouveau.pk])["total"]["file_active"] == 1


def test_non_entrees_par_referent_et_par_motif(referent):
    autre = ReferentFactory()
    non_entree(referent, J(2017, 1, 31), "absent_rdv")
    non_entree(referent, J(2017, 2, 1), "absent_rdv")
    non_entree(autre, J(2017, 2, 3), "sante")
    non_entree(autre, J(2016, 12, 31), "sante")  # the previous year
    fevrier = lettre(2017, 2)
    lignes = {ligne["referent"]: ligne["non_entrees_cumul"] for ligne in fevrier["referents"]}
    assert lignes == {str(referent): 2, str(autre): 1}
    assert fevrier["non_entrees"]["cumul"] == 3
    assert fevrier["non_entrees"]["par_motif"][0] == {
        "motif": "Absent aux rendez-vous",
        "par_mois": [1, 1],
        "cumul": 2,
        "pourcentage": 66.7,
    }


def test_prescriptions_et_entrees_par_groupe(referent):
    parcours(referent, J(2017, 1, 20), prescrit_le=J(2017, 1, 5), groupe="france_travail")
    parcours(referent, J(2017, 1, 25), prescrit_le=J(2017, 1, 10), groupe="conseil_departemental")
    parcours(referent, J(2017, 1, 26), prescrit_le=J(2017, 1, 11), groupe="mission_locale")
    non_entree(referent, J(2017, 1, 30), groupe="mission_locale")
    prescriptions = lettre(2017, 1)["prescriptions"]
    groupes = {g["groupe"]: g for g in prescriptions["par_groupe"]}
    assert prescriptions["total"] == 4
    assert groupes["Autres"]["prescriptions"] == 2 and groupes["Autres"]["pourcentage"] == 50.0
    assert groupes["France Travail"]["entrees"] == 1 and groupes["France Travail"]["pourcentage_entrees"] == 33.3
    assert (prescriptions["prescriptions_ft_cd"], prescriptions["entrees_ft_cd"]) == (2, 2)
    assert prescriptions["objectif_prescriptions_ft_cd"] == 66.7  # 800 × 1 / 12
    assert prescriptions["objectif_entrees_ft_cd"] == 55.8  # 670 × 1 / 12


def test_duree_de_preaffectation(referent):
    parcours(referent, J(2016, 5, 10), prescrit_le=J(2016, 5, 1))  # 9 days, previous year
    parcours(referent, J(2017, 1, 21), prescrit_le=J(2017, 1, 1))  # 20 days
    parcours(referent, J(2017, 2, 11), prescrit_le=J(2017, 1, 1))  # 41 days
    duree = lettre(2017, 2)["duree_preaffectation"]
    assert duree == {
        "annee_precedente": 9.0,
        "cumul": 30.5,
        "par_mois": [{"mois": 1, "jours": 20.0}, {"mois": 2, "jours": 41.0}],
    }


def test_sorties_et_leurs_taux(referent):
    for motif in ["emploi_durable", "emploi_durable", "emploi_aide", "formation_qualifiante", "sante", "a_sa_demande"]:
        parcours(referent, J(2016, 3, 1), sortie=J(2017, 1, 15), motif=motif)
    for _ in range(4):
        parcours(referent, J(2017, 1, 2))
    sorties = lettre(2017, 1)["sorties"]
    assert (sorties["positives_cumul"], sorties["autres_cumul"], sorties["total_cumul"]) == (4, 2, 6)
    assert sorties["taux_positives"] == 66.7
    assert sorties["taux_positives_hors_neutralisees"] == 80.0
    assert sorties["taux_positives_sur_entrees"] == 100.0
    assert sorties["part_positives_emploi"] == 50.0
    assert sorties["part_positives_emploi_y_compris_aides"] == 75.0
    emploi = sorties["par_motif"][0]
    assert emploi["positive"] and emploi["nombre"] == 2 and emploi["pourcentage"] == 50.0


def test_taux_nuls_sans_denominateur():
    vide = lettre(2017, 1)
    assert vide["total"]["taux_objectif_entrees"] is None and vide["total"]["taux_file_active"] is None
    assert vide["sorties"]["taux_positives"] is None and vide["etapes"]["part_emplois_durables"] is None
    assert vide["duree_preaffectation"]["cumul"] is None


def test_lettre_annuelle_compte_les_etapes_de_l_annee(referent):
    un = parcours(referent, J(2016, 6, 1))
    etape(un, J(2017, 2, 1), J(2017, 3, 31))
    etape(un, J(2017, 12, 1))
    decembre, novembre = lettre(2017, 12), lettre(2017, 11)
    assert decembre["titre"] == "Lettre annuelle 2017" and decembre["etapes"]["total"] == 2
    assert decembre["etapes"]["participants_en_etape"] == 1
    assert novembre["titre"] == "Lettre mensuelle — novembre 2017" and novembre["etapes"]["total"] == 0


def test_objectifs_modifies_pour_l_annee(referent):
    ObjectifsAnnuels.objects.create(annee=2017, entrees_par_etp=60, file_active_par_etp=80, taux_sorties_positives=40)
    total = lettre(2017, 6)
    assert total["total"]["objectif_entrees_annuel"] == 60.0 and total["total"]["objectif_file_active"] == 80.0
    assert total["sorties"]["objectif_annuel_positives"] == 24.0


def test_version_financeurs_sans_aucun_nom(referent):
    parcours(referent, J(2017, 1, 3))
    financeurs = contrat(calculer(Periode(2017, 1)), version="financeurs")
    assert financeurs["referents"] == [] and financeurs["total"]["entrees_cumul"] == 1
    assert "Durand" not in str(financeurs)
    assert "Durand" in str(lettre(2017, 1)["referents"])


def test_comptes_entiers_et_taux_a_un_decimal(referent):
    parcours(referent, J(2017, 1, 3))
    janvier = lettre(2017, 1)
    assert isinstance(janvier["total"]["file_active"], int)
    assert janvier["total"]["taux_objectif_entrees"] == 21.4  # 1 / (56 / 12)
    assert isinstance(janvier["total"]["etp"], float)


def _requetes(mois=6):
    if connection.vendor == "postgresql":
        # Rows inserted in the test's transaction have no statistics yet; a real base has them.
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")
    with CaptureQueriesContext(connection) as requetes:
        calculer(Periode(2017, mois))
    return len(requetes)


def test_nombre_de_requetes_constant():
    referents = [ReferentFactory() for _ in range(3)]
    for i in range(50):
        un = parcours(referents[i % 3], J(2016, 1, 1) + datetime.timedelta(days=7 * i))
        etape(un, un.date_entree)
    petit = _requetes()
    for i in range(950):
        debut = J(2016, 1, 1) + datetime.timedelta(days=i % 500)
        un = parcours(referents[i % 3], debut, sortie=debut + datetime.timedelta(days=200) if i % 2 else None)
        etape(un, debut, type_code="interim")
        non_entree(referents[i % 3], debut)
    assert _requetes() == petit
    assert _requetes(mois=12) == petit


def test_la_commande_des_syntheses_refuse_quand_elles_n_existent_pas(settings):
    settings.SYNTHESES_ACTIVES = False  # as on SQLite
    with pytest.raises(CommandError, match="n'existent que sur PostgreSQL"):
        call_command("syntheses")
