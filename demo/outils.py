"""Small helpers of the demo generator: random draws, dates, bulk inserts."""

import calendar
import datetime
import io
import math
import random
from decimal import ROUND_DOWN, Decimal

from django.db import connection

from demo.parametres import BATCH


def _poids(rng: random.Random, options: dict):
    cles = list(options)
    return rng.choices(cles, weights=[options[c] for c in cles])[0]


def _jours(date: datetime.date, n: float) -> datetime.date:
    return date + datetime.timedelta(days=int(n))


def _debut_mois(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def _fin_mois(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _mois_suivant(date: datetime.date) -> datetime.date:
    return date.replace(year=date.year + 1, month=1) if date.month == 12 else date.replace(month=date.month + 1)


def _valeur_copy(valeur) -> str:
    """One value in PostgreSQL's COPY CSV format: unquoted empty for NULL, quoted text otherwise."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "t" if valeur else "f"
    if isinstance(valeur, str):
        return '"' + valeur.replace('"', '""') + '"'
    return str(valeur)


def _inserer(modele, lignes: list[dict]) -> None:
    """Insert rows given as field values, whose primary keys are not needed back.

    On PostgreSQL (the national-scale case) through COPY, without building model instances.
    """
    if not lignes:
        return
    if connection.vendor != "postgresql":
        modele.objects.bulk_create([modele(**ligne) for ligne in lignes], batch_size=BATCH)
        return
    champs = list(lignes[0])
    tampon = io.StringIO()
    for ligne in lignes:
        tampon.write(",".join(_valeur_copy(ligne[champ]) for champ in champs))
        tampon.write("\n")
    tampon.seek(0)
    colonnes = ", ".join(connection.ops.quote_name(modele._meta.get_field(c).column) for c in champs)
    table = connection.ops.quote_name(modele._meta.db_table)
    with connection.cursor() as curseur:
        curseur.copy_expert(f"COPY {table} ({colonnes}) FROM STDIN WITH (FORMAT csv)", tampon)


def _champs(objet) -> dict:
    return {f.attname: getattr(objet, f.attname) for f in objet._meta.concrete_fields if not f.primary_key}


def _euros(milliers: float) -> Decimal:
    return Decimal(round(milliers * 1000))


def _repartir(total: Decimal, poids: list[float]) -> list[Decimal]:
    somme = sum(poids) or 1
    # Rounded down, so that the last share (the remainder) is never negative.
    parts = [(total * Decimal(str(p / somme))).quantize(Decimal("1"), rounding=ROUND_DOWN) for p in poids[:-1]]
    return parts + [total - sum(parts, Decimal(0))]


def _poisson(rng: random.Random, moyenne: float) -> int:
    seuil, k, produit = math.exp(-moyenne), 0, rng.random()
    while produit > seuil:
        k += 1
        produit *= rng.random()
    return k


def _slug(texte: str) -> str:
    from plie.texte import alphanumerique

    return alphanumerique(texte)
