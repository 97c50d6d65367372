import pytest

from participants.models import GroupePrescripteur, Prescripteur, StructurePorteuse


@pytest.fixture
def organisation(db):
    """What the referentials of a PLIE adopting the product hold: a structure porteuse and a prescripteur."""
    structure = StructurePorteuse.objects.create(nom="Maison de l'emploi")
    groupe = GroupePrescripteur.objects.first()
    prescripteur = Prescripteur.objects.create(nom="France Travail Dijon Nord", groupe=groupe)
    return {"structure": structure, "prescripteur": prescripteur}
