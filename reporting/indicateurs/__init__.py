"""The indicator engine: every figure the PLIE publishes is computed here (docs/indicateurs.md)."""

from reporting.indicateurs.lettre import calculer
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.schema import Lettre, contrat

__all__ = ["Lettre", "Periode", "calculer", "contrat"]
