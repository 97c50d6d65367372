"""The elements of a parcours (étapes, entretiens, veilles, aides): saved after every model rule, deleted when
mistaken (the history keeps the deleted record, who deleted it and when)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from parcours import droits
from parcours.models import AideIndividuelle, Entretien, Etape, Veille

ELEMENTS = (Etape, Entretien, Veille, AideIndividuelle)


@transaction.atomic
def element_enregistrer(*, element, par):
    """Save an étape, entretien, veille or aide, after every model rule, on a parcours ``par`` may change."""
    if not isinstance(element, ELEMENTS):
        raise ValidationError("Élément de parcours inconnu.")
    if element.parcours_id:
        droits.verifier_modifiable(par, element.parcours)
    element.full_clean()
    element.save()
    return element


@transaction.atomic
def element_supprimer(*, element, par) -> None:
    """Delete a mistaken étape, entretien, veille or aide of a parcours ``par`` may change."""
    if not isinstance(element, ELEMENTS):
        raise ValidationError("Élément de parcours inconnu.")
    droits.verifier_modifiable(par, element.parcours)
    try:
        element.delete()
    except ProtectedError:
        raise ValidationError(
            "Cette étape justifie une dérogation 55 ans et plus : elle ne peut pas être supprimée."
        ) from None
