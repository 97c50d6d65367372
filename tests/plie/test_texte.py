"""The one text folding (plie/texte.py), read by the duplicate check, the import's labels and the demo."""

import datetime

import pytest

from parcours import doublons
from plie.texte import alphanumerique, lettres, mots, plier
from reprise.valeurs import cle
from tests.participants.factories import ParticipantFactory


@pytest.mark.parametrize(
    ("ecrit", "plie"),
    [
        ("Lœuillet", "loeuillet"),
        ("LŒUILLET", "loeuillet"),
        ("Lætitia", "laetitia"),
        ("ÆLIS", "aelis"),
        ("Hélène", "helene"),
        ("Françoise", "francoise"),
        ("Straße", "strasse"),
        ("Zoë", "zoe"),
    ],
)
def test_chaque_lettre_est_translitteree_jamais_perdue(ecrit, plie):
    assert plier(ecrit) == plie


def test_les_trois_formes():
    assert lettres("Le Goff-Lœuillet") == "legoffloeuillet"
    assert alphanumerique("Cœur 21") == "coeur21"
    assert mots("Cœur-de-Ville  (QPV)") == "coeur de ville qpv"


@pytest.mark.django_db
def test_le_controle_des_doublons_reconnait_oe_et_ae():
    naissance = datetime.date(1980, 5, 4)
    connue = ParticipantFactory(nom="Lœuillet", prenom="Lætitia", date_naissance=naissance)
    assert doublons.ressemblance("Lœuillet", "LOEUILLET") == 1.0  # was 0.875: « œ » dropped
    assert doublons.ressemblance("Lætitia", "Laetitia") == 1.0
    assert doublons.doublons_possibles(nom="LOEUILLET", prenom="Laetitia", date_naissance=naissance) == [connue]


def test_l_import_compare_les_libelles_ligatures_comprises():
    assert cle("Sœur de l'Œuvre") == cle("soeur de l oeuvre")
    assert cle("Sœur") != cle("Sur")
