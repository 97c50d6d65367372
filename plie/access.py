"""Role rules of the access policy: who may do what, by role.

This module knows roles only; it imports no domain app. Each domain QuerySet scopes its objects for a user
(``Parcours.objects.visibles_par(user)``) using these rules.
"""

from plie.enums import Role

ROLES_DONNEES_PERSONNELLES = frozenset({Role.REFERENT, Role.ANIMATION})


def est_animation(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ANIMATION


def est_referent(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.REFERENT


def est_porteur(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.PORTEUR


def est_financeur(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.FINANCEUR


def peut_voir_donnees_personnelles(user) -> bool:
    """Only référents (within their scope) and the structure d'animation ever see a participant's data."""
    return user.is_authenticated and user.is_active and user.role in ROLES_DONNEES_PERSONNELLES
