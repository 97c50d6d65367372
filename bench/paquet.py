"""Time the controller's package (fse/controle/paquet.py) on the database DATABASE_URL names (a demo base,
``seed_demo --echelle N``): a sample of 10 then 30 participations of the FSE operation with the most participations
of the latest year, produced as the task does; prints the time, the SQL query count, the ZIP's size and files.

    DATABASE_URL=postgres://… .venv/bin/python bench/paquet.py
"""

import os
import resource
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fse import services  # noqa: E402
from fse.participations import operations_fse, periode  # noqa: E402
from plie.models import User  # noqa: E402


def main():
    operation = operations_fse().annotate(n=Count("participations")).order_by("-annee", "-n").first()
    debut, fin = periode(operation)
    animation = User.objects.get(email="animation@demo.plie.fr")
    for taille in (10, 30):
        with transaction.atomic():
            paquet = services.paquet_demander(
                operation=operation, debut=debut, fin=fin, taille=taille, graine=1, par=animation
            )
        debut_chrono = time.perf_counter()
        with CaptureQueriesContext(connection) as requetes:
            paquet = services.paquet_produire(paquet.pk)
        duree = time.perf_counter() - debut_chrono
        fichiers = len(zipfile.ZipFile(paquet.fichier.path).namelist())
        taille_kio = os.path.getsize(paquet.fichier.path) / 1024
        print(
            f"{operation} ({operation.n} participations) : paquet de {taille} en {duree:.1f} s, "
            f"{len(requetes.captured_queries)} requêtes, {taille_kio:.0f} Kio, {fichiers} fichiers"
        )
    print(f"mémoire (pic) : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()
