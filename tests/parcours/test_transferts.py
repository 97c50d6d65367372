import datetime

import pytest
from django.urls import reverse

from parcours.models import Parcours, Prescription
from participants.models import Remplacement
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory

pytestmark = pytest.mark.django_db


def test_transferer_un_parcours_garde_l_historique(client_animation):
    parcours = ParcoursFactory(date_entree=datetime.date(2024, 1, 10))
    premier, second = parcours.referent, ReferentFactory()
    reponse = client_animation.post(
        reverse("parcours_transferer", args=[parcours.pk]), {"referent": second.pk, "date": "2024-03-01"}
    )
    assert reponse.status_code == 302
    assert [a.referent for a in parcours.affectations.order_by("date_debut")] == [premier, second]


def test_transferer_tout_un_portefeuille(client_animation):
    depart, arrivee = ReferentFactory(), ReferentFactory()
    ParcoursFactory.create_batch(3, prescription__referent=depart, date_entree=datetime.date(2024, 1, 10))
    ParcoursFactory(prescription__referent=depart, sorti=True)
    PrescriptionFactory(referent=depart, date_prescription=datetime.date(2024, 2, 1))
    reponse = client_animation.post(
        reverse("portefeuille_transferer"), {"de": depart.pk, "vers": arrivee.pk, "date": "2024-03-01"}, follow=True
    )
    assert "3 parcours et 1 prescription(s) en attente confiés" in reponse.content.decode()
    assert Parcours.objects.filter(referent=arrivee).count() == 3
    assert Parcours.objects.filter(referent=depart).count() == 1  # the closed one stays where it was
    assert Prescription.objects.get(statut="en_attente").referent == arrivee


def test_transfert_de_portefeuille_tout_ou_rien(client_animation):
    depart, arrivee = ReferentFactory(), ReferentFactory()
    ParcoursFactory(prescription__referent=depart, date_entree=datetime.date(2024, 1, 10))
    ParcoursFactory(prescription__referent=depart, date_entree=datetime.date(2024, 3, 5))
    reponse = client_animation.post(
        reverse("portefeuille_transferer"), {"de": depart.pk, "vers": arrivee.pk, "date": "2024-03-01"}
    )
    assert "1 parcours sont entrés à cette date ou après" in reponse.content.decode()
    assert not Parcours.objects.filter(referent=arrivee).exists()


def test_organiser_un_remplacement(client_animation):
    a, b = ReferentFactory(), ReferentFactory()
    donnees = {"remplacant": a.pk, "remplace": b.pk, "date_debut": "2024-07-01", "date_fin": "2024-06-01"}
    reponse = client_animation.post(reverse("remplacement"), donnees)
    assert "La fin du remplacement ne peut pas précéder son début." in reponse.content.decode()
    donnees["date_fin"] = "2024-08-31"
    assert client_animation.post(reverse("remplacement"), donnees).status_code == 302
    assert Remplacement.objects.get().remplace == b
