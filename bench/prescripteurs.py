"""Time the prescribers' figures (``reporting.indicateurs.prescripteurs.retour``) and their page's list on the
database DATABASE_URL names (a demo base, at any ``--echelle``):

    DATABASE_URL=sqlite:///… .venv/bin/python bench/prescripteurs.py [--annee 2026] [--repetitions 7]

For the organisation with the most prescriptions: its year, its busiest month, and all organisations together;
then the prescriber's list (``prescriptions_suivies`` read into ``suivi`` rows, every page of 50). Prints the best
and median times and the SQL query count of one run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from parcours.models import Prescription  # noqa: E402
from participants.models import ContactPrescripteur  # noqa: E402
from plie.enums import Role  # noqa: E402
from prescripteurs.suivi import prescriptions_suivies, suivi  # noqa: E402
from reporting.indicateurs.periode import fin_du_mois  # noqa: E402
from reporting.indicateurs.prescripteurs import retour  # noqa: E402


def mesurer(libelle, fonction, repetitions):
    durees, nombres = [], []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as requetes:
            debut = time.perf_counter()
            resultat = fonction()
            durees.append((time.perf_counter() - debut) * 1000)
        nombres.append(len(requetes))
    print(
        f"{libelle:52} meilleur {min(durees):7.1f} ms, médiane {statistics.median(durees):7.1f} ms, "
        f"{nombres[-1]:3} requêtes"
    )
    return resultat


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--annee", type=int, default=timezone.localdate().year)
    parser.add_argument("--repetitions", type=int, default=7)
    options = parser.parse_args()
    annee, n = options.annee, options.repetitions
    organisation = (
        Prescription.objects.filter(date_prescription__year=annee)
        .values("prescripteur_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if organisation is None:
        sys.exit(f"Aucune prescription en {annee} : chargez d'abord une base de démonstration.")
    pk = organisation["prescripteur_id"]
    mois = (
        Prescription.objects.filter(date_prescription__year=annee, prescripteur_id=pk)
        .values_list("date_prescription__month", flat=True)
        .order_by()
    )
    plein = statistics.mode(mois)
    print(f"{Prescription.objects.count()} prescriptions ; l'organisation n° {pk} en a {organisation['n']} en {annee}")
    debut, fin = datetime.date(annee, 1, 1), datetime.date(annee, 12, 31)
    mesurer(f"retour, l'organisation, {annee}", lambda: retour(prescripteur_id=pk, debut=debut, fin=fin), n)
    mesurer(
        f"retour, l'organisation, mois {plein:02d}",
        lambda: retour(prescripteur_id=pk, debut=datetime.date(annee, plein, 1), fin=fin_du_mois(annee, plein)),
        n,
    )
    mesurer(
        f"retour, toutes les organisations, {annee}", lambda: retour(prescripteur_id=None, debut=debut, fin=fin), n
    )
    contact = ContactPrescripteur.objects.filter(prescripteur_id=pk, utilisateur__role=Role.PRESCRIPTEUR).first()
    if contact is None:  # the busiest organisation has no account: the list of the one that has
        contact = (
            ContactPrescripteur.objects.filter(utilisateur__role=Role.PRESCRIPTEUR, utilisateur__is_active=True)
            .order_by("pk")
            .first()
        )
        if contact is None:
            print("(aucun compte prescripteur dans la base : pas de liste à mesurer)")
            return
        print(f"(liste mesurée pour l'organisation du compte {contact.utilisateur_id}, la plus active n'en a pas)")
    compte = contact.utilisateur
    lignes = mesurer(
        "liste du prescripteur, toutes les lignes suivies",
        lambda: [suivi(ligne) for ligne in prescriptions_suivies(compte).order_by("-date_prescription", "-pk")],
        n,
    )
    print(f"{len(lignes)} prescriptions suivies")


if __name__ == "__main__":
    main()
