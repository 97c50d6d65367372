"""The referentials loaded by the data migrations are those of docs/indicateurs.md."""

import pytest

from parcours.enums import CategorieEtape
from parcours.models import MotifNonEntree, MotifSortie, TypeEtape
from participants.enums import GroupeLettre, TypeQuartier
from participants.models import Commune, GroupePrescripteur, Quartier
from programmation.models import Financeur, ObjectifsAnnuels

pytestmark = pytest.mark.django_db


def test_territoire_de_dijon_metropole():
    assert Commune.objects.count() == 23
    assert set(Quartier.objects.filter(type=TypeQuartier.QPV).values_list("nom", flat=True)) == {
        "Grésilles",
        "Fontaine d'Ouche",
        "Le Mail",
        "Bief du Moulin",
        "Belvédère",
    }
    assert Quartier.objects.get(nom="Le Mail").commune.nom == "Chenôve"
    assert Quartier.objects.filter(type=TypeQuartier.VEILLE).count() == 2


def test_groupes_de_prescripteurs_et_regroupement_de_la_lettre():
    assert GroupePrescripteur.objects.count() == 8
    regroupement = dict(GroupePrescripteur.objects.values_list("code", "groupe_lettre"))
    assert regroupement["france_travail"] == GroupeLettre.FRANCE_TRAVAIL
    assert regroupement["conseil_departemental"] == GroupeLettre.CONSEIL_DEPARTEMENTAL
    assert regroupement["mission_locale"] == GroupeLettre.AUTRES


def test_motifs():
    assert MotifNonEntree.objects.count() == 13
    assert set(MotifSortie.objects.filter(positive=True).values_list("code", flat=True)) == {
        "emploi_durable",
        "emploi_aide",
        "formation_qualifiante",
        "creation_activite",
    }
    assert set(MotifSortie.objects.filter(neutralisee=True).values_list("code", flat=True)) == {
        "demenagement",
        "deces",
        "retraite",
        "sante",
        "maternite",
    }
    assert set(MotifSortie.objects.filter(vers_emploi=True).values_list("code", flat=True)) == {
        "emploi_durable",
        "creation_activite",
    }


def test_types_d_etape_par_categorie():
    par_categorie = {c: TypeEtape.objects.filter(categorie=c).count() for c in CategorieEtape.values}
    assert par_categorie == {
        "emploi": 9,
        "formation_non_qualifiante": 12,
        "formation_qualifiante": 11,
        "mobilisation": 9,
    }
    assert set(TypeEtape.objects.filter(durable=True).values_list("code", flat=True)) == {
        "contrat_long",
        "contrat_pro_apprentissage",
        "creation_activite",
    }


def test_objectifs_par_defaut_du_protocole():
    objectifs = ObjectifsAnnuels.objects.pour_annee(2017)
    assert (objectifs.entrees_par_etp, objectifs.file_active_par_etp, objectifs.taux_sorties_positives) == (56, 70, 50)
    assert (objectifs.prescriptions_ft_cd, objectifs.entrees_ft_cd) == (800, 670)
    assert Financeur.objects.filter(est_fse=True).count() == 1
