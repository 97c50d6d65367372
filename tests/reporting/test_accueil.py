"""Each role's signed-in home page shows true figures, and only its own."""

import datetime

import pytest
from django.urls import reverse

from parcours.models import Prescription
from participants.models import ReferentEtp
from plie.enums import Role
from plie.models import JournalAcces
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portefeuilles():
    """Two référents of two structures, each with parcours and a waiting prescription."""
    moi = ReferentFactory(nom="Moi")
    autre = ReferentFactory(nom="Autre")
    ParcoursFactory.create_batch(3, prescription__referent=moi, date_entree=datetime.date(2017, 1, 10))
    ParcoursFactory(prescription__referent=moi, sorti=True)
    ParcoursFactory(prescription__referent=autre, participant__nom="Inconnu-de-moi")
    PrescriptionFactory(referent=moi, nom="Attente-moi", date_prescription=datetime.date(2017, 3, 1))
    PrescriptionFactory(referent=autre, nom="Attente-autre", date_prescription=datetime.date(2017, 3, 1))
    return moi, autre


def test_anonyme_redirige_vers_la_connexion(client):
    reponse = client.get(reverse("accueil"))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("login"))


def test_connexion_par_adresse_electronique(client):
    UserFactory(email="claire@test.plie.fr")
    reponse = client.post(reverse("login"), {"username": "Claire@Test.plie.fr", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert client.get(reverse("accueil")).status_code == 200


def test_mauvais_mot_de_passe_message_en_francais(client):
    UserFactory(email="claire@test.plie.fr")
    reponse = client.post(reverse("login"), {"username": "claire@test.plie.fr", "password": "faux"})
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in reponse.content.decode()


def test_accueil_du_referent_ne_montre_que_son_portefeuille(client_de, portefeuilles, django_assert_max_num_queries):
    moi, _ = portefeuilles
    moi.utilisateur = UserFactory(role=Role.REFERENT)
    moi.save()
    client = client_de(moi.utilisateur)
    # The animation's 36, the read journal's row (it names people), the alerts' settings, the point d'étape rule
    # and the recording delay of the référent's contacts; on PostgreSQL, one more: whether the monthly summaries are
    # current.
    with django_assert_max_num_queries(41):
        page = client.get(reverse("accueil")).content.decode()
    assert JournalAcces.objects.filter(objet="accueil", utilisateur=moi.utilisateur).count() == 1
    assert "ATTENTE-MOI" in page
    assert "ATTENTE-AUTRE" not in page.upper()
    assert "INCONNU-DE-MOI" not in page.upper()
    assert page.count('<tr><td><a href="/participants/') == 3  # the three open parcours of my file active


def test_accueil_de_l_animation_montre_tout_le_plie(client_de, portefeuilles, django_assert_max_num_queries):
    client = client_de(UserFactory(role=Role.ANIMATION))
    with django_assert_max_num_queries(36):
        reponse = client.get(reverse("accueil"))
    assert reponse.context["commission"]["prescriptions"] == Prescription.objects.en_attente().count() == 2
    assert "ATTENTE-MOI" not in reponse.content.decode().upper()


def test_accueil_du_porteur_ne_montre_que_ses_referents(client_de, portefeuilles, django_assert_max_num_queries):
    moi, autre = portefeuilles
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    client = client_de(porteur)
    with django_assert_max_num_queries(36):
        reponse = client.get(reverse("accueil"))
    page = reponse.content.decode()
    assert [ligne["referent"] for ligne in reponse.context["lignes"]] == [str(moi)]
    assert "Autre" not in page
    assert "ATTENTE-MOI" not in page.upper()


def test_accueil_du_financeur_sans_donnee_personnelle(client_de, portefeuilles):
    page = client_de(UserFactory(role=Role.FINANCEUR)).get(reverse("accueil")).content.decode()
    assert "Espace financeurs" in page
    assert "ATTENTE" not in page.upper() and "NOM" not in page


def test_nombres_en_francais_quel_que_soit_le_navigateur(client_de, portefeuilles):
    moi, _ = portefeuilles
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    ReferentEtp.objects.create(referent=moi, date_debut=datetime.date(2017, 2, 1), etp="0.8")
    page = client_de(porteur).get(reverse("accueil"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "0,8" in page
    assert 'lang="fr"' in page


def test_accueil_du_referent_meme_nombre_de_requetes_avec_10_ou_60_parcours(client_de):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moi = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    client = client_de(moi.utilisateur)
    comptes = []
    for nombre in (10, 50):
        ParcoursFactory.create_batch(nombre, prescription__referent=moi, date_entree=datetime.date(2023, 1, 10))
        PrescriptionFactory.create_batch(nombre, referent=moi, date_prescription=datetime.date(2024, 1, 1))
        with CaptureQueriesContext(connection) as requetes:
            page = client.get(reverse("accueil")).content.decode()
        comptes.append(len(requetes))
        assert "Sans étape depuis 3 mois" in page and "Prescription en attente depuis plus de 15 jours" in page
    assert comptes[0] == comptes[1]
