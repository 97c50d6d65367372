"""A contact changed — an entretien, written by a service of parcours; a collective session, by the agenda's — or
the people of some parcours were anonymised: the layers above that hold something about them (the émargement
sheets, agenda/emargement) are told without being imported. They register when the application loads."""

from collections.abc import Callable

_SUIVIS: list[Callable[..., None]] = []
_EFFACEMENTS: list[Callable[[list[int]], None]] = []


def enregistrer(suivi: Callable[..., None]) -> None:
    """``suivi(contact, par=user)`` runs inside the transaction of the change, after the contact is saved."""
    if suivi not in _SUIVIS:
        _SUIVIS.append(suivi)


def modifie(contact, *, par) -> None:
    for suivi in _SUIVIS:
        suivi(contact, par=par)


def enregistrer_effacement(effacement: Callable[[list[int]], None]) -> None:
    """``effacement(parcours_ids)`` runs inside the anonymisation's transaction: what names those people goes."""
    if effacement not in _EFFACEMENTS:
        _EFFACEMENTS.append(effacement)


def personnes_effacees(parcours_ids: list[int]) -> None:
    for effacement in _EFFACEMENTS:
        effacement(parcours_ids)
