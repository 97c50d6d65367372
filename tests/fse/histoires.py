"""Hand-built FSE+ histories: operations funded by the FSE, étapes attached to them."""

import datetime
from decimal import Decimal

from parcours.models import Etape
from programmation.enums import NatureOperation
from programmation.models import Financement, Financeur, Operation
from tests.reporting.histoires import J, etape

__all__ = ["J", "action", "etape_dans", "portage", "sans_fse"]


def _operation(annee, intitule, nature, *, structure=None, fse="10000", debut=None, fin=None):
    operation = Operation.objects.create(
        annee=annee,
        intitule=intitule,
        porteur="Porteur",
        nature=nature,
        structure=structure,
        budget_prevu=Decimal("100000"),
        date_debut=debut,
        date_fin=fin,
    )
    if fse is not None:
        Financement.objects.create(
            operation=operation, financeur=Financeur.objects.get(est_fse=True), montant=Decimal(fse)
        )
    return operation


def portage(structure, annee=2017, **champs):
    """The year's FSE-funded portage operation of a structure porteuse."""
    intitule = champs.pop("intitule", f"Accompagnement {structure.nom} {annee}")
    return _operation(annee, intitule, NatureOperation.PORTAGE_REFERENTS, structure=structure, **champs)


def action(intitule="Atelier mobilité", annee=2017, **champs):
    """An FSE-funded action for participants."""
    return _operation(annee, intitule, NatureOperation.ACTIONS_PARTICIPANTS, **champs)


def sans_fse(intitule="Chantier local", annee=2017, fse=None):
    """An operation the FSE does not fund (no financement, or a zero one with ``fse="0"``)."""
    return _operation(annee, intitule, NatureOperation.ACTIONS_PARTICIPANTS, fse=fse)


def etape_dans(operation, un_parcours, debut: datetime.date, fin: datetime.date | None = None, type_code="coaching"):
    nouvelle = etape(un_parcours, debut, fin, type_code=type_code)
    Etape.objects.filter(pk=nouvelle.pk).update(operation=operation)
    return nouvelle
