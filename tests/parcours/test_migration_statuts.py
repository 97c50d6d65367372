"""Migration parcours.0017 on a base an older version left: entries marked validated without a date by migration
0007 stay validated and get their entry day; an exit outside the commission goes to it; the constraints then
hold."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.parcours.factories import ParcoursFactory

AVANT = [("parcours", "0016_index_des_listes")]


def _migrer(cible):
    executor = MigrationExecutor(connection)
    executor.migrate(cible)
    return MigrationExecutor(connection).loader.project_state(cible).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_les_statuts_d_une_base_ancienne_sont_gardes_et_dates():
    entre = ParcoursFactory(date_entree=datetime.date(2016, 3, 7))
    sorti = ParcoursFactory(date_entree=datetime.date(2016, 3, 7), sorti=True)
    try:
        ancien = _migrer(AVANT).get_model("parcours", "Parcours")
        # As migration 0007 left them: every entry validated without a date; an exit outside the commission.
        ancien.objects.filter(pk__in=[entre.pk, sorti.pk]).update(entree_commission="validee", entree_validee_le=None)
        ancien.objects.filter(pk=sorti.pk).update(sortie_commission="")
    finally:
        # Every application back to its last migration (the ones that depend on parcours were unapplied too).
        tout = MigrationExecutor(connection).loader.graph.leaf_nodes()
        Parcours = _migrer(tout).get_model("parcours", "Parcours")
    for migre in Parcours.objects.filter(pk__in=[entre.pk, sorti.pk]):
        assert migre.entree_commission == "validee"
        assert migre.entree_validee_le.date() == migre.date_entree == datetime.date(2016, 3, 7)
    migre = Parcours.objects.get(pk=sorti.pk)
    assert (migre.sortie_commission, migre.sortie_validee_le) == ("a_valider", None)
