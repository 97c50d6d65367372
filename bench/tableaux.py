"""Time the dashboards (issue #6) and the alert rules on the database DATABASE_URL names.

    DATABASE_URL=postgres://… .venv/bin/python bench/tableaux.py --mois 2017-12 --au 2017-12-20

Prints, for the structure d'animation's dashboard, one structure porteuse's (the largest) and one référent's,
the time and the number of SQL queries; and the time of each alert rule over the whole PLIE.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from parcours import alertes  # noqa: E402
from parcours.models import Parcours, Prescription  # noqa: E402
from participants.models import Referent, StructurePorteuse  # noqa: E402
from reporting import tableaux  # noqa: E402
from reporting.indicateurs import Periode  # noqa: E402


def mesurer(libelle, fonction):
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        fonction()
        duree = time.perf_counter() - debut
    print(f"{libelle:45} {duree:7.2f} s  {len(requetes):3} requêtes")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mois", default="2017-12")
    parser.add_argument("--au", default="2017-12-20", help="the day the alerts are computed for (AAAA-MM-JJ)")
    options = parser.parse_args()
    periode, au = Periode.depuis_texte(options.mois), datetime.date.fromisoformat(options.au)
    print(f"Base : {connection.vendor}, {Parcours.objects.count()} parcours ; {periode.libelle}, alertes au {au}")
    structure = StructurePorteuse.objects.annotate(n=Count("referents")).order_by("-n").first()
    ids = list(structure.referents.values_list("pk", flat=True))
    referent = Referent.objects.filter(pk__in=ids).first()
    mesurer("Tableau de bord de la structure d'animation", lambda: tableaux.tableau_animation(periode, au))
    mesurer(f"Structure porteuse ({len(ids)} référents)", lambda: tableaux.tableau_structures(periode, ids, au))
    mesurer("Un référent", lambda: tableaux.tableau_referent(referent, periode, au))
    for regle in alertes.REGLES:
        mesurer(f"  alerte {regle.__name__}", lambda regle=regle: regle(Parcours.objects.all(), au=au))
    mesurer(
        "  alerte prescriptions_en_attente",
        lambda: alertes.prescriptions_en_attente(Prescription.objects.all(), au=au),
    )


if __name__ == "__main__":
    main()
