"""The embedded base's snapshot: a long writing block (an import's check) runs on a copy; other users write to
the live base meanwhile, without waiting, and the block's writes never reach it."""

import sqlite3
import threading

import pytest
from django.db import connections, transaction

from plie.instantane import sur_un_instantane


@pytest.fixture
def base_sur_disque(tmp_path, django_db_blocker):
    """A SQLite base in a file as the default connection of this thread (the embedded mode's)."""
    fichier = str(tmp_path / "plie.sqlite3")
    originale = connections["default"]
    if originale.vendor != "sqlite":
        pytest.skip("le mode embarqué tourne sur SQLite")
    reglages = {**originale.settings_dict, "NAME": fichier}
    base = originale.__class__(reglages, "default")
    with django_db_blocker.unblock():
        connections["default"] = base
        with base.cursor() as curseur:
            curseur.execute("CREATE TABLE connexion (qui TEXT)")
        yield fichier
        base.close()
        connections["default"] = originale


def test_un_long_bloc_d_ecriture_tourne_sur_une_copie_sans_bloquer_les_autres(base_sur_disque):
    ecrites = []

    def un_autre_utilisateur_se_connecte():
        autre = sqlite3.connect(base_sur_disque, timeout=1)  # waits at most 1 s for the write lock
        autre.execute("INSERT INTO connexion VALUES ('référente')")
        autre.commit()
        autre.close()
        ecrites.append(True)

    with sur_un_instantane() as copie:
        assert copie
        with transaction.atomic(), connections["default"].cursor() as curseur:
            curseur.execute("INSERT INTO connexion VALUES ('import')")  # the check's write lock, on the copy
            fil = threading.Thread(target=un_autre_utilisateur_se_connecte)
            fil.start()
            fil.join(5)
            curseur.execute("SELECT qui FROM connexion")
            assert curseur.fetchall() == [("import",)]
    assert ecrites == [True]  # not blocked by the block's transaction
    with connections["default"].cursor() as curseur:
        curseur.execute("SELECT qui FROM connexion")
        assert curseur.fetchall() == [("référente",)]  # the block's write stayed on the copy
