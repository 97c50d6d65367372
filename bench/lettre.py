"""Time the indicator engine and the letter's PDF on the database DATABASE_URL names.

    DATABASE_URL=postgres://… .venv/bin/python bench/lettre.py --mois 2017-06 [--repetitions 5] [--sans-pdf]
        [--en-direct]

On PostgreSQL the engine reads its monthly summaries when they are up to date (``manage.py syntheses`` builds
them); ``--en-direct`` times the live queries instead.

Prints the number of SQL queries, the best and median engine times, and the PDF time. Goals (issue #5): engine
under 100 ms at demo scale and under 500 ms at national scale (--echelle 100); PDF under 5 s at demo scale.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from parcours.models import Parcours  # noqa: E402
from reporting import syntheses  # noqa: E402
from reporting.chiffres import calculer  # noqa: E402
from reporting.indicateurs import Periode  # noqa: E402
from reporting.lettre import pour_la_variante, rendu  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mois", default="2017-06")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--sans-pdf", action="store_true")
    parser.add_argument("--en-direct", action="store_true", help="ignorer les synthèses mensuelles")
    options = parser.parse_args()
    if options.en_direct:
        settings.SYNTHESES_ACTIVES = False
    periode = Periode.depuis_texte(options.mois)
    print(f"Base : {connection.vendor}, {Parcours.objects.count()} parcours ; lettre de {periode.libelle}")
    with CaptureQueriesContext(connection) as requetes:
        lettre = calculer(periode)
    source = "synthèses mensuelles" if syntheses.a_jour(periode) else "requêtes en direct"
    print(f"Requêtes SQL du moteur : {len(requetes)} ({source})")
    durees = []
    for _ in range(options.repetitions):
        debut = time.perf_counter()
        lettre = calculer(periode)
        durees.append((time.perf_counter() - debut) * 1000)
    print(f"Moteur : meilleur {min(durees):.0f} ms, médiane {statistics.median(durees):.0f} ms")
    if not options.sans_pdf:
        debut = time.perf_counter()
        contenu = rendu.pdf(pour_la_variante(lettre, "interne"))
        print(f"PDF : {time.perf_counter() - debut:.2f} s ({len(contenu) // 1024} Kio)")


if __name__ == "__main__":
    main()
