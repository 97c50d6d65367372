"""The alerts of the whole PLIE on the 1st, the 15th and the last day of a month: how many of each kind, counted
in the database (what the dashboards show) and listed in full (what the référents' homes show) — the two must be
equal, and no count may swing with the day of the month.

    DATABASE_URL=… .venv/bin/python bench/alertes.py [--mois 2025-06]
"""

import argparse
import calendar
import collections
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from parcours import alertes  # noqa: E402
from parcours.models import Parcours  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mois", default="2025-06")
    annee, mois = (int(x) for x in parser.parse_args().mois.split("-"))
    jours = [1, 15, calendar.monthrange(annee, mois)[1]]
    print(f"{Parcours.objects.count()} parcours ; alertes des {', '.join(map(str, jours))}/{mois:02d}/{annee}")
    codes = [*alertes.TITRES]
    print("| alerte | " + " | ".join(f"{j:02d}/{mois:02d}" for j in jours) + " |")
    print("|---|" + "---|" * len(jours))
    resultats = {}
    for jour in jours:
        au = datetime.date(annee, mois, jour)
        debut = time.perf_counter()
        comptes = {code: sum(c.values()) for code, c in alertes.comptes(au=au).items()}
        listees = collections.Counter(a.code for a in alertes.alertes(au=au))
        ecarts = {code for code in codes if comptes.get(code, 0) != listees.get(code, 0)}
        resultats[jour] = comptes
        etat = "égaux" if not ecarts else f"DIFFÉRENTS : {sorted(ecarts)}"
        print(f"  au {au:%d/%m/%Y} : comptés et listés {etat} ({time.perf_counter() - debut:.1f} s)", file=sys.stderr)
    for code in codes:
        print(f"| {alertes.TITRES[code]} | " + " | ".join(str(resultats[j].get(code, 0)) for j in jours) + " |")


if __name__ == "__main__":
    main()
