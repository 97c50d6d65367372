"""Summaries computed in the background: however many pages find one stale, one task is queued; a request whose
task was lost is asked again; the time shown is the start of the last completed computation."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from plie import actualisations
from plie.models import Actualisation

pytestmark = pytest.mark.django_db


def test_une_seule_tache_quel_que_soit_le_nombre_de_lectures(django_capture_on_commit_callbacks):
    with mock.patch.object(actualisations, "lancer") as lancer:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(20):
                actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 1
        with actualisations.executer("essai"):  # the task starts: the next stale read may ask again
            pass
        etat = actualisations.etat("essai")
        assert etat.demandee_le is None and etat.calculee_le is not None
        assert not actualisations.perimee(etat)
        with django_capture_on_commit_callbacks(execute=True):
            actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 1  # fresh: nothing asked
        Actualisation.objects.update(
            calculee_le=timezone.now() - datetime.timedelta(seconds=61),
            commencee_le=timezone.now() - datetime.timedelta(seconds=61),
            terminee_le=timezone.now() - datetime.timedelta(seconds=60),
        )
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 2


def test_une_demande_perdue_est_refaite():
    with mock.patch.object(actualisations, "lancer") as lancer:
        assert actualisations._demander("essai", "plie.essai", ())
        assert not actualisations._demander("essai", "plie.essai", ())
        Actualisation.objects.update(demandee_le=timezone.now() - actualisations.PERDUE - datetime.timedelta(1))
        assert actualisations._demander("essai", "plie.essai", ())
        assert lancer.call_count == 2


def test_un_calcul_en_echec_garde_l_heure_du_precedent():
    with actualisations.executer("essai"):
        pass
    avant = actualisations.etat("essai").calculee_le
    with pytest.raises(ValueError), actualisations.executer("essai"):
        raise ValueError
    etat = actualisations.etat("essai")
    assert etat.calculee_le == avant and etat.commencee_le > avant


def test_rien_n_est_demande_pendant_un_calcul_ni_juste_apres_un_echec(django_capture_on_commit_callbacks):
    with mock.patch.object(actualisations, "lancer") as lancer:
        with actualisations.executer("essai"):
            Actualisation.objects.update(calculee_le=timezone.now() - datetime.timedelta(minutes=5))
            with django_capture_on_commit_callbacks(execute=True):
                actualisations.rafraichir_si_perimee("essai", "plie.essai")
            assert lancer.call_count == 0  # one is running: it will bring the figures
        with pytest.raises(ValueError), actualisations.executer("essai"):
            raise ValueError
        with django_capture_on_commit_callbacks(execute=True):
            actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 0  # a failed run is tried again after PERDUE, not at every page
        plus_tard = timezone.now() - actualisations.PERDUE - datetime.timedelta(seconds=1)
        Actualisation.objects.update(
            commencee_le=plus_tard,
            calculee_le=plus_tard - datetime.timedelta(minutes=1),
            terminee_le=plus_tard - datetime.timedelta(seconds=30),
        )
        with django_capture_on_commit_callbacks(execute=True):
            actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 1


def test_un_courtier_injoignable_ne_fait_pas_echouer_la_page(django_capture_on_commit_callbacks):
    with mock.patch.object(actualisations, "lancer", side_effect=ConnectionError("Redis")) as lancer:
        with django_capture_on_commit_callbacks(execute=True):
            actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 1
        assert actualisations.etat("essai").demandee_le is None  # withdrawn: the next page asks again
        with django_capture_on_commit_callbacks(execute=True):
            actualisations.rafraichir_si_perimee("essai", "plie.essai")
        assert lancer.call_count == 2
