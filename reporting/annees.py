"""The year a page shows: the choice offered, and the requested year checked against it (404 otherwise)."""

from django.http import Http404
from django.utils import timezone


def annees_depuis(premiere: int | None, *, derniere: int | None = None) -> list[int]:
    """From ``derniere`` (this year by default) down to ``premiere`` (the first year with data)."""
    derniere = derniere or timezone.localdate().year
    return list(range(derniere, min(premiere or derniere, derniere) - 1, -1))


def annee_choisie(valeur, annees: list[int]) -> int:
    try:
        annee = int(valeur)
    except (TypeError, ValueError):
        raise Http404("Année invalide.") from None
    if annee not in annees:
        raise Http404("Année hors de la période suivie.")
    return annee
