"""Time the import of an old tool's data (issue #18) on the database DATABASE_URL names — an empty base with its
referentials (``manage.py migrate``):

    DATABASE_URL=sqlite:///… .venv/bin/python bench/import.py [--parcours 5000] [--etapes 4] [--connexions 5]

A synthetic file in the template (10 référents, one prescription, person and parcours per row, ``--etapes`` étapes
each, one in two exited) is written, then checked (the preview: every row through the services, rolled back) and
recorded (the same run, kept). Prints each phase's time and the process's peak memory.
"""

import argparse
import datetime
import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from participants.models import GroupePrescripteur, Prescripteur, StructurePorteuse  # noqa: E402
from reprise import modele  # noqa: E402
from reprise.lecture import lire  # noqa: E402
from reprise.moteur import Moteur  # noqa: E402

TYPES = ["Remobilisation", "Coaching", "Actions courtes", "Travail sur le projet professionnel", "Remise à niveau"]


def fichier(parcours: int, etapes: int) -> bytes:
    StructurePorteuse.objects.get_or_create(nom="Structure du banc d'essai")
    Prescripteur.objects.get_or_create(nom="Prescripteur du banc d'essai", groupe=GroupePrescripteur.objects.first())
    classeur = Workbook(write_only=True)
    feuilles = {f.nom: classeur.create_sheet(f.nom) for f in modele.FEUILLES}
    for f in modele.FEUILLES:
        feuilles[f.nom].append([c.nom for c in f.colonnes])

    def ecrire(feuille, **valeurs):
        feuilles[feuille.nom].append([valeurs.get(c.cle) for c in feuille.colonnes])

    for r in range(10):
        ecrire(
            modele.REFERENTS,
            identifiant=f"R{r}",
            prenom="Référent",
            nom=f"N{r}",
            structure="Structure du banc d'essai",
        )
        ecrire(modele.ETP, referent=f"R{r}", date_debut="01/01/2020", etp="1")
    for i in range(parcours):
        entree = datetime.date(2023, 1, 2) + datetime.timedelta(days=i % 600)
        ecrire(
            modele.PRESCRIPTIONS,
            identifiant=f"PR{i}",
            date_prescription=entree - datetime.timedelta(days=20),
            prescripteur="Prescripteur du banc d'essai",
            nom=f"Nom{i}",
            prenom="Prénom",
            referent=f"R{i % 10}",
            statut="Entrée",
        )
        ecrire(
            modele.PERSONNES,
            identifiant=f"I{i}",
            nom=f"Nom{i}",
            prenom="Prénom",
            sexe="Femme" if i % 2 else "Homme",
            date_naissance=datetime.date(1960, 1, 1) + datetime.timedelta(days=(i * 7) % 12000),
            nationalite="Française",
            commune="Dijon",
        )
        ecrire(
            modele.PARCOURS,
            identifiant=f"P{i}",
            personne=f"I{i}",
            prescription=f"PR{i}",
            date_entree=entree,
            situation_emploi="Demandeur d'emploi",
            rsa="oui" if i % 3 == 0 else "non",
        )
        for e in range(etapes):
            debut = entree + datetime.timedelta(days=10 + 40 * e)
            ecrire(
                modele.ETAPES,
                identifiant=f"E{i}-{e}",
                parcours=f"P{i}",
                type=TYPES[(i + e) % len(TYPES)],
                date_debut=debut,
                date_fin=debut + datetime.timedelta(days=30),
                issue="Terminée",
            )
        if i % 2:
            ecrire(
                modele.SORTIES,
                parcours=f"P{i}",
                date_sortie=entree + datetime.timedelta(days=10 + 40 * etapes),
                motif="À sa demande",
            )
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def chrono(etiquette, fonction):
    debut = time.perf_counter()
    resultat = fonction()
    print(f"{etiquette} : {time.perf_counter() - debut:.1f} s")
    return resultat


def connexions_pendant_la_verification(lecture, nombre: int) -> None:
    """The check in a background thread (as the task runs it: on a snapshot of a SQLite base), and ``nombre``
    sign-ins meanwhile through the sign-in page, each timed (each writes its session and last login)."""
    import threading

    from django.conf import settings
    from django.test import Client

    from plie.instantane import sur_un_instantane
    from plie.models import User

    settings.ALLOWED_HOSTS = ["*"]
    compte, _ = User.objects.get_or_create(email="banc@essai.plie.fr", defaults={"role": "financeur"})
    compte.set_password(MOT_DE_PASSE)
    compte.save()
    fini = threading.Event()

    def verifier():
        try:
            with sur_un_instantane() as copie:
                print(f"  vérification sur une copie de la base : {'oui' if copie else 'non'}")
                Moteur(lecture, source="banc.xlsx").executer(enregistrer=False)
        finally:
            from django.db import connections

            connections.close_all()
            fini.set()

    fil = threading.Thread(target=verifier)
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
    print(f"vérification avec {nombre} connexions pendant : {time.perf_counter() - debut:.1f} s")


MOT_DE_PASSE = "cheval batterie agrafe correcte bleue soleil maison"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcours", type=int, default=5000)
    parser.add_argument("--etapes", type=int, default=4)
    parser.add_argument(
        "--connexions", type=int, default=0, help="time this many sign-ins during the check (SQLite), then stop"
    )
    arguments = parser.parse_args()
    contenu = chrono("fichier écrit", lambda: fichier(arguments.parcours, arguments.etapes))
    print(f"  {len(contenu) / 1e6:.1f} Mo")
    lecture = chrono("fichier lu", lambda: lire([("banc.xlsx", contenu)]))
    print(f"  {sum(len(f.lignes) for f in lecture.feuilles.values())} lignes")
    if arguments.connexions:
        connexions_pendant_la_verification(lecture, arguments.connexions)
        return
    for enregistrer in (False, True):
        moteur = Moteur(lecture, source="banc.xlsx")
        bilan = chrono(
            "enregistrement" if enregistrer else "vérification (aperçu)",
            lambda moteur=moteur, enregistrer=enregistrer: moteur.executer(enregistrer=enregistrer),
        )
        print(f"  {bilan.erreurs} ligne(s) en erreur, enregistré : {bilan.enregistre}")
    print(f"mémoire (pic) : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()
