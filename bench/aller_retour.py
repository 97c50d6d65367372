"""The round trip of issue #18 on a whole demo base: its letters, the base exported in the import's template, the
parcours emptied (referentials, structures, prescripteurs, programmation and objectives kept), the file imported,
the letters again — compared for every month of the last complete year, whole PLIE and each référent.

    DATABASE_URL=sqlite:///… .venv/bin/python bench/aller_retour.py [--annee 2025]

on a base built by ``seed_demo --jusqua 2025-12-31`` (the year compared must be complete in the base).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from parcours.models import Parcours  # noqa: E402
from plie.enums import Role  # noqa: E402
from plie.models import User  # noqa: E402
from reprise.export import exporter  # noqa: E402
from reprise.lecture import lire  # noqa: E402
from reprise.models import Import  # noqa: E402
from reprise.moteur import Moteur  # noqa: E402
from tests.reprise import test_aller_retour as aller_retour  # noqa: E402
from tests.reprise.outils import vider_les_parcours  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--annee", type=int, default=2025)
    aller_retour.ANNEE = parser.parse_args().annee
    print(f"année comparée : {aller_retour.ANNEE}, {Parcours.objects.count()} parcours")
    debut = time.perf_counter()
    avant = aller_retour.lettres()
    print(f"lettres avant : {len(avant)} ({time.perf_counter() - debut:.0f} s)")
    debut = time.perf_counter()
    contenu, personnes = exporter()
    print(f"export : {time.perf_counter() - debut:.1f} s, {len(contenu) / 1e6:.1f} Mo, {len(personnes)} personnes")
    vider_les_parcours()
    debut = time.perf_counter()
    # The structure d'animation imports, as on the screen: the « Données FSE » rows need an acting user.
    animation = User.objects.filter(role=Role.ANIMATION, is_active=True).order_by("pk").first()
    # In batches, journaled, as the import's task commits (reprise/lots.py).
    origine = Import.objects.create(
        jeton=f"aller-retour-{time.time_ns()}", nom_fichier="export.xlsx", cree_par=animation
    )
    moteur = Moteur(lire([("export.xlsx", contenu)]), par=animation, source="export.xlsx", import_origine=origine)
    bilan = moteur.executer(enregistrer=True)
    duree = time.perf_counter() - debut
    print(f"import : {duree:.0f} s, {bilan.lignes} lignes, {bilan.erreurs} en erreur, enregistré : {bilan.enregistre}")
    apres = aller_retour.lettres()
    differentes = [cle for cle in avant if apres.get(cle) != avant[cle]]
    print(f"lettres identiques : {len(avant) - len(differentes)} / {len(avant)}")
    for cle in differentes[:5]:
        print("  différente :", cle)


if __name__ == "__main__":
    main()
