"""Rounding, once, for display: figures are computed unrounded; JSON and Excel carry one decimal, the PDF and the
screens whole numbers, both rounded half up (docs/indicateurs.md)."""

from decimal import ROUND_HALF_UP, Decimal


def _decimal(valeur) -> Decimal:
    # repr() is the shortest text that gives back the float: 0.15 stays 0.15, not 0.1499999…
    return valeur if isinstance(valeur, Decimal) else Decimal(repr(valeur))


def un_decimal(valeur) -> float | None:
    if valeur is None:
        return None
    return float(_decimal(valeur).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def entier(valeur) -> int | None:
    if valeur is None:
        return None
    return int(_decimal(valeur).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def taux(numerateur, denominateur) -> float | None:
    """A percentage, unrounded; None when the denominator is 0."""
    if not denominateur:
        return None
    return float(Decimal(numerateur) * 100 / Decimal(denominateur))


def arrondir(donnees):
    """The JSON contract of a letter computed at full precision: every float with one decimal, counts untouched."""
    if isinstance(donnees, dict):
        return {cle: arrondir(valeur) for cle, valeur in donnees.items()}
    if isinstance(donnees, list):
        return [arrondir(valeur) for valeur in donnees]
    if isinstance(donnees, float):
        return un_decimal(donnees)
    return donnees
