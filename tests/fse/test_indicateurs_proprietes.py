"""Properties of the FSE+ indicators on random histories: one labour-market status each, the ISCED groups and the
unknown level make the total, a parcours over two annual operations counts once in each, and the participations of
the year's entries agree with the annual statistics by sex."""

import datetime
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from fse.indicateurs import GENRES, STATUTS, avec_lignes, tableau
from fse.models import Participation
from fse.participations import synchroniser
from parcours.enums import SituationEmploi
from parcours.models import MotifSortie, Parcours
from participants.enums import NiveauFormation, Sexe
from participants.models import age_au
from reporting.indicateurs import annuel
from tests.fse.histoires import J, portage
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import etape, transferer

DEBUT = J(2016, 6, 1)
JOURS = (J(2018, 12, 31) - DEBUT).days
AUJOURD_HUI = J(2019, 3, 1)
ANNEES = (2017, 2018)

un_parcours = st.fixed_dictionaries(
    {
        "entree": st.integers(0, JOURS),
        "duree": st.one_of(st.none(), st.integers(0, 600)),
        "referent": st.integers(0, 2),
        "sexe": st.sampled_from(Sexe.values),
        "naissance": st.one_of(st.none(), st.dates(J(1950, 1, 1), J(2003, 12, 31))),
        "situation": st.sampled_from(SituationEmploi.values),
        "niveau": st.sampled_from(NiveauFormation.values),
        "inscription": st.one_of(st.none(), st.integers(0, 900)),
        "emploi": st.one_of(st.none(), st.integers(0, 400)),
        "transfert": st.one_of(st.none(), st.tuples(st.integers(1, 400), st.integers(0, 2))),
    }
)


def _jour(n: int) -> datetime.date:
    return DEBUT + datetime.timedelta(days=n)


def construire(histoire):
    """Three référents of two structures; each structure has its 2017 and 2018 portage operations."""
    premier = ReferentFactory()
    referents = [premier, ReferentFactory(structure=premier.structure), ReferentFactory()]
    operations = [portage(s, annee) for s in (premier.structure, referents[2].structure) for annee in ANNEES]
    motif = MotifSortie.objects.get(code="emploi_durable")
    for un in histoire:
        entree = _jour(un["entree"])
        sortie = entree + datetime.timedelta(days=un["duree"]) if un["duree"] is not None else None
        cree = ParcoursFactory(
            prescription__referent=referents[un["referent"]],
            date_entree=entree,
            date_sortie=sortie,
            motif_sortie=motif if sortie else None,
            participant__sexe=un["sexe"],
            participant__date_naissance=un["naissance"],
            age_entree=age_au(un["naissance"], entree) if un["naissance"] else None,
            situation_emploi=un["situation"],
            niveau_formation=un["niveau"],
            date_inscription_france_travail=(
                entree - datetime.timedelta(days=un["inscription"]) if un["inscription"] is not None else None
            ),
        )
        if un["emploi"] is not None:
            etape(cree, entree + datetime.timedelta(days=un["emploi"]))
        if un["transfert"]:
            transferer(cree, referents[un["transfert"][1]], entree + datetime.timedelta(days=un["transfert"][0]))
    synchroniser(aujourd_hui=AUJOURD_HUI)
    return operations


class TestInvariants(TestCase):
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(st.lists(un_parcours, max_size=10))
    def test_statuts_niveaux_et_annees(self, histoire):
        operations = construire(histoire)
        for operation in operations:
            rows = avec_lignes(Participation.objects.filter(operation=operation))
            for _, valeurs in rows:
                assert sum(valeurs[s] for s in STATUTS) == 1
            t = tableau(rows, debut=J(operation.annee, 1, 1), fin=J(operation.annee, 12, 31))
            compte = {i.cle: par_genre for i, par_genre, _ in t.lignes}
            for g in GENRES:
                total = compte["total"][g.value]
                assert sum(compte[s][g.value] for s in STATUTS) == total
                niveaux = ("cite_0_2", "cite_3_4", "cite_5_8", "cite_inconnu")
                assert sum(compte[n][g.value] for n in niveaux) == total
                assert compte["chomeur_longue_duree"][g.value] <= compte["chomeur"][g.value]
            assert t.entrees == len(rows)
        # A parcours in the same structure over both years: one participation in each year's operation.
        for un_parcours in Parcours.objects.all():
            par_operation = Counter(
                Participation.objects.filter(parcours=un_parcours).values_list("operation", flat=True)
            )
            assert set(par_operation.values()) <= {1}
            annees = Counter(
                Participation.objects.filter(parcours=un_parcours).values_list("operation__annee", flat=True)
            )
            sans_transfert = un_parcours.affectations.count() == 1
            for annee in ANNEES:
                present = un_parcours.date_entree <= J(annee, 12, 31) and (
                    un_parcours.date_sortie is None or un_parcours.date_sortie >= J(annee, 1, 1)
                )
                if sans_transfert:
                    assert annees[annee] == (1 if present else 0)
                else:
                    assert (annees[annee] >= 1) == present

    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(st.lists(un_parcours, max_size=10))
    def test_les_entrees_de_l_annee_par_sexe_egalent_les_statistiques(self, histoire):
        construire(histoire)
        for annee in ANNEES:
            entrees = (
                Participation.objects.filter(
                    operation__annee=annee,
                    operation__nature="portage_referents",
                    parcours__date_entree__year=annee,
                )
                .order_by()
                .values_list("parcours", "parcours__participant__sexe")
                .distinct()
            )
            par_sexe = Counter(sexe for _, sexe in entrees)
            (tableau_sexe,) = [t for t in annuel.statistiques(annee)["tableaux"] if t["cle"] == "entrees_sexe"]
            statistiques = {ligne["libelle"]: ligne["valeurs"][2] for ligne in tableau_sexe["lignes"]}
            assert statistiques == {libelle: par_sexe[sexe] for sexe, libelle in Sexe.choices}
