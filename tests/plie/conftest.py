"""The fixtures of the platform's tests."""

import pytest

from tests.plie.matrice import construire_monde


@pytest.fixture
def monde(db):
    """One object of each kind the URLs name, and an account of each role (tests/plie/matrice.py)."""
    return construire_monde()
