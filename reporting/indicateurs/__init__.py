"""The indicator engine: every figure the PLIE publishes is computed here (docs/indicateurs.md)."""

from reporting.indicateurs.lettre import calculer
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.schema import DonneesLettre, contrat

__all__ = ["DonneesLettre", "Periode", "calculer", "contrat"]
