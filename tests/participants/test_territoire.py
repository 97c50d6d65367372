"""A PLIE that is not only Dijon: its territory loaded from a file, all or nothing; its name from the settings."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from participants.models import Commune, Quartier
from participants.territoire import lire, territoire_charger
from plie.enums import Role
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db

LYON = (
    "commune;code_insee;code_postal;quartier;type_quartier;code_quartier\n"
    "Vénissieux;69259;69200;Les Minguettes;qpv;QP069047\n"
    "Vénissieux;69259;69200;Max Barel;Quartier de veille;\n"
    "Bron;69029;69500;;;\n"
)


def test_charger_un_autre_territoire_en_cp1252_avec_des_virgules(tmp_path):
    fichier = tmp_path / "lyon.csv"
    fichier.write_bytes(LYON.replace(";", ",").encode("cp1252"))
    call_command("charger_territoire", str(fichier), "--retirer-absentes")
    assert set(Commune.objects.filter(dans_le_territoire=True).values_list("nom", flat=True)) == {"Vénissieux", "Bron"}
    assert Commune.objects.get(nom="Dijon").dans_le_territoire is False  # left the territory, still in the base
    minguettes = Quartier.objects.get(nom="Les Minguettes")
    assert (minguettes.type, minguettes.code, minguettes.commune.nom) == ("qpv", "QP069047", "Vénissieux")
    assert Quartier.objects.get(nom="Max Barel").type == "veille"
    # Loaded twice, nothing changes.
    rapport = territoire_charger(lire(fichier))
    assert (rapport.communes_creees, rapport.quartiers_crees, rapport.quartiers_mis_a_jour) == (0, 0, 0)


def test_le_fichier_de_dijon_redonne_le_territoire_de_la_demo():
    avant = sorted(Commune.objects.filter(dans_le_territoire=True).values_list("code_insee", flat=True))
    call_command("charger_territoire", "participants/territoires/dijon-metropole.csv", "--retirer-absentes")
    apres = sorted(Commune.objects.filter(dans_le_territoire=True).values_list("code_insee", flat=True))
    assert apres == avant and len(apres) == 23
    assert Quartier.objects.filter(type="qpv").count() == 5


@pytest.mark.parametrize(
    "contenu, message",
    [
        (LYON.replace("69259;69200;Les", "6925;69200;Les"), "Ligne 2 : code INSEE « 6925 » invalide"),
        (LYON.replace("qpv", "zus"), "Ligne 2 : type de quartier « zus » inconnu"),
        (LYON.replace("69029;69500", "69029;695"), "Ligne 4 : code postal « 695 » invalide"),
        (LYON + "Bron;69029;69500;;;\nBron;69999;69500;;;\n", "La commune « Bron » a des lignes qui se contredisent"),
        ("nom;insee\nBron;69029\n", "Colonnes manquantes : commune, code_insee, code_postal"),
    ],
)
def test_un_fichier_faux_ne_change_rien(tmp_path, contenu, message):
    fichier = tmp_path / "territoire.csv"
    fichier.write_text(contenu, encoding="utf-8")
    avant = list(Commune.objects.order_by("pk").values_list("nom", "dans_le_territoire"))
    with pytest.raises(CommandError, match=message):
        call_command("charger_territoire", str(fichier), "--retirer-absentes")
    assert list(Commune.objects.order_by("pk").values_list("nom", "dans_le_territoire")) == avant
    assert not Quartier.objects.filter(nom="Les Minguettes").exists()


def test_le_nom_du_plie_vient_des_reglages(client, settings):
    settings.PLIE_NOM = "PLIE Lyon Sud"
    client.force_login(UserFactory(role=Role.ANIMATION))
    page = client.get(reverse("accueil")).content.decode()
    assert "PLIE Lyon Sud" in page and "Dijon" not in page
    from django.core import mail

    UserFactory(email="oubli@test.plie.fr")
    client.post(reverse("password_reset"), {"email": "oubli@test.plie.fr"})
    assert mail.outbox[-1].subject.startswith("PLIE Lyon Sud")
