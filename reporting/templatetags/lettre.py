"""Display of the letter's figures: whole numbers rounded half up, French separators, "–" for a missing rate."""

from django import template

from reporting.indicateurs.arrondi import entier as _entier
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
