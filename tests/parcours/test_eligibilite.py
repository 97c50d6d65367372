"""Eligibility at entry, each question asked once: the criteria that follow from the record are recorded without
being asked, the situation proposes the others with their reason, the référent ticks and confirms; a refused entry
lists its errors at the top of the page, each linked to its field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours import eligibilite
from parcours.models import CritereEligibilite, Parcours
from plie.enums import Role
from tests.parcours.factories import PrescriptionFactory
from tests.parcours.formulaires import donnees_entree
from tests.participants.factories import ParticipantFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.mark.parametrize(
    "situation, attendues",
    [
        ({}, {}),
        ({"rsa": True}, {"minima_sociaux": ["bénéficiaire du RSA"]}),
        ({"aah": True}, {"minima_sociaux": ["bénéficiaire de l'AAH"], "sante_handicap": ["bénéficiaire de l'AAH"]}),
        (
            {"date_inscription_france_travail": datetime.date(2016, 3, 1)},
            {"sans_activite_1_an": ["inscrit à France Travail depuis plus d'un an"]},
        ),
        ({"date_inscription_france_travail": datetime.date(2016, 3, 2)}, {}),  # one day short of a year
        (
            {"niveau_formation": "niveau_2"},
            {"qualification_insuffisante": ["niveau de formation 1 ou 2, ou diplôme non reconnu"]},
        ),
        ({"niveau_formation": "niveau_4"}, {}),
        (
            {"probleme_mobilite": True, "probleme_logement": True},
            {"mobilite_logement": ["problème de mobilité", "problème de logement"]},
        ),
    ],
)
def test_la_situation_propose_des_criteres_avec_leur_raison(situation, attendues):
    assert eligibilite.propositions(situation, datetime.date(2017, 3, 1)) == attendues


def test_les_criteres_deduits_de_la_fiche_ne_sont_pas_demandes_mais_enregistres(client, referent):
    prescription = PrescriptionFactory(
        referent=referent, nom="Nouvelle", prenom="Personne", date_prescription=AUJOURDHUI - datetime.timedelta(days=5)
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    page = client.get(url).content.decode()
    assert "Réside dans une commune du territoire du PLIE" not in page and "Autorisé à travailler en France" in page
    assert client.post(url, donnees_entree(personne="nouvelle")).status_code == 302
    parcours = Parcours.objects.get(prescription=prescription)
    assert set(parcours.criteres.values_list("code", flat=True)) == {
        "minima_sociaux",
        "residence_territoire",
        "autorise_travailler",
    }


def test_une_entree_refusee_resume_ses_erreurs_en_haut_avec_un_lien_vers_chaque_champ(client, referent):
    prescription = PrescriptionFactory(referent=referent, date_prescription=AUJOURDHUI - datetime.timedelta(days=5))
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    donnees = donnees_entree(personne="nouvelle")
    del donnees["entree-criteres_verifies"]
    del donnees["personne-nationalite"]
    reponse = client.post(url, donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200 and not Parcours.objects.filter(prescription=prescription).exists()
    resume = page[page.index("data-resume-erreurs") : page.index("formulaire-entree")]
    assert "2 points à corriger" in resume
    assert 'href="#id_personne-nationalite"' in resume and 'href="#id_entree-criteres_verifies"' in resume
    assert "Confirmez que vous avez vérifié les critères d&#x27;éligibilité." in resume
    # The situation typed proposes its criteria when the page comes back.
    assert "Proposé : bénéficiaire du RSA" in page


def test_la_page_d_entree_fait_autant_de_requetes_quel_que_soit_le_nombre_de_ressemblances(client, referent):
    client.force_login(UserFactory(role=Role.ANIMATION))
    comptes = []
    for nombre in (1, 4):
        prescription = PrescriptionFactory(
            referent=referent, nom=f"Homonyme{nombre}", prenom="Camille", date_naissance=datetime.date(1980, 1, 1)
        )
        for numero in range(nombre):  # known people who look like the person entering
            ParticipantFactory(
                nom=f"Homonyme{nombre}", prenom="Camille", date_naissance=datetime.date(1980, 1, 1 + numero)
            )
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("prescription_entree", args=[prescription.pk])).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]


def test_un_critere_deduit_coche_a_la_main_est_ignore():
    tous = CritereEligibilite.objects
    coches = list(tous.filter(code__in=["justice", "residence_territoire"]))
    assert sorted(c.code for c in eligibilite.avec_les_derives(coches, tous)) == [
        "autorise_travailler",
        "justice",
        "residence_territoire",
    ]


def test_l_information_sur_le_cofinancement_fse_est_datee_a_l_entree_et_dite_au_dossier(client, referent):
    prescription = PrescriptionFactory(
        referent=referent, nom="Nouvelle", prenom="Personne", date_prescription=AUJOURDHUI - datetime.timedelta(days=5)
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    page = client.get(url).content.decode()
    assert "Informé(e) du cofinancement par le FSE+ le" in page
    assert f'name="entree-date_information_fse" value="{AUJOURDHUI.isoformat()}"' in page  # the first submit passes
    demain = (AUJOURDHUI + datetime.timedelta(days=1)).isoformat()
    refus = client.post(url, donnees_entree(personne="nouvelle", **{"entree-date_information_fse": demain}))
    assert refus.status_code == 200 and not Parcours.objects.filter(prescription=prescription).exists()
    assert client.post(url, donnees_entree(personne="nouvelle")).status_code == 302
    parcours = Parcours.objects.get(prescription=prescription)
    assert parcours.date_information_fse == AUJOURDHUI
    dossier = client.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert f"informé(e) du cofinancement FSE+ le {AUJOURDHUI:%d/%m/%Y}" in dossier
