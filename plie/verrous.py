"""Time closed by a layer above: a référent's month whose time statement is validated (agenda/temps.py). A service
of a lower layer — the entretien's, in parcours — asks here before writing what that month counts, without
importing the layer that closes it; that layer registers its check when the application loads."""

import datetime
from collections.abc import Callable

_VERIFICATIONS: list[Callable[[int | None, datetime.date], None]] = []


def enregistrer(verification: Callable[[int | None, datetime.date], None]) -> None:
    """``verification(referent_id, date)`` raises a ValidationError, in French, when that time is closed."""
    if verification not in _VERIFICATIONS:
        _VERIFICATIONS.append(verification)


def verifier_temps(referent_id: int | None, date: datetime.date) -> None:
    for verification in _VERIFICATIONS:
        verification(referent_id, date)
