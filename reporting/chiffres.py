"""Where the figures come from: the one module that decides whether the engine reads the monthly summaries (up to
date, PostgreSQL) or computes live, and then asks for a refresh. Screens, letters, commands call ``calculer`` here;
the engine (``reporting.indicateurs``) only computes from the source it is given."""

from reporting import syntheses
from reporting.indicateurs import DonneesLettre, Periode, requetes
from reporting.indicateurs import calculer as calculer_avec
from reporting.indicateurs.requetes import Perimetre
from reporting.indicateurs.source import Source


def source_pour(periode: Periode) -> Source:
    """The summaries' readers when they may be read for ``periode``; otherwise the live queries, and a refresh is
    asked for."""
    if syntheses.a_jour(periode):
        return syntheses
    syntheses.demander_actualisation()
    return requetes


def calculer(periode: Periode, perimetre: Perimetre = None, *, structure: bool = False) -> DonneesLettre:
    return calculer_avec(periode, perimetre, structure=structure, source=source_pour(periode))
