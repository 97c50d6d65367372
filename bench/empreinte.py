"""The figures a change must not move, as one JSON document: every letter of a year (each month, December being the
annual letter; whole PLIE and each référent), the dashboards of its last month (structure d'animation, each structure
porteuse, each référent) and the FSE+ indicator table of each operation of the year. Run it before and after a
change on the same base and compare the two files (``cmp``, or ``diff`` for what moved):

    DATABASE_URL=… .venv/bin/python bench/empreinte.py --annee 2025 --au 2025-12-20 > avant.json

Times of computation (« calculés le … ») are left out: they say when, not what.
"""

import argparse
import dataclasses
import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import models  # noqa: E402

from fse import indicateurs as fse_indicateurs  # noqa: E402
from fse.models import Participation  # noqa: E402
from fse.participations import operations_fse  # noqa: E402
from participants.models import Referent, StructurePorteuse  # noqa: E402
from reporting import chiffres, tableaux  # noqa: E402
from reporting.indicateurs import Periode  # noqa: E402


def en_json(valeur):
    """Every value as JSON, whatever it is: records by their label and key, times left out."""
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        return en_json(dataclasses.asdict(valeur))
    if isinstance(valeur, dict):
        return {str(k): en_json(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple | set | frozenset):
        return [en_json(v) for v in valeur]
    if isinstance(valeur, models.QuerySet):
        return [en_json(v) for v in valeur]
    if isinstance(valeur, models.Model):
        return f"{valeur._meta.label}:{valeur.pk}"
    if isinstance(valeur, datetime.datetime):
        return "<heure>"
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return str(valeur)
    if valeur is None or isinstance(valeur, bool | int | float | str):
        return valeur
    return str(valeur)


def lettres(annee: int) -> dict:
    referents = list(Referent.objects.order_by("pk").values_list("pk", flat=True))
    resultat = {}
    for periode in [Periode(annee, mois) for mois in range(1, 13)]:  # December is the annual letter
        resultat[f"{periode}"] = chiffres.calculer(periode).chiffres_json()
        for pk in referents:
            resultat[f"{periode} référent {pk}"] = chiffres.calculer(periode, [pk]).chiffres_json()
    return resultat


def tableaux_de_bord(annee: int, au: datetime.date) -> dict:
    periode = Periode(annee, 12)
    resultat = {"animation": tableaux.tableau_animation(periode, au)}
    for structure in StructurePorteuse.objects.order_by("pk"):
        ids = list(structure.referents.values_list("pk", flat=True))
        resultat[f"structure {structure.pk}"] = tableaux.tableau_structures(periode, ids, au)
    for referent in Referent.objects.order_by("pk"):
        resultat[f"référent {referent.pk}"] = tableaux.tableau_referent(referent, periode, au)
    return resultat


def tableaux_fse(annee: int) -> dict:
    debut, fin = datetime.date(annee, 1, 1), datetime.date(annee, 12, 31)
    resultat = {}
    for operation in operations_fse().filter(annee=annee).order_by("pk"):
        lignes = fse_indicateurs.avec_lignes(
            Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
        )
        resultat[f"opération {operation.pk}"] = fse_indicateurs.tableau(lignes, debut=debut, fin=fin)
    return resultat


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--annee", type=int, default=2025)
    parser.add_argument("--au", default=None, help="the day the dashboards' alerts are computed for (AAAA-MM-JJ)")
    options = parser.parse_args()
    au = datetime.date.fromisoformat(options.au) if options.au else datetime.date(options.annee, 12, 20)
    empreinte = {
        "lettres": lettres(options.annee),
        "tableaux de bord": tableaux_de_bord(options.annee, au),
        "FSE+": tableaux_fse(options.annee),
    }
    json.dump(en_json(empreinte), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
