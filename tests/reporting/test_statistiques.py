"""The annual statistics on hand-built data: people counted once, age at the entry date, exits by sex, the year
before beside, a constant number of queries."""

import html
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from parcours.models import Parcours
from participants.enums import Sexe
from programmation.models import Operation
from reporting.indicateurs.annuel import statistiques
from tests import publicite
from tests.participants.factories import ParticipantFactory, ReferentFactory
from tests.reporting.histoires import J, parcours

pytestmark = pytest.mark.django_db


def personne(sexe, naissance):
    return ParticipantFactory(sexe=sexe, date_naissance=naissance)


def avec(un_parcours, participant, **champs):
    """Give a parcours built by the story helpers its person and situation at entry."""
    champs["age_entree"] = participant.age_au(un_parcours.date_entree)
    Parcours.objects.filter(pk=un_parcours.pk).update(participant=participant, **champs)
    un_parcours.prescription.participant = participant
    un_parcours.prescription.save(update_fields=["participant"])
    return un_parcours


@pytest.fixture
def annee_2017():
    referent = ReferentFactory()
    alice = personne(Sexe.FEMME, J(1991, 6, 15))
    # Alice: a first parcours ended in February 2017 (aged 24 at entry), a second from September (26 then).
    avec(parcours(referent, J(2016, 5, 1), sortie=J(2017, 2, 10), motif="non_respect_contrat"), alice)
    avec(parcours(referent, J(2017, 9, 1)), alice, rsa=True)
    # Bruno is 55 on the day he enters; he leaves for a sustainable job.
    bruno = personne(Sexe.HOMME, J(1962, 1, 9))
    avec(parcours(referent, J(2017, 1, 9), sortie=J(2017, 11, 30), motif="emploi_durable"), bruno)
    # Claude turns 45 the day of entry, the last day of the year.
    claude = personne(Sexe.HOMME, J(1972, 12, 31))
    avec(parcours(referent, J(2017, 12, 31)), claude)
    # Denise left on the last day of 2016: accompanied in 2016 only.
    denise = personne(Sexe.FEMME, J(1980, 3, 3))
    avec(parcours(referent, J(2015, 3, 2), sortie=J(2016, 12, 31), motif="formation_qualifiante"), denise)
    Operation.objects.create(
        annee=2017,
        intitule="Accompagnement",
        porteur="CREATIV",
        nature="portage_referents",
        budget_prevu=Decimal("3000"),
    )
    return referent


def tableau(stats, cle):
    return next(t for t in stats["tableaux"] if t["cle"] == cle)


def ligne(t, libelle):
    return next(row["valeurs"] for row in t["lignes"] if row["libelle"] == libelle)


def test_une_personne_a_deux_parcours_comptee_une_fois(annee_2017):
    stats = statistiques(2017)
    synthese = stats["synthese"]["courante"]
    assert synthese["personnes_accompagnees"] == 3 and synthese["parcours_accompagnes"] == 4
    sexe = tableau(stats, "accompagnes_sexe")
    assert ligne(sexe, "Femme")[:3] == [1, pytest.approx(100 / 3), 2]  # Alice once, her two parcours beside
    assert ligne(sexe, "Homme")[:3] == [2, pytest.approx(200 / 3), 2]
    assert sexe["total"][0] == 3 and sexe["total"][2] == 4
    # The year before: Alice (first parcours) and Denise.
    assert ligne(sexe, "Femme")[3:] == [2, 100.0, 2]
    assert stats["synthese"]["precedente"]["personnes_accompagnees"] == 2


def test_age_a_la_date_d_entree_du_dernier_parcours(annee_2017):
    age = tableau(statistiques(2017), "accompagnes_age")
    assert ligne(age, "Moins de 26 ans")[0] == 0  # Alice was 24 at her first entry, 26 at the one of 2017
    assert ligne(age, "26 à 44 ans")[0] == 1
    assert ligne(age, "45 ans et plus")[0] == 2  # Claude is 45 on the day he enters
    assert ligne(age, "dont 55 ans et plus")[0] == 1  # Bruno, 55 that very day
    assert age["total"][0] == 3  # "dont" rows stay out of the total
    rsa = tableau(statistiques(2017), "accompagnes_rsa")
    assert ligne(rsa, "Bénéficiaires du RSA")[:3] == [1, pytest.approx(100 / 3), 1]


def test_sorties_par_sexe_et_par_type(annee_2017):
    stats = statistiques(2017)
    par_sexe = tableau(stats, "sorties_sexe")
    # accompanied, %, exits, %, positives, %
    assert ligne(par_sexe, "Femme")[:6] == [1, pytest.approx(100 / 3), 1, 50.0, 0, 0.0]
    assert ligne(par_sexe, "Homme")[:6] == [2, pytest.approx(200 / 3), 1, 50.0, 1, 100.0]
    assert par_sexe["total"][:6] == [3, 100.0, 2, 100.0, 1, 100.0]
    assert ligne(par_sexe, "Femme")[6:] == [2, 100.0, 1, 100.0, 1, 100.0]  # 2016: Denise's training
    positives = tableau(stats, "sorties_positives_type")
    assert ligne(positives, "Emploi durable (hors emploi aidé)") == [1, 100.0, 0, 0.0]
    assert ligne(positives, "Formation qualifiante") == [0, 0.0, 1, 100.0]
    autres = tableau(stats, "autres_sorties_motif")
    assert autres["lignes"][0]["libelle"].startswith("Non-respect du contrat d'engagement")
    assert autres["total"][:2] == [1, 100.0]


def test_duree_moyenne_et_cout_moyen(annee_2017):
    synthese = statistiques(2017)["synthese"]["courante"]
    # Alice's first parcours: 285 days; Bruno's: 325 days; 305 days on average, in months of 365.25 / 12 days.
    assert synthese["duree_moyenne_mois"] == pytest.approx(305 / (365.25 / 12))
    assert synthese["programmation"] == Decimal("3000")
    assert synthese["cout_moyen"] == pytest.approx(1000.0)  # 3 000 € over 3 people accompanied
    assert synthese["entrees"] == 3 and synthese["personnes_entrees"] == 3
    assert synthese["sorties"] == 2 and synthese["sorties_positives"] == 1
    assert synthese["en_parcours_fin_annee"] == 2  # Alice and Claude at 31 December


def test_entrees_par_prescripteur_et_quartier(annee_2017):
    stats = statistiques(2017)
    prescripteurs = tableau(stats, "entrees_prescripteur")
    assert prescripteurs["lignes"][0]["libelle"].startswith("France Travail")
    assert prescripteurs["total"][0] == 3
    quartiers = tableau(stats, "accompagnes_quartier")
    assert ligne(quartiers, "Hors quartier prioritaire")[0] == 3


def test_nombre_de_requetes_constant(annee_2017):
    with CaptureQueriesContext(connection) as petit:
        statistiques(2017)
    referent = ReferentFactory()
    for jour in range(1, 29):
        parcours(referent, J(2017, 2, jour), sortie=J(2017, 10, jour) if jour % 2 else None)
    with CaptureQueriesContext(connection) as grand:
        statistiques(2017)
    assert len(grand) == len(petit)


def test_la_page_montre_les_tableaux_et_leurs_graphiques(client_animation, annee_2017):
    reponse = client_animation.get(reverse("statistiques"), {"annee": 2017})
    page = html.unescape(reponse.content.decode())
    assert "Statistiques d'activité 2017" in page and "Comparées à 2016" in page
    assert "Personnes accompagnées par âge à l'entrée" in page
    assert "1\u202f000\u00a0€" in page  # coût moyen
    assert page.count("<canvas data-graphique=") == len(statistiques(2017)["tableaux"])
    assert 'id="graphique-accompagnes_sexe" type="application/json"' in page
    assert "vendor/chartjs/chart.umd.min" in page  # served from static, no CDN
    assert client_animation.get(reverse("statistiques"), {"annee": "deux-mille"}).status_code == 404
    assert client_animation.get(reverse("statistiques"), {"annee": 1990}).status_code == 404


def test_la_page_a_un_nombre_de_requetes_constant(client_animation, annee_2017, django_assert_num_queries):
    with CaptureQueriesContext(connection) as petit:
        client_animation.get(reverse("statistiques"), {"annee": 2017})
    referent = ReferentFactory()
    for jour in range(1, 29):
        parcours(referent, J(2017, 3, jour), sortie=J(2017, 9, jour) if jour % 3 else None)
    with django_assert_num_queries(len(petit)):
        client_animation.get(reverse("statistiques"), {"annee": 2017})


def test_export_excel_une_feuille_par_tableau(client_animation, annee_2017):
    reponse = client_animation.get(reverse("statistiques_excel", args=[2017]))
    assert reponse["Content-Disposition"] == 'attachment; filename="statistiques-plie-2017.xlsx"'
    publicite.classeur(reponse.content)
    classeur = load_workbook(io.BytesIO(reponse.content))
    stats = statistiques(2017)
    assert classeur.sheetnames[0] == "FSE+"  # the publicity, then the key figures and one sheet per table
    assert len(classeur.sheetnames) == 2 + len(stats["tableaux"])
    synthese = classeur["Synthèse"]
    assert [c.value for c in synthese[1]] == ["Indicateur", "2017", "2016"]
    assert [c.value for c in synthese[2]] == ["Personnes accompagnées", 3, 2]
    age = classeur["Accompagnés - âge"]
    lignes = {ligne[0]: ligne[1:] for ligne in age.iter_rows(min_row=2, values_only=True)}
    assert lignes["45 ans et plus"][:3] == (2, 66.7, 2)  # numbers, one decimal for shares
    assert lignes["Total"][0] == 3
