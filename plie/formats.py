"""French formatting of numbers: a narrow no-break space between thousands, a comma for decimals."""

from decimal import ROUND_HALF_UP, Decimal


def milliers(entier: int) -> str:
    """1 153 000."""
    return f"{entier:,}".replace(",", "\u202f")


def euros(montant) -> str:
    """1 153 000 €, or 1 153 000,50 € when there are cents."""
    valeur = Decimal(montant).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    entier, centimes = divmod(valeur, 1)
    texte = milliers(int(entier))
    if centimes:
        texte += f",{int(centimes * 100):02d}"
    return f"{texte}\u00a0€"


def nombre(valeur) -> str:
    """58, 52,5 or 1 153: a count or a decimal, one decimal place when it is not whole."""
    valeur = Decimal(valeur).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    entier, reste = divmod(valeur, 1)
    return milliers(int(entier)) + (f",{int(reste * 10)}" if reste else "")


def pluriel(nombre_: int) -> str:
    """The French plural mark: none for 0 and 1."""
    return "s" if nombre_ > 1 else ""
