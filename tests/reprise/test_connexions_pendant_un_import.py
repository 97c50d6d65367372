"""The embedded base (SQLite, one writer at a time) while a large import is checked, then recorded: other users
sign in meanwhile, each in a few seconds. Before, the check and the commit each held the base's write lock for
their whole run, and every sign-in answered 500 after 20 seconds (« database is locked »). SQLite only."""

import contextlib
import sqlite3
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from demo.reprise import fichier
from plie.enums import Role
from reprise import services
from reprise.models import EtatImport, Import
from tests.plie.factories import UserFactory

MOT_DE_PASSE = "cheval batterie agrafe correcte bleue soleil maison"


@contextlib.contextmanager
def sur_le_fichier(nom: str):
    """This thread's default connection on the SQLite file ``nom`` (the embedded mode's base)."""
    originale = connections["default"]
    base = originale.__class__({**originale.settings_dict, "NAME": nom}, "default")
    connections["default"] = base
    try:
        yield base
    finally:
        base.close()
        connections["default"] = originale


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_se_connecte_pendant_la_verification_et_l_enregistrement_d_un_grand_import(tmp_path, settings):
    originale = connections["default"]
    if originale.vendor != "sqlite":
        pytest.skip("le mode embarqué tourne sur SQLite")
    settings.REPRISE_LOT_SECONDES = 0.5  # the default
    animation = UserFactory(role=Role.ANIMATION, is_staff=True)
    compte = UserFactory(role=Role.FINANCEUR)
    compte.set_password(MOT_DE_PASSE)
    compte.save()
    contenu = fichier(600, 4)  # 4 520 rows: some twenty seconds to check, as many to record
    base = str(tmp_path / "plie.sqlite3")
    originale.ensure_connection()
    copie = sqlite3.connect(base)
    originale.connection.backup(copie)
    copie.close()

    erreurs, fini = [], threading.Event()

    def importer():
        try:
            with sur_le_fichier(base):
                objet = services.import_deposer(
                    fichiers=[SimpleUploadedFile("ancien.xlsx", contenu)], par=animation
                )  # the check runs here (tasks inline in the tests), then the commit
                objet.refresh_from_db()
                assert objet.enregistrable, objet.bilan
                services.import_enregistrer(objet=objet, par=animation)
        except BaseException as erreur:  # noqa: BLE001 (reported by the test)
            erreurs.append(erreur)
        finally:
            fini.set()

    def etat() -> str:
        return Import.objects.values_list("etat", flat=True).first() or ""

    durees: dict[str, list[float]] = {EtatImport.VERIFICATION: [], EtatImport.ENREGISTREMENT: []}
    with sur_le_fichier(base):
        fil = threading.Thread(target=importer)
        fil.start()
        for phase, secondes in durees.items():
            while etat() != phase and not fini.is_set():
                time.sleep(0.2)
            time.sleep(1)
            for _ in range(5):
                assert etat() == phase, "l'import s'est terminé avant les cinq connexions : agrandir le fichier"
                debut = time.monotonic()
                reponse = Client().post(reverse("login"), {"username": compte.email, "password": MOT_DE_PASSE})
                secondes.append(time.monotonic() - debut)
                assert reponse.status_code == 302, reponse.status_code
                time.sleep(1)
        fil.join(600)
        assert not erreurs, erreurs
        assert etat() == EtatImport.ENREGISTRE
    assert max(durees[EtatImport.VERIFICATION]) < 5 and max(durees[EtatImport.ENREGISTREMENT]) < 5, durees
