"""Where the engine reads its heavy counts: the interface both sources keep — the live queries
(``reporting.indicateurs.requetes``) and the monthly summaries' readers (``reporting.syntheses``). Each gives the
same results for the same period and perimeter; ``reporting.chiffres`` chooses which one answers. mypy checks that
both modules follow it (``bin/test``)."""

from typing import Protocol

from reporting.indicateurs.periode import Periode
from reporting.indicateurs.requetes import Perimetre


class Source(Protocol):
    def compteurs_par_referent(
        self, periode: Periode, perimetre: Perimetre, *, structure: bool = False
    ) -> dict[int, dict]: ...

    def entrees_par_mois(self, periode: Periode, perimetre: Perimetre) -> list[dict]: ...

    def file_active_par_mois(self, periode: Periode, perimetre: Perimetre) -> dict: ...

    def etapes_par_type_et_mois(self, periode: Periode, perimetre: Perimetre) -> list[dict]: ...

    def sorties_par_motif_et_mois(self, periode: Periode, perimetre: Perimetre) -> list[dict]: ...
