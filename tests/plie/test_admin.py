"""The structure d'animation edits every referential, and sees every model, in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from plie.enums import Role
from tests.plie.factories import UserFactory

APPS = ["plie", "participants", "programmation", "parcours", "reporting", "reprise"]

pytestmark = pytest.mark.django_db


def modeles():
    for app in APPS:
        for modele in apps.get_app_config(app).get_models():
            if not modele._meta.auto_created and not modele.__name__.startswith("Historical"):
                yield modele


@pytest.mark.parametrize("modele", list(modeles()), ids=lambda m: m._meta.label)
def test_chaque_modele_a_son_administration(modele):
    assert admin.site.is_registered(modele)


def test_listes_de_l_administration_s_affichent_pour_l_animation(client, rf):
    animation = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    client.force_login(animation)
    requete = rf.get("/")
    requete.user = animation
    for modele in modeles():
        url = reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        ajoutable = admin.site._registry[modele].has_add_permission(requete)
        assert client.get(url + "add/").status_code == (200 if ajoutable else 403), url


def test_l_administrateur_technique_ne_voit_aucune_donnee_personnelle(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:parcours_typeetape_changelist")).status_code == 200
    assert client.get(reverse("admin:plie_user_changelist")).status_code == 200
    for nom in ["participants_participant", "parcours_parcours", "parcours_entretien", "plie_journalacces"]:
        assert client.get(reverse(f"admin:{nom}_changelist")).status_code == 403, nom
    assert "Participants" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PORTEUR, Role.FINANCEUR])
def test_un_compte_staff_d_un_autre_role_n_entre_pas_dans_l_administration(client, role):
    client.force_login(UserFactory(role=role, is_staff=True, is_superuser=True))
    reponse = client.get(reverse("admin:participants_participant_changelist"))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("admin:login"))


LECTURE_SEULE = [
    "participants.Participant",
    "parcours.Parcours",
    "parcours.Prescription",
    "parcours.AffectationReferent",
    "parcours.Etape",
    "parcours.Entretien",
    "parcours.Veille",
    "parcours.AideIndividuelle",
    "parcours.Diagnostic",
    "parcours.Document",
    "parcours.DerogationSenior",
    "reporting.Lettre",
    "reporting.FichierLettre",
    "parcours.OrigineReprise",
    "parcours.ExceptionReprise",
    "reprise.Import",
    "reprise.Correspondance",
]


@pytest.mark.parametrize("label", LECTURE_SEULE)
def test_l_administration_ne_reecrit_pas_l_histoire(client, rf, label):
    """Participants, parcours, their elements, assignments and letters change only through the services."""
    animation = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    requete = rf.get("/")
    requete.user = animation
    modele_admin = admin.site._registry[apps.get_model(label)]
    assert not modele_admin.has_add_permission(requete)
    assert not modele_admin.has_change_permission(requete)
    assert not modele_admin.has_delete_permission(requete)
    client.force_login(animation)
    modele = apps.get_model(label)
    url = reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_add")
    assert client.post(url, {}).status_code == 403
