"""The 2017 letters of the demo base are those the first wave's code gave: moving a rule changes no figure."""

import datetime

import pytest

from demo.generateur import GenerateurDemo
from tests.reporting import lettres_reference

pytestmark = pytest.mark.django_db


def test_les_douze_lettres_de_2017_sont_celles_de_reference():
    GenerateurDemo(seed=1, echelle=1.0, jusqua=datetime.date(2017, 12, 31)).executer()
    attendues, obtenues = lettres_reference.reference(), lettres_reference.lettres()
    assert sorted(obtenues) == sorted(attendues)
    for cle in attendues:  # one letter at a time, so that a difference names its month and perimeter
        assert obtenues[cle] == attendues[cle], cle
