"""Statuses that move only through declared transitions, each move recorded with who and when.

A ``Machine`` is one status field of one model and the table of its allowed moves (``(from, to)`` pairs, with the
French name of the move). A service changes a status only by ``machine.passer(objet, vers, par=...)``: a move the
table does not hold raises a ``ValidationError`` in French and changes nothing; an allowed one sets the field and,
once the record is saved, writes one row to the machine's journal (who, when, from, to). Staying in the same status
is not a move. The tables themselves live beside the statuses they govern (``parcours/statuts.py``); docs/
architecture.md says how to add one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import signals
from django.utils import timezone

AUCUN = ""  # the status of a record that has none yet (created, or an exit not recorded)


@dataclass(frozen=True)
class Transition:
    depuis: str
    vers: str
    nom: str  # the move, as a user reads it: « valider », « renvoyer au référent »


@dataclass(frozen=True)
class Machine:
    """One status field and its allowed moves. ``journal``: the model that records each move, and the name of its
    foreign key to the record (``ChangementStatut``, "parcours")."""

    nom: str  # the machine's name, as stored in the journal
    titre: str  # what the status is, in French: « l'entrée en commission »
    modele: type
    champ: str
    libelles: dict[str, str]
    transitions: tuple[Transition, ...]
    journal: tuple[type, str]
    _par_paire: dict[tuple[str, str], Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_par_paire", {(t.depuis, t.vers): t for t in self.transitions})
        inconnus = {s for t in self.transitions for s in (t.depuis, t.vers)} - set(self.libelles)
        if inconnus:
            raise ValueError(f"{self.nom} : états sans libellé {sorted(inconnus)}")
        signals.post_save.connect(_journaliser, sender=self.modele, dispatch_uid=f"statuts-{self.nom}", weak=False)
        MACHINES[self.nom] = self

    def libelle(self, statut: str) -> str:
        return self.libelles.get(statut, statut)

    def permise(self, depuis: str, vers: str) -> bool:
        return depuis == vers or (depuis, vers) in self._par_paire

    def suivants(self, depuis: str) -> list[str]:
        """The statuses a record in ``depuis`` may move to."""
        return [t.vers for t in self.transitions if t.depuis == depuis]

    def passer(self, objet, vers: str, *, par) -> Transition | None:
        """Move ``objet`` to ``vers``, or refuse. The move is journaled when ``objet`` is next saved."""
        depuis = getattr(objet, self.champ)
        if depuis == vers:
            return None
        transition = self._par_paire.get((depuis, vers))
        if transition is None:
            raise ValidationError(
                f"{self.titre[0].upper()}{self.titre[1:]} ne peut pas passer de « {self.libelle(depuis)} » à "
                f"« {self.libelle(vers)} ».",
                code="transition_refusee",
            )
        setattr(objet, self.champ, vers)
        _en_attente(objet).append((self, depuis, vers, getattr(par, "pk", None), timezone.now()))
        return transition


MACHINES: dict[str, Machine] = {}


def _en_attente(objet) -> list:
    if "_statuts_en_attente" not in objet.__dict__:
        objet.__dict__["_statuts_en_attente"] = []
    return objet.__dict__["_statuts_en_attente"]


def _journaliser(sender, instance, **kwargs) -> None:
    """After the save of a record whose status moved: one journal row per move (an unsaved move is not one)."""
    attente = instance.__dict__.pop("_statuts_en_attente", None)
    if not attente:
        return
    for machine, depuis, vers, par_id, le in attente:
        modele, cle = machine.journal
        modele.objects.create(
            machine=machine.nom, depuis=depuis, vers=vers, par_id=par_id, le=le, **{f"{cle}_id": instance.pk}
        )
