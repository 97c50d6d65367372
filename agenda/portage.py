"""The operation a référent's time serves by default: their structure's portage operation of the year."""

from participants.models import Referent
from programmation.enums import NatureOperation
from programmation.models import Operation


def operation_par_defaut(referent: Referent, annee: int) -> Operation | None:
    """The référent's portage operation of the year: the one their structure carries."""
    return (
        Operation.objects.filter(
            annee=annee, nature=NatureOperation.PORTAGE_REFERENTS, structure_id=referent.structure_id
        )
        .order_by("pk")
        .first()
    )
