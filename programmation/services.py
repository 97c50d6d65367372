"""Writes of the programmation: an operation and its funding, saved together or not at all."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from plie.formats import euros
from programmation.models import Financement, Financeur, Operation


@transaction.atomic
def operation_enregistrer(*, operation: Operation, financements: dict[Financeur, Decimal | None]) -> Operation:
    """Save the operation and its funding by funder (an empty or zero amount removes that funder's line). The
    funding may not exceed the planned budget."""
    total = sum((montant for montant in financements.values() if montant), Decimal("0"))
    if total > operation.budget_prevu:
        raise ValidationError(
            f"Les financements ({euros(total)}) dépassent le budget prévisionnel ({euros(operation.budget_prevu)})."
        )
    operation.full_clean()
    operation.save()
    for financeur, montant in financements.items():
        if montant:
            Financement.objects.update_or_create(
                operation=operation, financeur=financeur, defaults={"montant": montant}
            )
        else:
            Financement.objects.filter(operation=operation, financeur=financeur).delete()
    return operation


@transaction.atomic
def operation_supprimer(*, operation: Operation) -> None:
    """Delete an operation that no étape or aid refers to; its funding goes with it."""
    if operation.etapes.exists() or operation.aides.exists():
        raise ValidationError(
            "Cette opération est rattachée à des étapes de parcours ou à des aides individuelles : elle ne peut "
            "pas être supprimée. Rattachez-les d'abord à une autre opération."
        )
    operation.delete()
