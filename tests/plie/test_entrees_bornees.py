"""Bad input is bounded: years outside the period followed answer 404 (never 500), free text has a length limit
whatever calls, a finished PDF is produced again only by the structure d'animation, no page with personal data is
cached."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parcours import services
from parcours.models import Entretien
from plie.champs import TEXTE_COURT
from plie.enums import Role
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
UN_MEGA = "x" * (1024 * 1024)


@pytest.mark.parametrize("mois", ["1900-01", "1989-12", "0001-01", "99999-01", "2017-13", "abcd-ef"])
@pytest.mark.parametrize("role", ["animation", "referent", "porteur"])
def test_un_mois_hors_de_la_periode_suivie_repond_404(client, referent, role, mois):
    comptes = {
        "animation": UserFactory(role=Role.ANIMATION),
        "referent": referent.utilisateur,
        "porteur": UserFactory(role=Role.PORTEUR),
    }
    if role == "porteur":
        referent.structure.utilisateurs.add(comptes["porteur"])
    client.force_login(comptes[role])
    for url in ("accueil", "tableau_referent", "fiche_referent"):
        cible = reverse(url) if url == "accueil" else reverse(url, args=[referent.pk])
        assert client.get(cible, {"mois": mois}).status_code == 404, (url, mois)


@pytest.mark.parametrize("annee, mois", [(1900, 6), (1989, 12), (9999, 1), (2017, 13), (99999999, 1)])
def test_un_brouillon_hors_de_la_periode_suivie_repond_404(client, annee, mois):
    client.force_login(UserFactory(role=Role.ANIMATION))
    assert client.get(reverse("lettre_brouillon", args=[annee, mois])).status_code == 404


def test_le_premier_mois_suivi_s_ouvre(client):
    client.force_login(UserFactory(role=Role.ANIMATION))
    assert client.get(reverse("lettre_brouillon", args=[1990, 1])).status_code == 200
    assert client.get(reverse("accueil"), {"mois": "1990-01"}).status_code == 200


def test_un_texte_libre_d_un_mega_est_refuse_par_le_formulaire(client, referent):
    parcours = ParcoursFactory(prescription__referent=referent, date_entree=datetime.date(2024, 1, 10))
    client.force_login(referent.utilisateur)
    reponse = client.post(
        reverse("parcours_element_ajouter", args=[parcours.pk, "entretien"]),
        {"date": "2024-02-01", "type": "individuel", "mode": "presentiel", "duree_minutes": 30, "notes": UN_MEGA},
    )
    assert reponse.status_code == 200 and "au plus 20" in reponse.content.decode().replace("\u202f", " ")
    assert not Entretien.objects.exists()


def test_un_texte_libre_trop_long_est_refuse_par_les_services(referent):
    animation = UserFactory(role=Role.ANIMATION)
    parcours = ParcoursFactory(prescription__referent=referent, date_entree=datetime.date(2024, 1, 10))
    with pytest.raises(ValidationError):
        services.commission_decider(
            parcours=parcours, objet="entree", valider=False, par=animation, commentaire="x" * (TEXTE_COURT + 1)
        )
    parcours.refresh_from_db()
    assert parcours.entree_commentaire_commission == "" and parcours.entree_commission == "a_valider"
    prescription = PrescriptionFactory()
    with pytest.raises(ValidationError) as exc:
        services.prescription_modifier(prescription=prescription, observations=UN_MEGA, par=None)
    assert "observations" in exc.value.message_dict
    prescription.refresh_from_db()
    assert prescription.observations == ""


@pytest.mark.parametrize("nom", ["file_active", "prescriptions", "accueil"])
def test_aucune_page_aux_donnees_personnelles_n_est_mise_en_cache(client, referent, nom):
    client.force_login(referent.utilisateur)
    assert client.get(reverse(nom))["Cache-Control"] == "no-store"
    ParcoursFactory(prescription__referent=referent)
    dossier = client.get(reverse("dossier_participant", args=[referent.parcours.get().participant_id]))
    assert dossier["Cache-Control"] == "no-store"
