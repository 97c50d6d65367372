"""Time the FSE+ operation's indicator table and its export on the database DATABASE_URL names (a demo base:
``seed_demo --seed 1 --jusqua 2017-12-31``, at any ``--echelle``):

    DATABASE_URL=sqlite:///… .venv/bin/python bench/fse.py [--annee 2017] [--operation ID] [--repetitions 5]

The operation is the year's largest FSE-funded portage operation (the most participations), unless ``--operation``
names one. Prints the number of participations, then the best and median times and the SQL query count of:

1. ``synchroniser(operations=[op])`` on a synchronised base (what every page reading participations pays), and
   on the first run (the operation's participations removed in a transaction rolled back afterwards);
2. the table: ``avec_lignes`` over the participations present in the operation's period, then ``tableau``;
3. ``export.produire`` of an xlsx ``ExportFse`` over that period (created here, deleted afterwards).
"""

import argparse
import contextlib
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fse import export as export_fse  # noqa: E402
from fse import indicateurs, participations  # noqa: E402
from fse.enums import FormatExport  # noqa: E402
from fse.models import ExportFse, Participation  # noqa: E402
from parcours.models import Parcours  # noqa: E402
from programmation.enums import NatureOperation  # noqa: E402


def mesurer(libelle, fonction, repetitions, preparer=None):
    """Run ``fonction`` ``repetitions`` times (each inside ``preparer``'s context when given); print the best and
    median times and the SQL queries of one run; return the last result."""
    durees, nombres = [], []
    for _ in range(repetitions):
        with preparer() if preparer else contextlib.nullcontext():
            with CaptureQueriesContext(connection) as requetes:
                debut = time.perf_counter()
                resultat = fonction()
                durees.append((time.perf_counter() - debut) * 1000)
            nombres.append(len(requetes))
    variable = "" if len(set(nombres)) == 1 else f" ({min(nombres)}–{max(nombres)})"
    print(
        f"{libelle:48} meilleur {min(durees):7.0f} ms, médiane {statistics.median(durees):7.0f} ms, "
        f"{nombres[-1]:3} requêtes{variable}"
    )
    return resultat


class SansParticipations:
    """A transaction in which the operation has no participation yet, rolled back on leaving."""

    def __init__(self, operation):
        self.operation = operation
        self.atomique = transaction.atomic()

    def __enter__(self):
        self.atomique.__enter__()
        Participation.objects.filter(operation=self.operation).delete()

    def __exit__(self, *erreur):
        transaction.set_rollback(True)
        return self.atomique.__exit__(*erreur)


def choisir_operation(annee: int):
    """The year's FSE portage operations synchronised, the one with the most participations."""
    portages = list(
        participations.operations_fse().filter(annee=annee, nature=NatureOperation.PORTAGE_REFERENTS).order_by("pk")
    )
    if not portages:
        sys.exit(f"Aucune opération de portage financée par le FSE en {annee}.")
    debut = time.perf_counter()
    with CaptureQueriesContext(connection) as requetes:
        changees = participations.synchroniser(operations=portages)
    print(
        f"Synchronisation des {len(portages)} opérations de portage de {annee} : "
        f"{time.perf_counter() - debut:.2f} s, {len(requetes)} requêtes, {changees} participations écrites"
    )
    comptes = participations.operations_fse().filter(pk__in=[o.pk for o in portages])
    return comptes.annotate(n=Count("participations")).order_by("-n", "pk").first()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annee", type=int, help="année des opérations de portage (défaut : la dernière programmée)")
    parser.add_argument("--operation", type=int, help="identifiant de l'opération (défaut : la plus grande)")
    parser.add_argument("--repetitions", type=int, default=5)
    options = parser.parse_args()
    if options.operation:
        operation = participations.operations_fse().get(pk=options.operation)
        participations.synchroniser(operations=[operation])
    else:
        annee = options.annee or participations.operations_fse().aggregate(a=Max("annee"))["a"]
        operation = choisir_operation(annee)
    debut, fin = participations.periode(operation)
    presentes = Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
    print(f"Base : {connection.vendor}, {Parcours.objects.count()} parcours")
    print(
        f"Opération : {operation.intitule} ({operation.annee}, n° {operation.pk}), du {debut:%d/%m/%Y} au "
        f"{fin:%d/%m/%Y} : {Participation.objects.filter(operation=operation).count()} participations, "
        f"{presentes.count()} présentes sur la période"
    )
    n = options.repetitions

    mesurer("Synchronisation, base à jour", lambda: participations.synchroniser(operations=[operation]), n)
    ecrites = mesurer(
        "Synchronisation, premier passage",
        lambda: participations.synchroniser(operations=[operation]),
        n,
        preparer=lambda: SansParticipations(operation),
    )
    print(f"  (premier passage : {ecrites} participations créées)")

    def tableau():
        rows = indicateurs.avec_lignes(
            Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
        )
        return rows, indicateurs.tableau(rows, debut=debut, fin=fin)

    rows = mesurer(
        "Lignes (avec_lignes)",
        lambda: indicateurs.avec_lignes(
            Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
        ),
        n,
    )
    mesurer("Tableau seul (tableau, lignes en mémoire)", lambda: indicateurs.tableau(rows, debut=debut, fin=fin), n)
    rows, resultat = mesurer("Lignes et tableau", tableau, n)
    print(f"  ({len(rows)} lignes ; {resultat.entrees} entrées, {resultat.sorties} sorties sur la période)")

    export = ExportFse.objects.create(
        jeton=secrets.token_hex(16), operation=operation, debut=debut, fin=fin, format=FormatExport.XLSX
    )
    try:
        contenu, extension, _personnes, lignes = mesurer(
            "Export xlsx (produire)", lambda: export_fse.produire(export), n
        )
        print(f"  ({lignes} lignes, {extension}, {contenu.size // 1024} Kio)")
    finally:
        export.delete()


if __name__ == "__main__":
    main()
