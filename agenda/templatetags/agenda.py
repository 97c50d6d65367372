from django import template

register = template.Library()


@register.filter
def duree(minutes) -> str:
    """90 -> « 1 h 30 », 45 -> « 45 min », 120 -> « 2 h »."""
    minutes = int(minutes or 0)
    heures, reste = divmod(minutes, 60)
    if not heures:
        return f"{reste}\u00a0min"
    return f"{heures}\u00a0h\u00a0{reste:02d}" if reste else f"{heures}\u00a0h"


@register.filter
def euros_centimes(montant) -> str:
    """1 153 000,50 € (cents kept: an amount claimed from the FSE)."""
    from plie.formats import euros

    return "—" if montant is None else euros(montant)
