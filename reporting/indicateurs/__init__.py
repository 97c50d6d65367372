"""The indicator engine: every figure the PLIE publishes is computed here (docs/indicateurs.md)."""

from reporting.indicateurs.lettre import calculer, contrat
from reporting.indicateurs.periode import Periode

__all__ = ["Periode", "calculer", "contrat"]
