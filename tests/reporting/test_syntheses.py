"""The engine's monthly summaries (PostgreSQL): read only when up to date, and then the same letter as live."""

import datetime
import re
from collections import defaultdict
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from parcours.enums import StatutCommission
from parcours.models import AffectationReferent, Etape, MotifSortie, Parcours
from participants.models import Referent
from reporting import syntheses
from reporting.chiffres import calculer
from reporting.indicateurs import Periode
from reporting.models import Invalidation, SyntheseMois
from reporting.syntheses import declencheurs
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import J, etape, parcours
from tests.reporting.histoires_aleatoires import construire, histoires, non_entrees

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="les synthèses mensuelles n'existent que sur PostgreSQL"
)
FIN = J(2017, 12, 31)


def en_direct(periode, perimetre=None):
    with override_settings(SYNTHESES_ACTIVES=False):
        return calculer(periode, perimetre, structure=True)


def lue(periode, perimetre=None):
    assert syntheses.a_jour(periode)
    return calculer(periode, perimetre, structure=True)


class SynthesesEgalesAuDirect(TestCase):
    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        histoire=histoires,
        refus=non_entrees,
        mois=st.integers(1, 12),
        perimetre=st.sampled_from([None, (0,), (1, 2)]),
        changement=st.sampled_from(["sortie", "etape", "transfert", "rien"]),
    )
    def test_meme_lettre_avant_et_apres_un_changement(self, histoire, refus, mois, perimetre, changement):
        construire(histoire, refus)
        ids = list(Referent.objects.order_by("pk").values_list("pk", flat=True))
        perimetre = [ids[i] for i in perimetre] if perimetre is not None else None
        periode = Periode(2017, mois)
        syntheses.actualiser(FIN)
        if not histoire:
            self.assertFalse(syntheses.a_jour(periode))  # nothing to summarise: the engine stays live
            return
        self.assertEqual(lue(periode, perimetre), en_direct(periode, perimetre))

        # A change reaching the month: the letter is computed live, with the change, until the refresh.
        un = Parcours.objects.order_by("pk").first()
        le = periode.debut_mois + datetime.timedelta(days=3)
        if un is not None and changement == "sortie" and un.date_entree <= le and not un.date_sortie:
            un.date_sortie, un.motif_sortie = le, MotifSortie.objects.get(code="sante")
            un.sortie_commission = StatutCommission.A_VALIDER
            un.save()
        elif un is not None and changement == "etape":
            etape(un, le)
        elif un is not None and changement == "transfert":
            AffectationReferent.objects.create(parcours=un, referent_id=ids[2], date_debut=le)
        else:
            return
        self.assertFalse(syntheses.a_jour(periode))
        attendue = en_direct(periode, perimetre)
        self.assertEqual(calculer(periode, perimetre, structure=True), attendue)
        self.assertEqual(syntheses.actualiser(FIN), 12 - periode.mois + 1)
        self.assertEqual(lue(periode, perimetre), attendue)


def test_un_changement_ne_rend_illisibles_que_les_mois_qu_il_atteint(db):
    referent = ReferentFactory()
    un = parcours(referent, J(2017, 2, 10))
    syntheses.actualiser(FIN)
    assert syntheses.a_jour(Periode(2017, 12))
    assert SyntheseMois.objects.count() == 24  # 2016 (the year a 2017 letter compares with) and 2017

    un.date_sortie, un.motif_sortie = J(2017, 9, 15), MotifSortie.objects.get(code="emploi_durable")
    un.sortie_commission = StatutCommission.A_VALIDER
    un.save()
    assert syntheses.a_jour(Periode(2017, 8))
    assert not syntheses.a_jour(Periode(2017, 9))
    septembre = calculer(Periode(2017, 9))  # live, with the exit
    assert septembre.sorties.positives_cumul == 1

    assert syntheses.actualiser(FIN) == 4  # September to December
    assert syntheses.a_jour(Periode(2017, 9))
    assert calculer(Periode(2017, 9)) == septembre
    assert not Invalidation.objects.exists()


def test_une_modification_sans_effet_sur_les_chiffres_ne_rend_rien_illisible(db):
    un = parcours(ReferentFactory(), J(2017, 2, 10))
    etape(un, J(2017, 3, 1))
    syntheses.actualiser(FIN)
    un.save()  # nothing changed
    Etape.objects.update(commentaire="Point fait avec l'employeur")
    assert syntheses.a_jour(Periode(2017, 3))


def test_une_lettre_trouvant_les_syntheses_perimees_demande_leur_actualisation(
    db, settings, django_capture_on_commit_callbacks
):
    settings.SYNTHESES_AUTOMATIQUES = True
    parcours(ReferentFactory(), J(2017, 2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        calculer(Periode(2017, 6))  # no summary yet: live, and the refresh runs after the transaction
    assert syntheses.a_jour(Periode(2017, 6))


def test_sans_syntheses_a_jour_le_moteur_calcule_en_direct(db):
    parcours(ReferentFactory(), J(2017, 2, 10))
    assert not syntheses.a_jour(Periode(2017, 6))
    assert calculer(Periode(2017, 6)).total.file_active == 1


def _colonnes_lues(sql: list[str]) -> set[tuple[str, str]]:
    """The (table, column) pairs the SQL reads. Django reuses a subquery alias (U0…) for different tables in one
    query: an aliased column is the column of whichever of the alias' tables has it."""
    colonnes_de = {m._meta.db_table: {f.column for f in m._meta.concrete_fields} for m in apps.get_models()}
    colonnes = set()
    for requete in sql:
        colonnes |= set(re.findall(r'"(\w+)"\."(\w+)"', requete))
        tables_de = defaultdict(set)
        for table, alias in re.findall(r'"(\w+)" ([UT]\d+)\b', requete):
            tables_de[alias].add(table)
        for alias, colonne in re.findall(r'\b([UT]\d+)\."(\w+)"', requete):
            colonnes |= {(t, colonne) for t in tables_de[alias] if colonne in colonnes_de.get(t, ())}
    return colonnes


def test_les_declencheurs_surveillent_chaque_colonne_que_les_syntheses_lisent(db):
    parcours(ReferentFactory(), J(2017, 2, 10))
    with CaptureQueriesContext(connection) as requetes:
        syntheses._construire(Periode(2017, 6))
    lues = {(t, c) for t, c in _colonnes_lues([q["sql"] for q in requetes]) if not t.startswith("reporting_synthese")}
    surveillees = {(t, c) for t, (colonnes, _) in declencheurs.SURVEILLEES.items() for c in colonnes}
    assert lues, "aucune colonne lue : l'analyse du SQL ne trouve plus rien"
    assert lues <= surveillees, lues - surveillees


def test_les_fonctions_installees_sont_celles_du_code(db):
    with connection.cursor() as curseur:
        curseur.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'reporting_invalider_%%'")
        installees = dict(curseur.fetchall())
    assert installees == {f"reporting_invalider_{t}": declencheurs.source(t) for t in declencheurs.SURVEILLEES}


def test_la_commande_actualise_les_syntheses(db):
    parcours(ReferentFactory(), J(2017, 2, 10))
    sortie = StringIO()
    call_command("syntheses", stdout=sortie)
    assert "Synthèses à jour" in sortie.getvalue()
    assert SyntheseMois.objects.filter(mois=J(2017, 12, 31)).exists()
    assert syntheses.a_jour(Periode(2017, 12))


def test_un_changement_d_une_annee_close_ne_recalcule_que_cette_annee(db):
    """A parcours that ended in 2016, corrected: 2016's months from the change are recomputed, and the 2017
    letters stay readable meanwhile (a letter of 2017 reads 2016's months too: those before the change)."""
    referent = ReferentFactory()
    ferme = parcours(referent, J(2016, 3, 1), sortie=J(2016, 10, 20), motif="emploi_durable")
    parcours(referent, J(2017, 2, 10))
    syntheses.actualiser(FIN)
    Parcours.objects.filter(pk=ferme.pk).update(date_sortie=J(2016, 11, 5))
    assert list(Invalidation.objects.values_list("depuis", "jusqua")) == [(J(2016, 10, 20), J(2016, 12, 31))]
    assert syntheses.a_jour(Periode(2016, 9))
    assert not syntheses.a_jour(Periode(2016, 10))
    assert not syntheses.a_jour(Periode(2017, 6))  # it reads 2016's December, which the change reaches
    assert syntheses.actualiser(FIN) == 3  # October to December 2016
    assert syntheses.a_jour(Periode(2017, 6))
    assert lue(Periode(2017, 6)) == en_direct(Periode(2017, 6))
    assert lue(Periode(2016, 12)) == en_direct(Periode(2016, 12))
    etape(ferme, J(2016, 4, 1), J(2016, 6, 30))
    assert list(Invalidation.objects.values_list("depuis", "jusqua")) == [(J(2016, 4, 1), J(2016, 12, 31))]
    assert syntheses.actualiser(FIN) == 9  # April to December 2016
    assert lue(Periode(2016, 12)) == en_direct(Periode(2016, 12))


def test_un_transfert_date_apres_la_sortie_recalcule_les_mois_de_son_annee(db):
    """A transfer recorded after the parcours' exit (its range would end before it begins): the letters that
    read its months are not read from the summaries, and the refresh recomputes those months."""
    referent, autre = ReferentFactory(), ReferentFactory()
    ferme = parcours(referent, J(2016, 1, 1), sortie=J(2016, 1, 1), motif="emploi_durable")
    parcours(referent, J(2016, 1, 1))
    syntheses.actualiser(FIN)
    AffectationReferent.objects.create(parcours=ferme, referent=autre, date_debut=J(2017, 1, 4))
    assert list(Invalidation.objects.values_list("depuis", "jusqua")) == [(J(2017, 1, 4), J(2017, 12, 31))]
    assert syntheses.a_jour(Periode(2016, 12))
    assert not syntheses.a_jour(Periode(2017, 1))
    assert syntheses.actualiser(FIN) == 12
    assert lue(Periode(2017, 1), [autre.pk]) == en_direct(Periode(2017, 1), [autre.pk])


def test_les_changements_se_fusionnent_en_intervalles():
    fusion = syntheses._fusionner
    assert fusion([]) == []
    assert fusion([(J(2016, 1, 1), J(2016, 12, 31)), (J(2016, 6, 1), J(2017, 3, 31))]) == [
        (J(2016, 1, 1), J(2017, 3, 31))
    ]
    assert fusion([(J(2015, 1, 1), J(2015, 2, 1)), (J(2016, 1, 1), None), (J(2016, 5, 1), J(2016, 6, 1))]) == [
        (J(2015, 1, 1), J(2015, 2, 1)),
        (J(2016, 1, 1), None),
    ]


def test_une_seule_actualisation_demandee_quel_que_soit_le_nombre_de_lectures(
    db, settings, django_capture_on_commit_callbacks
):
    from unittest import mock

    from plie import actualisations

    settings.SYNTHESES_AUTOMATIQUES = True
    parcours(ReferentFactory(), J(2017, 2, 10))
    with mock.patch.object(actualisations, "lancer") as lancer, django_capture_on_commit_callbacks(execute=True):
        for mois in range(1, 13):
            calculer(Periode(2017, mois))  # stale: live, and a refresh asked
    assert lancer.call_count == 1


def _relue_dans_la_minute(periode) -> float:
    """Seconds until the letter of ``periode`` reads the summaries again (at most 60)."""
    import time

    debut = time.monotonic()
    while not syntheses.a_jour(periode):
        assert time.monotonic() - debut < 60, "synthèses toujours périmées une minute après l'écriture"
        time.sleep(0.5)
    return time.monotonic() - debut


def _ecrire_puis_lire():
    referent = ReferentFactory()
    un = parcours(referent, J(2017, 2, 10))
    parcours(referent, J(2017, 3, 1))
    syntheses.actualiser()
    periode = Periode(2017, 6)
    assert syntheses.a_jour(periode)
    un.date_sortie, un.motif_sortie = J(2017, 5, 2), MotifSortie.objects.get(code="emploi_durable")
    un.sortie_commission = StatutCommission.A_VALIDER
    un.save()
    assert not syntheses.a_jour(periode)
    lettre = calculer(periode)  # live, with the exit; a refresh is asked
    assert lettre.sorties.positives_cumul == 1
    return periode, lettre


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_avec_le_worker_les_syntheses_sont_relues_dans_la_minute_qui_suit_une_ecriture(worker_celery, settings):
    settings.SYNTHESES_AUTOMATIQUES = True
    periode, lettre = _ecrire_puis_lire()
    _relue_dans_la_minute(periode)
    assert calculer(periode) == lettre


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_en_mode_embarque_les_syntheses_sont_relues_dans_la_minute_qui_suit_une_ecriture(settings):
    """Without a worker, the background thread of the server's process refreshes them."""
    from plie import taches

    settings.SYNTHESES_AUTOMATIQUES = True
    settings.TACHES_EN_PROCESSUS = True
    periode, lettre = _ecrire_puis_lire()
    taches.attendre(60)
    taches.arreter()
    _relue_dans_la_minute(periode)
    assert calculer(periode) == lettre
