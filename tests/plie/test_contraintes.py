"""The check constraints of a record validated in one query: the same errors as Django's one query each."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from parcours.models import MotifSortie, Parcours
from tests.parcours.factories import ParcoursFactory

pytestmark = pytest.mark.django_db


def erreurs_de_django(parcours):
    """What Django's own validation says: each check constraint in its own query."""
    try:
        models.Model.validate_constraints(parcours)
    except ValidationError as e:
        return sorted(e.message_dict[NON_FIELD_ERRORS])
    return []


def erreurs(parcours):
    try:
        parcours.validate_constraints()
    except ValidationError as e:
        return sorted(e.message_dict[NON_FIELD_ERRORS])
    return []


@pytest.mark.parametrize(
    "changement",
    [
        {},
        {"date_sortie": datetime.date(2016, 1, 1)},  # before the entry, without a motif
        {"sortie_validee_le": datetime.date(2017, 5, 1)},  # validated without an exit
        {"date_sortie": datetime.date(2016, 1, 1), "situation_emploi": "inconnue", "niveau_formation": "?"},
        {"date_sortie": None, "motif": True},
    ],
)
def test_les_memes_erreurs_que_django_en_une_requete(changement):
    parcours = ParcoursFactory(date_entree=datetime.date(2017, 3, 1))
    for champ, valeur in changement.items():
        if champ == "motif":
            parcours.motif_sortie = MotifSortie.objects.first()
        else:
            setattr(parcours, champ, valeur)
    attendues = erreurs_de_django(parcours)
    with CaptureQueriesContext(connection) as requetes:
        assert erreurs(parcours) == attendues
    assert len([q for q in requetes if "_contrainte_" in q["sql"]]) == 1
    with CaptureQueriesContext(connection) as une_a_une:
        erreurs_de_django(parcours)
    assert len(une_a_une) - len(requetes) >= 4  # five conditions, asked once instead of one query each
    assert bool(attendues) == bool(changement)


def test_un_champ_exclu_laisse_ses_contraintes_a_la_base():
    parcours = ParcoursFactory(date_entree=datetime.date(2017, 3, 1))
    parcours.date_sortie = datetime.date(2016, 1, 1)
    parcours.validate_constraints(exclude={"date_sortie"})
    with pytest.raises(ValidationError) as erreur:
        parcours.validate_constraints()
    assert "La date de sortie ne peut pas précéder la date d'entrée." in erreur.value.messages


def test_un_parcours_valide_passe(db):
    parcours = ParcoursFactory()
    parcours.full_clean()
    assert Parcours.objects.filter(pk=parcours.pk).exists()


def test_une_cle_etrangere_passee_avec_son_objet_n_est_pas_relue_et_sinon_elle_l_est():
    from parcours.models import Etape, TypeEtape

    parcours = ParcoursFactory(date_entree=datetime.date(2017, 3, 1))
    type_etape = TypeEtape.objects.get(code="cdd_court")

    def existence_du_parcours_demandee(etape) -> int:
        with CaptureQueriesContext(connection) as requetes:
            etape.full_clean()
        return len([q for q in requetes if q["sql"].startswith('SELECT 1 AS "a" FROM "parcours_parcours"')])

    en_main = Etape(parcours=parcours, type=type_etape, date_debut=datetime.date(2017, 4, 1), heures_hebdo=35)
    assert existence_du_parcours_demandee(en_main) == 0  # passed in hand: not read again
    par_son_numero = Etape(
        parcours_id=parcours.pk, type=type_etape, date_debut=datetime.date(2017, 4, 1), heures_hebdo=35
    )
    assert existence_du_parcours_demandee(par_son_numero) == 1  # by its id only: checked, as Django does
