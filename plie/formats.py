"""French formatting of amounts for messages (templates use Django's localisation)."""

from decimal import ROUND_HALF_UP, Decimal


def euros(montant) -> str:
    """1 153 000 €, or 1 153 000,50 € when there are cents."""
    valeur = Decimal(montant).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    entier, centimes = divmod(valeur, 1)
    texte = f"{int(entier):,}".replace(",", "\u202f")
    if centimes:
        texte += f",{int(centimes * 100):02d}"
    return f"{texte}\u00a0€"
