"""The acts that are the structure d'animation's are refused, in the services, to anyone else: a référent who
reached them by another path than its screens (a forged request, a future API) gets the French reason and nothing
is written. A command or the import run on the server (``par=None``) acts for the structure d'animation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from parcours import services
from parcours.models import AffectationReferent, Parcours, Prescription
from participants.models import Remplacement
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _actes():
    parcours = ParcoursFactory()
    prescription = PrescriptionFactory(date_prescription=D(2017, 1, 2))
    autre = ReferentFactory()
    return {
        "saisit une prescription": lambda par: services.prescription_creer(
            date_prescription=D(2017, 1, 2), prescripteur=prescription.prescripteur, nom="Neuf", prenom="A", par=par
        ),
        "corrige une prescription": lambda par: services.prescription_modifier(
            prescription=prescription, nom="Corrigé", par=par
        ),
        "pré-affecte une prescription": lambda par: services.prescription_preaffecter(
            prescription=prescription, referent=autre, date=D(2017, 1, 3), par=par
        ),
        "transfère un parcours": lambda par: services.parcours_transferer(
            parcours=parcours, referent=autre, date=D(2017, 3, 1), par=par
        ),
        "transfère un portefeuille": lambda par: services.portefeuille_transferer(
            de=parcours.referent, vers=autre, date=D(2017, 3, 1), par=par
        ),
        "organise un remplacement": lambda par: services.remplacement_creer(
            remplacant=autre, remplace=parcours.referent, date_debut=D(2017, 3, 1), date_fin=D(2017, 3, 31), par=par
        ),
        "décide en commission": lambda par: services.commission_decider(
            parcours=parcours, objet="entree", valider=True, par=par
        ),
    }


def _etat():
    return (
        Prescription.objects.count(),
        list(Prescription.objects.values_list("nom", "referent_id")),
        AffectationReferent.objects.count(),
        Remplacement.objects.count(),
        sorted(Parcours.objects.values_list("referent_id", "entree_commission")),
    )


ACTES = [
    "saisit une prescription",
    "corrige une prescription",
    "pré-affecte une prescription",
    "transfère un parcours",
    "transfère un portefeuille",
    "organise un remplacement",
    "décide en commission",
]


@pytest.mark.parametrize("acte", ACTES)
def test_un_referent_ne_fait_pas_ce_qui_revient_a_l_animation(acte, referent):
    actes = _actes()
    avant = _etat()
    with pytest.raises(PermissionDenied, match=f"Seule la structure d'animation {acte}"):
        actes[acte](referent.utilisateur)
    assert _etat() == avant


@pytest.mark.parametrize("acte", ACTES)
@pytest.mark.parametrize("qui", ["animation", "une commande"])
def test_l_animation_et_une_commande_le_font(acte, qui, animation):
    actes = _actes()
    avant = _etat()
    actes[acte](animation if qui == "animation" else None)
    assert _etat() != avant


def test_la_liste_couvre_chaque_acte():
    assert sorted(_actes()) == sorted(ACTES)
