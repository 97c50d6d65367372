"""Time the import of an old tool's data (issue #18) on the database DATABASE_URL names — an empty base with its
referentials (``manage.py migrate``):

    DATABASE_URL=sqlite:///… .venv/bin/python bench/import.py [--parcours 5000] [--etapes 4] [--connexions 5]

A synthetic file in the template (10 référents, one prescription, person and parcours per row, ``--etapes`` étapes
each, one in two exited) is written, then checked (the preview: every row through the services, rolled back) and
recorded (the same run, kept, in batches as the task does). Prints each phase's time and the process's peak memory.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from demo.reprise import fichier  # noqa: E402
from reprise.lecture import lire  # noqa: E402
from reprise.moteur import Moteur  # noqa: E402


def chrono(etiquette, fonction):
    debut = time.perf_counter()
    resultat = fonction()
    print(f"{etiquette} : {time.perf_counter() - debut:.1f} s")
    return resultat


def connexions_pendant(etiquette: str, travail, nombre: int) -> None:
    """``travail`` in a background thread (as the task runs it) and ``nombre`` sign-ins meanwhile through the
    sign-in page, one a second, each timed (each writes its session and last login)."""
    import threading

    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from plie.models import User

    settings.ALLOWED_HOSTS = ["*"]
    compte, _ = User.objects.get_or_create(email="banc@essai.plie.fr", defaults={"role": "financeur"})
    compte.set_password(MOT_DE_PASSE)
    compte.save()

    def en_fond():
        try:
            travail()
        finally:
            connections.close_all()

    fil = threading.Thread(target=en_fond)
    debut = time.perf_counter()
    fil.start()
    time.sleep(2)
    for rang in range(nombre):
        client = Client()
        t = time.perf_counter()
        reponse = client.post("/connexion/", {"username": compte.email, "password": MOT_DE_PASSE})
        print(f"  connexion {rang + 1} : {time.perf_counter() - t:.2f} s (HTTP {reponse.status_code})")
        time.sleep(1)
    fil.join()
    print(f"{etiquette} avec {nombre} connexions pendant : {time.perf_counter() - debut:.1f} s")


def verifier(lecture) -> None:
    """The check as the task runs it: on a snapshot of a SQLite base, rolled back."""
    from plie.instantane import sur_un_instantane

    with sur_un_instantane() as copie:
        print(f"  vérification sur une copie de la base : {'oui' if copie else 'non'}")
        bilan = Moteur(lecture, source="banc.xlsx").executer(enregistrer=False)
    print(f"  {bilan.erreurs} ligne(s) en erreur")


def enregistrer(lecture) -> None:
    """The commit as the task runs it: in batches of REPRISE_LOT_SECONDES, journaled (reprise/lots.py)."""
    from reprise.models import Import

    objet = Import.objects.create(jeton=f"banc{time.time_ns()}", nom_fichier="banc.xlsx")
    bilan = Moteur(lecture, source="banc.xlsx", import_origine=objet).executer(enregistrer=True)
    print(f"  {bilan.erreurs} ligne(s) en erreur, enregistré : {bilan.enregistre}")


MOT_DE_PASSE = "cheval batterie agrafe correcte bleue soleil maison"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcours", type=int, default=5000)
    parser.add_argument("--etapes", type=int, default=4)
    parser.add_argument(
        "--connexions", type=int, default=0, help="sign-ins timed during the check, as many during the commit"
    )
    arguments = parser.parse_args()
    contenu = chrono("fichier écrit", lambda: fichier(arguments.parcours, arguments.etapes))
    print(f"  {len(contenu) / 1e6:.1f} Mo")
    lecture = chrono("fichier lu", lambda: lire([("banc.xlsx", contenu)]))
    print(f"  {sum(len(f.lignes) for f in lecture.feuilles.values())} lignes")
    for etiquette, travail in (("vérification (aperçu)", verifier), ("enregistrement (par lots)", enregistrer)):
        if arguments.connexions:
            connexions_pendant(etiquette, lambda travail=travail: travail(lecture), arguments.connexions)
        else:
            chrono(etiquette, lambda travail=travail: travail(lecture))
    print(f"mémoire (pic) : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()
