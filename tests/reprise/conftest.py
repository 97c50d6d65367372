import pytest

from participants.models import GroupePrescripteur, Prescripteur, StructurePorteuse
from plie.enums import Role
from tests.plie.factories import UserFactory


@pytest.fixture
def organisation(db):
    """What the referentials of a PLIE adopting the product hold: a structure porteuse and a prescripteur."""
    structure = StructurePorteuse.objects.create(nom="Maison de l'emploi")
    groupe = GroupePrescripteur.objects.first()
    prescripteur = Prescripteur.objects.create(nom="France Travail Dijon Nord", groupe=groupe)
    return {"structure": structure, "prescripteur": prescripteur}


@pytest.fixture
def animation(db):
    return UserFactory(role=Role.ANIMATION, is_staff=True)
