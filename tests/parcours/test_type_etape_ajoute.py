"""Behaviour carried by the referential: an étape type added in the admin counts in the employment-exit rule, the
dossier, the alert, the letter and its PDF, as soon as its category, « durable » flag and exit rule are set."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from parcours import alertes, services
from parcours.enums import CategorieEtape, RegleSortie
from parcours.models import MotifSortie, Parcours, TypeEtape
from plie.enums import Role
from reporting.indicateurs import Periode, calculer
from reporting.indicateurs.schema import TypeEtapes
from reporting.lettre import pour_la_variante, rendu
from tests.parcours.factories import EtapeFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.fixture
def type_ajoute(client):
    """Added through the admin by the structure d'animation, as a PLIE would."""
    animation = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    client.force_login(animation)
    reponse = client.post(
        reverse("admin:parcours_typeetape_add"),
        {
            "code": "cdi_interimaire",
            "libelle": "CDI intérimaire",
            "categorie": CategorieEtape.EMPLOI,
            "durable": "on",
            "regle_sortie": RegleSortie.CONTRAT_SIX_MOIS,
            "ordre": 5,
            "actif": "on",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return TypeEtape.objects.get(code="cdi_interimaire")


@pytest.fixture
def parcours(type_ajoute):
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    debut = AUJOURDHUI - relativedelta(months=7)
    un = ParcoursFactory(prescription__referent=referent, date_entree=debut - datetime.timedelta(days=20))
    EtapeFactory(parcours=un, type=type_ajoute, date_debut=debut, heures_hebdo=35)
    return un


def test_le_type_ajoute_compte_dans_la_regle_de_sortie(parcours):
    debut = parcours.etapes.get().date_debut
    six_mois = debut + relativedelta(months=6)
    durable = MotifSortie.objects.get(code="emploi_durable")
    with pytest.raises(ValidationError, match=f"ne peut pas précéder le {six_mois:%d/%m/%Y}"):
        services.sortie_enregistrer(
            parcours=parcours,
            date_sortie=six_mois - datetime.timedelta(days=1),
            motif=durable,
            par=None,
        )
    assert services.sortie_justification(parcours, au=AUJOURDHUI).date == six_mois
    services.sortie_enregistrer(parcours=parcours, date_sortie=six_mois, motif=durable, par=None)


def test_le_type_ajoute_declenche_l_alerte_et_le_dossier(client, parcours):
    alerte = alertes.sorties_emploi(Parcours.objects.all(), au=AUJOURDHUI)
    assert [a.parcours_id for a in alerte] == [parcours.pk]
    client.force_login(parcours.referent.utilisateur)
    page = client.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert "peut être enregistrée depuis le" in page and "CDI intérimaire du" in page


def test_le_type_ajoute_compte_dans_la_lettre_et_son_pdf(parcours):
    periode = Periode(AUJOURDHUI.year, AUJOURDHUI.month)
    lettre = calculer(periode)
    assert TypeEtapes(categorie="emploi", libelle="CDI intérimaire", nombre=1) in lettre.etapes.par_type
    assert lettre.etapes.emplois_durables == 1
    pdf = rendu.pdf(pour_la_variante(lettre.remplacer(commentaires=[], actualite=""), "interne"))
    texte = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "CDI intérimaire" in texte
