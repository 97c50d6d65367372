"""The twelve 2017 letters of the demo base (seed 1), whole PLIE and one structure's perimeter, as JSON.

The reference file was written by the code of the first wave, before the rules moved into the services: the
letters must not change when a rule moves. Written again only on purpose:
``DJANGO_SETTINGS_MODULE=plie.settings.test python -m tests.reporting.lettres_reference --ecrire``
(on a database where ``seed_demo --seed 1 --jusqua 2017-12-31`` was run).
"""

import gzip
import json
import pathlib

FICHIER = pathlib.Path(__file__).parent / "donnees" / "lettres-2017-graine-1.json.gz"
STRUCTURE = "Association Parcours et Compétences"  # the perimeter: this structure porteuse's référents


def lettres() -> dict:
    from participants.models import Referent
    from reporting.indicateurs import Periode, calculer, contrat

    perimetre = sorted(Referent.objects.filter(structure__nom=STRUCTURE).values_list("pk", flat=True))
    assert perimetre, f"aucun référent dans la structure {STRUCTURE}"
    resultat = {}
    for mois in range(1, 13):
        periode = Periode(2017, mois)
        resultat[f"2017-{mois:02d}"] = json.loads(json.dumps(contrat(calculer(periode)), default=str))
        resultat[f"2017-{mois:02d} {STRUCTURE}"] = json.loads(
            json.dumps(contrat(calculer(periode, perimetre)), default=str)
        )
    return resultat


def reference() -> dict:
    with gzip.open(FICHIER, "rt", encoding="utf-8") as fichier:
        return json.load(fichier)


if __name__ == "__main__":
    import sys

    import django

    django.setup()
    if "--ecrire" not in sys.argv:
        sys.exit("Ajoutez --ecrire pour réécrire le fichier de référence.")
    texte = json.dumps(lettres(), ensure_ascii=False, indent=1, sort_keys=True)
    FICHIER.write_bytes(gzip.compress(texte.encode(), compresslevel=9, mtime=0))
    print(f"{FICHIER} écrit.")
