"""Random histories of parcours (hypothesis strategies) and their building: the engine's property tests and the
summaries' equivalence test draw from them."""

import datetime

from hypothesis import strategies as st

from parcours.models import MotifSortie
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import J, etape, non_entree, parcours, transferer, veille

DEBUT = J(2016, 1, 1)
JOURS = (J(2017, 12, 31) - DEBUT).days


un_parcours = st.fixed_dictionaries(
    {
        "entree": st.integers(0, JOURS),
        "duree": st.one_of(st.none(), st.integers(0, 500)),
        "motif": st.sampled_from(["emploi_durable", "emploi_aide", "formation_qualifiante", "sante", "autre"]),
        "referent": st.integers(0, 2),
        "etape": st.one_of(st.none(), st.tuples(st.integers(0, 200), st.one_of(st.none(), st.integers(0, 200)))),
        "veille": st.one_of(st.none(), st.tuples(st.integers(0, 300), st.integers(0, 60))),
        "transfert": st.one_of(st.none(), st.tuples(st.integers(1, 300), st.integers(0, 2))),
    }
)
histoires = st.lists(un_parcours, max_size=12)
non_entrees = st.lists(st.tuples(st.integers(0, JOURS), st.integers(0, 2)), max_size=4)


def _jour(n: int) -> datetime.date:
    return DEBUT + datetime.timedelta(days=n)


def construire(histoire, refus):
    referents = [ReferentFactory() for _ in range(3)]
    MotifSortie.objects.get(code="sante")  # the referentials are there
    for un in histoire:
        entree = _jour(un["entree"])
        sortie = entree + datetime.timedelta(days=un["duree"]) if un["duree"] is not None else None
        cree = parcours(referents[un["referent"]], entree, sortie=sortie, motif=un["motif"])
        if un["etape"]:
            debut = entree + datetime.timedelta(days=un["etape"][0])
            fin = debut + datetime.timedelta(days=un["etape"][1]) if un["etape"][1] is not None else None
            etape(cree, debut, fin)
        if un["veille"]:
            debut = entree + datetime.timedelta(days=un["veille"][0])
            veille(cree, debut, debut + datetime.timedelta(days=un["veille"][1]))
        if un["transfert"]:
            transferer(cree, referents[un["transfert"][1]], entree + datetime.timedelta(days=un["transfert"][0]))
    for jour, referent in refus:
        non_entree(referents[referent], _jour(jour))
