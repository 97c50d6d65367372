"""PostgreSQL's statement timeout: a web request's statements stop after 25 s, a task's after 3 hours."""

import threading

import pytest
from django.db import connection

from plie import delais

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout de PostgreSQL"),
]


@pytest.fixture(autouse=True)
def delai_retabli():
    """The test run's connection gets back the tasks' timeout after each test."""
    yield
    delais._processus_web = False
    delais.regler(None, connection)


def delai_de_la_connexion() -> str:
    with connection.cursor() as curseur:
        curseur.execute("SHOW statement_timeout")
        return curseur.fetchone()[0]


def test_une_requete_web_et_une_tache_n_ont_pas_le_meme_delai(monkeypatch, settings):
    settings.DELAI_REQUETE_WEB_S, settings.DELAI_REQUETE_TACHES_S = 25, 10800
    delais.regler(None, connection)
    assert delai_de_la_connexion() == "3h"  # a command, a task (here: the test run)
    monkeypatch.setattr(delais, "_processus_web", True)
    delais.regler(None, connection)
    assert delai_de_la_connexion() == "25s"
    vu = []
    fil = threading.Thread(target=lambda: vu.append(delais.delai_secondes()), name=delais.FIL_DES_TACHES)
    fil.start()
    fil.join()
    assert vu == [10800]  # the embedded mode's background thread runs tasks


def test_une_requete_trop_longue_s_arrete_avec_une_erreur(monkeypatch, settings):
    from django.db import OperationalError, transaction

    settings.DELAI_REQUETE_WEB_S = 1
    monkeypatch.setattr(delais, "_processus_web", True)
    delais.regler(None, connection)
    with pytest.raises(OperationalError, match="statement timeout"), transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_sleep(3)")
