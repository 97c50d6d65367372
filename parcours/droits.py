"""Who may change a parcours: one answer, read by the services (which refuse) and by the views (which show what
the user may do). The perimeter — which parcours a user sees at all — is the querysets' (``visibles_par``); this
is the rule inside it: a parcours that has exited is changed only by the structure d'animation, whoever asks —
a screen, the import of the old tool's data or a command run without a user (``par=None``)."""

from django.core.exceptions import PermissionDenied

from plie import access


def peut_modifier(user, parcours) -> bool:
    """Whether ``user`` may change ``parcours`` (its elements, entry, diagnostic, référent): an open parcours,
    or any for the structure d'animation."""
    return parcours.date_sortie is None or access.est_animation(user)


def verifier_animation(par, acte: str) -> None:
    """Refuse to anyone but the structure d'animation an act that is theirs (``acte``: « transfère un parcours »).
    A command or the import run on the server without a user (``par=None``) acts for it."""
    if par is not None and not access.est_animation(par):
        raise PermissionDenied(f"Seule la structure d'animation {acte}.")


def verifier_modifiable(par, parcours) -> None:
    """Refuse, with the reason, a change ``par`` may not make to ``parcours``."""
    if not peut_modifier(par, parcours):
        raise PermissionDenied(
            f"Ce parcours est sorti le {parcours.date_sortie:%d/%m/%Y} : seule la structure d'animation le modifie."
        )
