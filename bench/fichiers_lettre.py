"""Time the letter's files (issue #16) on the database DATABASE_URL names (a demo base: ``seed_demo --seed 1
--jusqua 2017-12-31``):

    DATABASE_URL=sqlite:///… .venv/bin/python bench/fichiers_lettre.py [--mois 1,4,7,12] [--toutes]

1. The draft page (the structure d'animation's preview): first view (charts drawn), then the next ones (charts
   read from the cache by their data).
2. The PDF of each month and audience: internal, funders', a structure porteuse's, a référent's (``--toutes``: one
   per structure and one per référent), charts cached as at publication.
3. A whole publication's files (every audience, PDF + Excel + page), as the task renders them.
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
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from plie.enums import Role  # noqa: E402
from plie.models import User  # noqa: E402
from reporting.chiffres import calculer  # noqa: E402
from reporting.indicateurs import Periode  # noqa: E402
from reporting.lettre import audiences, excel, pour_la_variante, rendu  # noqa: E402
from reporting.lettre.variantes import arrondie_pour  # noqa: E402


def chrono(fonction) -> float:
    debut = time.perf_counter()
    fonction()
    return time.perf_counter() - debut


def page_du_brouillon(periode: Periode):
    settings.ALLOWED_HOSTS = ["*"]
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": static}  # no collectstatic needed
    client = Client()
    client.force_login(User.objects.filter(role=Role.ANIMATION).first())
    url = f"/lettres/{periode.annee}/{periode.mois}/brouillon/"
    cache.clear()
    premiere = chrono(lambda: client.get(url))
    suivantes = [chrono(lambda: client.get(url)) for _ in range(3)]
    print(f"Brouillon de {periode.libelle} : 1re vue {premiere:.2f} s, suivantes {statistics.median(suivantes):.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mois", default="1,4,7,12")
    parser.add_argument("--toutes", action="store_true")
    options = parser.parse_args()
    mois = [int(m) for m in options.mois.split(",")]
    page_du_brouillon(Periode(2017, mois[-1]))
    for m in mois:
        lettre = calculer(Periode(2017, m))
        variantes = audiences(lettre)
        if not options.toutes:
            structure = next(v for v in variantes if v.startswith("structures-"))
            referent = next(v for v in variantes if v.startswith("referent-"))
            variantes = ["interne", "financeurs", structure, referent]
        rendu.pdf(pour_la_variante(lettre, "interne"))  # charts drawn and cached, as by the first file
        temps = {v: chrono(lambda v=v, lettre=lettre: rendu.pdf(pour_la_variante(lettre, v))) for v in variantes}
        detail = ", ".join(f"{v} {t:.2f} s" for v, t in list(temps.items())[:4])
        print(f"PDF de {m:02d}/2017 : {detail} ; médiane {statistics.median(temps.values()):.2f} s")
    lettre = calculer(Periode(2017, mois[-1]))
    cache.clear()
    toutes = audiences(lettre)

    def publication():
        for v in toutes:
            rendu.pdf(pour_la_variante(lettre, v))
            excel.classeur(arrondie_pour(lettre, v))
            rendu.html(pour_la_variante(lettre, v))

    print(
        f"Publication de {mois[-1]:02d}/2017 : {len(toutes)} destinataires, {3 * len(toutes)} fichiers en "
        f"{chrono(publication):.1f} s"
    )


if __name__ == "__main__":
    main()
