"""Properties of the engine on random histories: stocks and flows agree, parts of a whole stay in 0-100."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from reporting.indicateurs import Periode, calculer, contrat
from tests.reporting.histoires_aleatoires import construire, histoires, non_entrees


def _parts(lettre):
    """Every share of a whole in the letter."""
    yield lettre["etapes"]["taux_participants_en_etape"]
    yield lettre["etapes"]["part_emplois_durables"]
    yield from (c["pourcentage"] for c in lettre["etapes"]["par_categorie"])
    yield from (m["pourcentage"] for m in lettre["non_entrees"]["par_motif"])
    yield from (g["pourcentage"] for g in lettre["prescriptions"]["par_groupe"])
    yield from (g["pourcentage_entrees"] for g in lettre["prescriptions"]["par_groupe"])
    sorties = lettre["sorties"]
    yield from (sorties[cle] for cle in ("taux_positives", "taux_positives_hors_neutralisees"))
    yield from (sorties[cle] for cle in ("part_positives_emploi", "part_positives_emploi_y_compris_aides"))
    yield from (m["pourcentage"] for m in sorties["par_motif"])
    for ligne in [lettre["total"], *lettre["referents"]]:
        yield ligne["taux_sorties_positives"]
        yield from (part["pourcentage"] for part in ligne["structure_file_active"].values())


class ProprietesDuMoteur(TestCase):
    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(histoire=histoires, refus=non_entrees, mois=st.integers(1, 12))
    def test_stocks_flux_et_parts(self, histoire, refus, mois):
        construire(histoire, refus)
        lettre = contrat(calculer(Periode(2017, mois), structure=True))
        total, sorties = lettre["total"], lettre["sorties"]

        # FA(end of M) = FA(end of M-1) + entries(M) - exits(M).
        series = lettre["series"]
        fa_avant = series["file_active"][mois - 2] if mois > 1 else series["file_active_annee_precedente"][11]
        if mois > 1:
            precedente = contrat(calculer(Periode(2017, mois - 1)))["sorties"]["total_cumul"]
        else:
            precedente = 0
        assert total["file_active"] == fa_avant + total["entrees_mois"] - (sorties["total_cumul"] - precedente)

        # Accompanied = FA at 31 December of the previous year + entries (cumul).
        assert total["accompagnes"] == series["file_active_annee_precedente"][11] + total["entrees_cumul"]

        # Positives + autres = exits; the rows add up to the total.
        assert sorties["positives_cumul"] + sorties["autres_cumul"] == sorties["total_cumul"]
        assert sum(m["nombre"] for m in sorties["par_motif"]) == sorties["total_cumul"]
        cles = ("entrees_cumul", "file_active", "accompagnes", "en_etape", "en_veille", "non_entrees_cumul")
        for cle in cles + ("sorties_cumul", "sorties_positives_cumul"):
            assert sum(ligne[cle] for ligne in lettre["referents"]) == total[cle]
        # The per-référent exits (dashboards) and the exits by motif (the letter) are the same exits.
        assert (total["sorties_cumul"], total["sorties_positives_cumul"]) == (
            sorties["total_cumul"],
            sorties["positives_cumul"],
        )
        for part in total["structure_file_active"].values():
            assert part["nombre"] <= total["file_active"]
        assert lettre["non_entrees"]["cumul"] == total["non_entrees_cumul"]
        assert series["entrees_cumul"][-1] == total["entrees_cumul"]

        # Shares of a whole within 0-100 or null.
        for part in _parts(lettre):
            assert part is None or 0 <= part <= 100
