"""Who may change a parcours: one answer, read by the services (which refuse) and by the views (which show what
the user may do). The perimeter — which parcours a user sees at all — is the querysets' (``visibles_par``); this
is the rule inside it: a parcours that has exited is changed only by the structure d'animation, whoever asks —
a screen, the import of the old tool's data or a command run without a user.

Every service takes the acting user as a required ``par=``; ``par=None`` is written on purpose by a command run
on the server (or the import without ``--utilisateur``). Its one meaning: the server acts for the structure
d'animation on what is open (a prescription, a transfer, a commission decision), but a change to what has closed
— a parcours that has exited, its exit, the identity of a person whose parcours have all exited — needs a named
user of the structure d'animation, so that the record says who reopened it."""

from django.core.exceptions import PermissionDenied

from parcours.enums import StatutCommission
from plie import access


def peut_modifier(user, parcours) -> bool:
    """Whether ``user`` may change ``parcours`` (its elements, entry, diagnostic, référent): an open parcours,
    or any for the structure d'animation."""
    return parcours.date_sortie is None or access.est_animation(user)


def peut_deposer(user, parcours) -> bool:
    """Whether ``user`` may file a document on ``parcours``: whoever follows it (its référent, their cover, the
    structure d'animation), also after the exit — the exit's proof comes then, and a control reads exited
    parcours — until the person enters again: a former référent then no longer acts on the person."""
    if access.est_animation(user):
        return True
    if not parcours.suivi_par(user):
        return False
    return (
        parcours.date_sortie is None
        or not parcours.participant.parcours.filter(date_entree__gt=parcours.date_entree).exists()
    )


def peut_corriger_sortie(user, parcours) -> bool:
    """An exit the commission sent back is corrected by whoever follows the parcours; any other, only by the
    structure d'animation (named: a command without a user may not reopen an exit)."""
    return bool(parcours.date_sortie) and (
        parcours.sortie_commission == StatutCommission.RENVOYEE or access.est_animation(user)
    )


def peut_annuler_sortie(user, parcours) -> bool:
    """A mistaken exit is cancelled by the structure d'animation only."""
    return bool(parcours.date_sortie) and access.est_animation(user)


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
