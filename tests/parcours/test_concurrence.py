"""Simultaneous writes: two entries of one person at the same moment create one person; the embedded SQLite mode
answers two simultaneous saves without "database is locked"."""

import datetime
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from parcours import services
from parcours.enums import SituationEmploi
from participants.enums import Nationalite, Sexe
from participants.models import Commune, Participant
from tests.parcours.factories import PrescriptionFactory

AUJOURDHUI = timezone.localdate()


def personne():
    return {
        "nom": "Simultanée",
        "prenom": "Léa",
        "sexe": Sexe.FEMME,
        "date_naissance": datetime.date(1988, 8, 8),
        "nationalite": Nationalite.FRANCE,
        "commune": Commune.objects.get(nom="Dijon"),
    }


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite en mémoire partagée (tests) verrouille par table ; le mode fichier est testé plus bas",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deux_entrees_simultanees_d_une_personne_en_creent_une():
    prescriptions = [PrescriptionFactory(date_prescription=AUJOURDHUI - datetime.timedelta(days=3)) for _ in range(2)]
    identite = personne()
    depart = threading.Barrier(2)
    resultats = []

    def entrer(prescription):
        try:
            depart.wait()
            services.entree_enregistrer(
                prescription=prescription,
                participant=None,
                nouvelle_personne=identite,
                date_entree=AUJOURDHUI,
                commune=identite["commune"],
                situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
                autorise_travailler=True,
                par=None,
            )
            resultats.append("entree")
        except ValidationError as erreur:
            resultats.append(" ".join(erreur.messages))
        finally:
            connections.close_all()

    fils = [threading.Thread(target=entrer, args=(p,)) for p in prescriptions]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert Participant.objects.count() == 1
    assert sorted(resultats) == sorted(["entree", services.entrees.RESSEMBLANCE_NOUVELLE])


ECRIRE = """
import sys
from django.db import transaction
from plie.models import JournalAcces
for n in range(40):
    with transaction.atomic():
        JournalAcces.objects.filter(objet="course").count()  # read, then write: the lock upgrade that fails
        JournalAcces.objects.create(action="consultation", objet="course", objet_id=n)
print("ok")
"""


def test_le_mode_embarque_ne_repond_pas_base_verrouillee(tmp_path):
    """Two processes on one SQLite file, each reading then writing in transactions: with the embedded settings
    (immediate transactions, busy timeout) every write lands."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "plie.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embarque.sqlite3'}",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    processus = [
        subprocess.Popen(
            [*manage, "shell", "-c", ECRIRE],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    sorties = [p.communicate(timeout=120) for p in processus]
    for (sortie, erreurs), p in zip(sorties, processus, strict=True):
        assert p.returncode == 0 and "ok" in sortie, erreurs[-2000:]
    compte = subprocess.run(
        [*manage, "shell", "-c", "from plie.models import JournalAcces; print(JournalAcces.objects.count())"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert compte.stdout.strip().splitlines()[-1] == "80"
