"""The structure d'animation edits every referential, and sees every model, in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from plie.enums import Role
from tests.plie.factories import UserFactory

APPS = ["plie", "participants", "programmation", "parcours", "reporting"]

pytestmark = pytest.mark.django_db


def modeles():
    for app in APPS:
        for modele in apps.get_app_config(app).get_models():
            if not modele._meta.auto_created:
                yield modele


@pytest.mark.parametrize("modele", list(modeles()), ids=lambda m: m._meta.label)
def test_chaque_modele_a_son_administration(modele):
    assert admin.site.is_registered(modele)


def test_listes_de_l_administration_s_affichent(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True))
    for modele in modeles():
        url = reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        assert client.get(url + "add/").status_code == 200, url
