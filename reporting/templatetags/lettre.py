"""Display of the letter's figures: whole numbers rounded half up, French separators, "–" for a missing rate."""

from django import template

from reporting.indicateurs.arrondi import entier as _entier
from reporting.indicateurs.arrondi import un_decimal as _un_decimal
from reporting.indicateurs.commentaires import nombre

register = template.Library()


@register.filter
def entier(valeur):
    return "–" if valeur is None else nombre(valeur)


@register.filter
def pct(valeur):
    return "–" if valeur is None else f"{_entier(valeur)}\u00a0%"


@register.filter
def jours(valeur):
    return "–" if valeur is None else f"{nombre(valeur)}\u00a0j"


@register.filter
def mois_court(numero):
    return ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."][
        int(numero) - 1
    ]


@register.filter
def element(liste, indice):
    return liste[indice]


@register.filter
def euros(valeur):
    return "–" if valeur is None else f"{nombre(valeur)}\u00a0€"


@register.filter
def un_chiffre(valeur):
    """One decimal, French comma: 17,7."""
    return "–" if valeur is None else f"{_un_decimal(valeur):.1f}".replace(".", ",")


@register.filter
def valeur(valeur, format_):
    """A figure in the format its table declares: nombre, pourcentage, decimal, euros."""
    return {"pourcentage": pct, "decimal": un_chiffre, "euros": euros}.get(format_, entier)(valeur)
