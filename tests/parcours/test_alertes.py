"""Every alert of the référent's missions, at its boundaries, with a constant number of queries."""

import datetime

import pytest
from django.utils import timezone

from parcours import alertes
from parcours.enums import IssueEtape
from parcours.models import DerogationSenior, Entretien, Etape, ParametresAlertes, Parcours
from tests.parcours.factories import (
    EntretienFactory,
    EtapeFactory,
    ParcoursFactory,
    PrescriptionFactory,
    VeilleFactory,
    type_etape,
)

pytestmark = pytest.mark.django_db

AU = datetime.date(2024, 6, 15)
D = datetime.date


def codes(au=AU):
    return [a.code for a in alertes.alertes(au=au)]


def etape(parcours, code, debut, fin=None, heures=35):
    return EtapeFactory(
        parcours=parcours,
        type=type_etape(code),
        date_debut=debut,
        date_fin=fin,
        issue=IssueEtape.TERMINEE if fin else "",
        heures_hebdo=heures,
    )


def contact(parcours, date, type_="individuel"):
    return EntretienFactory(parcours=parcours, date=date, type=type_, mode="presentiel", duree_minutes=45)


def test_sans_etape_depuis_exactement_trois_mois():
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    contact(parcours, D(2024, 6, 3))
    etape(parcours, "remobilisation", D(2024, 2, 1), D(2024, 3, 15))
    assert alertes.sans_etape(Parcours.objects.all(), au=AU)[0].date == D(2024, 3, 15)
    # Ended one day later: still within the 3 months.
    Etape.objects.update(date_fin=D(2024, 3, 16))
    assert alertes.sans_etape(Parcours.objects.all(), au=AU) == []


def test_sans_etape_depuis_l_entree():
    ParcoursFactory(date_entree=D(2024, 3, 15))
    assert [a.code for a in alertes.sans_etape(Parcours.objects.all(), au=AU)] == ["sans_etape"]
    Parcours.objects.update(date_entree=D(2024, 3, 16))
    assert alertes.sans_etape(Parcours.objects.all(), au=AU) == []


def test_sans_contact_depuis_plus_de_trente_jours_compte_depuis_le_dernier_contact_sauf_en_veille():
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    contact(parcours, D(2024, 5, 15))  # 31 days before the 15th of June
    assert [(a.code, a.date) for a in alertes.sans_contact(Parcours.objects.all(), au=AU)] == [
        ("sans_contact", D(2024, 5, 15))
    ]
    contact(parcours, D(2024, 5, 16))  # 30 days: not more than 30
    assert alertes.sans_contact(Parcours.objects.all(), au=AU) == []
    Entretien.objects.filter(date=D(2024, 5, 16)).delete()
    VeilleFactory(parcours=parcours, date_debut=D(2024, 6, 1), date_fin_prevue=D(2024, 7, 31), motif="x")
    assert alertes.sans_contact(Parcours.objects.all(), au=AU) == []


@pytest.mark.parametrize("jour", [1, 15, 30])
def test_sans_contact_ne_depend_pas_du_jour_du_mois(jour):
    au = D(2024, 6, jour)
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    contact(parcours, au - datetime.timedelta(days=40))
    recent = ParcoursFactory(date_entree=D(2024, 1, 2))
    contact(recent, au - datetime.timedelta(days=10))
    assert [a.parcours_id for a in alertes.sans_contact(Parcours.objects.all(), au=au)] == [parcours.pk]


def test_le_delai_sans_contact_est_celui_de_la_structure_d_animation():
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    contact(parcours, D(2024, 5, 1))
    assert len(alertes.sans_contact(Parcours.objects.all(), au=AU)) == 1
    ParametresAlertes.objects.create(jours_sans_contact=45)
    assert alertes.sans_contact(Parcours.objects.all(), au=AU) == []


def test_pas_d_alerte_de_contact_dans_les_trente_jours_de_l_entree():
    ParcoursFactory(date_entree=D(2024, 5, 16))
    assert alertes.sans_contact(Parcours.objects.all(), au=AU) == []
    ParcoursFactory(date_entree=D(2024, 5, 15))  # never met since its entry, 31 days ago
    assert [a.date for a in alertes.sans_contact(Parcours.objects.all(), au=AU)] == [D(2024, 5, 15)]


def test_point_d_etape_tous_les_cinq_mois_depuis_l_entree_ou_le_precedent():
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    assert [(a.code, a.date) for a in alertes.points_etape(Parcours.objects.all(), au=AU)] == [
        ("point_etape", D(2024, 6, 2))
    ]
    contact(parcours, D(2024, 5, 1), type_="point_etape")  # the next one falls due on 1 October
    assert alertes.points_etape(Parcours.objects.all(), au=AU) == []
    assert [a.date for a in alertes.points_etape(Parcours.objects.all(), au=D(2024, 10, 1))] == [D(2024, 10, 1)]
    contact(parcours, D(2024, 9, 30), type_="bilan")  # a bilan de parcours is a point d'étape too
    assert alertes.points_etape(Parcours.objects.all(), au=D(2024, 10, 1)) == []


def test_l_intervalle_des_points_d_etape_et_les_bilans_sont_ceux_de_la_structure_d_animation():
    ParcoursFactory(date_entree=D(2024, 1, 2))
    ParametresAlertes.objects.create(mois_point_etape=6, mois_bilans="3, 9")
    assert alertes.points_etape(Parcours.objects.all(), au=AU) == []
    assert [a.date for a in alertes.bilans(Parcours.objects.all(), au=AU)] == [D(2024, 4, 2)]


@pytest.mark.parametrize(
    "entree, attendu",
    [
        (D(2023, 12, 15), D(2024, 6, 15)),  # exactly 6 months today
        (D(2023, 12, 16), None),  # 6 months tomorrow
        (D(2022, 6, 15), D(2024, 6, 15)),  # 24 months
        (D(2021, 12, 14), D(2024, 6, 14)),  # 30 months, the last milestone
    ],
)
def test_echeance_des_bilans(entree, attendu):
    assert alertes.bilan_du(entree, AU) == attendu


def test_bilan_du_puis_fait():
    parcours = ParcoursFactory(date_entree=D(2023, 12, 15))
    assert [a.date for a in alertes.bilans(Parcours.objects.all(), au=AU)] == [D(2024, 6, 15)]
    contact(parcours, D(2024, 5, 20), type_="bilan")
    assert alertes.bilans(Parcours.objects.all(), au=AU) == []


def test_veille_depassee():
    parcours = ParcoursFactory(date_entree=D(2024, 1, 2))
    VeilleFactory(parcours=parcours, date_debut=D(2024, 4, 15), date_fin_prevue=D(2024, 6, 15), motif="x")
    assert alertes.veilles_depassees(Parcours.objects.all(), au=AU) == []
    assert alertes.veilles_depassees(Parcours.objects.all(), au=D(2024, 6, 16))[0].date == D(2024, 6, 15)


def test_parcours_de_30_mois():
    ParcoursFactory(date_entree=D(2021, 12, 15))
    assert [a.code for a in alertes.trente_mois(Parcours.objects.all(), au=AU)] == ["trente_mois"]
    Parcours.objects.update(date_entree=D(2021, 12, 16))
    assert alertes.trente_mois(Parcours.objects.all(), au=AU) == []


def test_sortie_emploi_six_mois_apres_l_embauche():
    parcours = ParcoursFactory(date_entree=D(2023, 6, 1))
    etape(parcours, "contrat_long", D(2023, 12, 15))
    assert alertes.sorties_emploi(Parcours.objects.all(), au=D(2024, 6, 14)) == []
    assert alertes.sorties_emploi(Parcours.objects.all(), au=AU)[0].date == D(2024, 6, 15)


def test_sortie_emploi_suit_la_regle_du_service_de_sortie():
    # Without hours recorded, a long contract does not justify an employment exit: no alert either.
    parcours = ParcoursFactory(date_entree=D(2023, 6, 1))
    etape(parcours, "contrat_long", D(2023, 12, 15), heures=None)
    assert alertes.sorties_emploi(Parcours.objects.all(), au=AU) == []
    # A chantier d'insertion held 6 months by a person of 55 counts once the commission validated the exception.
    senior = ParcoursFactory(date_entree=D(2023, 6, 1), participant__date_naissance=D(1960, 1, 1))
    chantier = etape(senior, "chantier_insertion", D(2023, 9, 1), heures=26)
    assert alertes.sorties_emploi(Parcours.objects.all(), au=AU) == []
    DerogationSenior.objects.create(
        parcours=senior, etape=chantier, justification="55 ans", commission="validee", decidee_le=timezone.now()
    )
    assert [(a.parcours_id, a.date) for a in alertes.sorties_emploi(Parcours.objects.all(), au=AU)] == [
        (senior.pk, D(2024, 3, 1))
    ]


def test_prescription_en_attente_depuis_plus_de_15_jours():
    PrescriptionFactory(date_prescription=D(2024, 5, 31))
    assert alertes.prescriptions_en_attente(_prescriptions(), au=AU) == []
    PrescriptionFactory(date_prescription=D(2024, 5, 30))
    assert [a.date for a in alertes.prescriptions_en_attente(_prescriptions(), au=AU)] == [D(2024, 5, 30)]


def _prescriptions():
    from parcours.models import Prescription

    return Prescription.objects.all()


@pytest.mark.parametrize("nombre", [10, 60])
def test_nombre_de_requetes_constant(nombre, django_assert_num_queries):
    for _ in range(nombre):
        parcours = ParcoursFactory(date_entree=D(2023, 12, 15))
        etape(parcours, "interim", D(2024, 1, 2), D(2024, 2, 1))
        PrescriptionFactory(date_prescription=D(2024, 5, 1))
    # Bilans are due, employment exits are not: the query reading the parcours with an exit due is not even sent.
    # The settings (1), each rule's query, and the detail of the rules that found something.
    with django_assert_num_queries(13):
        resultat = alertes.alertes(au=AU)
    assert len(resultat) >= nombre


def test_les_comptes_sans_nom_sont_ceux_des_alertes(django_assert_max_num_queries):
    # The summaries across référents count in the database what the detailed list shows, rule by rule.
    from collections import Counter

    from django.core.management import call_command

    from participants.models import Referent

    call_command("seed_demo", "--seed", "5", "--echelle", "0.3", "--jusqua", "2017-12-31", verbosity=0)
    referent = Referent.objects.first()
    perimetres = [
        (None, None),
        (Parcours.objects.filter(referent=referent), _prescriptions().filter(referent=referent)),
    ]
    for au in (D(2017, 12, 20), D(2017, 6, 30), D(2016, 2, 29)):
        for parcours, prescriptions in perimetres:
            attendu = {code: Counter() for code in alertes.TITRES}
            for alerte in alertes.alertes(parcours, prescriptions, au=au):
                attendu[alerte.code][alerte.referent_id] += 1
            with django_assert_max_num_queries(11):
                assert alertes.comptes(parcours, prescriptions, au=au) == attendu
            assert sum(sum(compte.values()) for compte in attendu.values()) > 10
