"""The employment-exit rule over compact day ranges equals the rule counted day by day, on random histories."""

import collections
import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parcours import sortie_emploi
from parcours.enums import RegleSortie
from parcours.sortie_emploi import FENETRE_CUMUL_MOIS, JOURS_CUMUL, EtapeEmploi, mois_apres

DEBUT = datetime.date(2015, 1, 1)  # 2016 is a leap year: windows across 29 February


def cumul_jour_par_jour(etapes, au):
    """The rule as first written: a set of every day worked, a window sliding day by day."""
    jours = set()
    for etape in etapes:
        jours.update(range(etape.debut.toordinal(), min(etape.fin or au, au).toordinal() + 1))
    fenetre = collections.deque()
    for jour in sorted(jours):
        fenetre.append(jour)
        limite = mois_apres(datetime.date.fromordinal(jour), -FENETRE_CUMUL_MOIS).toordinal()
        while fenetre[0] <= limite:
            fenetre.popleft()
        if len(fenetre) >= JOURS_CUMUL:
            date = datetime.date.fromordinal(jour)
            debut = datetime.date.fromordinal(fenetre[0])
            return date, tuple(e for e in etapes if e.debut <= date and (e.fin or au) >= debut)
    return None


def jours_des_douze_derniers_mois(etapes, au):
    debut_fenetre = mois_apres(au, -FENETRE_CUMUL_MOIS).toordinal() + 1
    jours = set()
    for e in etapes:
        jours.update(range(max(e.debut.toordinal(), debut_fenetre), min(e.fin or au, au).toordinal() + 1))
    return len(jours)


@st.composite
def une_etape(draw):
    debut = DEBUT + datetime.timedelta(days=draw(st.integers(0, 1300)))
    duree = draw(st.one_of(st.none(), st.integers(0, 250)))
    return EtapeEmploi(
        regle=RegleSortie.CUMUL_DOUZE_MOIS,
        libelle="Intérim",
        debut=debut,
        fin=None if duree is None else debut + datetime.timedelta(days=duree),
        heures=Decimal("35"),
    )


jours = st.integers(0, 1500).map(lambda n: DEBUT + datetime.timedelta(days=n))


@settings(max_examples=400, deadline=None)
@given(etapes=st.lists(une_etape(), max_size=14), au=jours)
def test_les_plages_donnent_le_meme_jour_et_les_memes_etapes_que_le_compte_jour_par_jour(etapes, au):
    assert sortie_emploi._cumul(etapes, au) == cumul_jour_par_jour(etapes, au)


@settings(max_examples=200, deadline=None)
@given(etapes=st.lists(une_etape(), max_size=14), au=jours)
def test_les_jours_cumules_du_dossier_sont_ceux_du_compte_jour_par_jour(etapes, au):
    suivi = sortie_emploi.suivi(etapes, au=au)
    attendus = jours_des_douze_derniers_mois(etapes, au)
    assert (suivi.jours_cumules if suivi else 0) == attendus


def test_des_missions_qui_se_touchent_ou_se_chevauchent_comptent_leurs_jours_une_fois():
    """January to mid-July 2016 worked without a break, in three missions: the 183rd day is 4 July (29 February
    counted once, the overlap once)."""
    interim = [
        EtapeEmploi(RegleSortie.CUMUL_DOUZE_MOIS, "Intérim", debut, fin, Decimal("35"))
        for debut, fin in (
            (datetime.date(2016, 1, 4), datetime.date(2016, 3, 31)),
            (datetime.date(2016, 4, 1), datetime.date(2016, 7, 15)),
            (datetime.date(2016, 3, 1), datetime.date(2016, 4, 10)),
        )
    ]
    date, justifiantes = sortie_emploi._cumul(interim, datetime.date(2016, 12, 31))
    assert date == datetime.date(2016, 7, 4)
    assert justifiantes == tuple(interim)
    assert sortie_emploi._cumul(interim, datetime.date(2016, 7, 3)) is None
