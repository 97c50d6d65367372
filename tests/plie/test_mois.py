"""Delays in months (plie/mois.py): the same day n months later, or that month's last day when it has no such day;
the whole months between two days; the database's bound — each checked over every day of several years."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from plie.mois import debut_au_plus_tard, mois_apres, mois_revolus

D = datetime.date


def jours(debut: datetime.date, fin: datetime.date):
    jour = debut
    while jour <= fin:
        yield jour
        jour += datetime.timedelta(days=1)


def test_mois_apres_comme_relativedelta():
    # The fast month arithmetic of the rules (bilans, 12-month window of the interim cumul) is relativedelta's,
    # month ends and leap days included.
    for jour in jours(D(2019, 1, 1), D(2025, 12, 31)):
        for mois in (-12, -1, 6, 12, 18, 24, 30):
            assert mois_apres(jour, mois) == jour + relativedelta(months=mois), (jour, mois)


@pytest.mark.parametrize(
    ("debut", "mois", "fin"),
    [
        (D(2016, 2, 29), 12, D(2017, 2, 28)),  # a leap day: the end of February of the next year
        (D(2016, 1, 30), 1, D(2016, 2, 29)),
        (D(2017, 1, 30), 1, D(2017, 2, 28)),
        (D(2016, 8, 31), 6, D(2017, 2, 28)),  # under 25: six months from 31 August
        (D(2016, 12, 31), 6, D(2017, 6, 30)),
        (D(2016, 3, 1), 12, D(2017, 3, 1)),
    ],
)
def test_un_delai_finit_le_dernier_jour_du_mois_qui_n_a_pas_le_jour(debut, mois, fin):
    assert mois_apres(debut, mois) == fin
    assert mois_revolus(debut, fin) == mois
    assert mois_revolus(debut, fin - datetime.timedelta(days=1)) == mois - 1
    assert debut_au_plus_tard(fin, mois) >= debut


def test_la_borne_de_la_base_dit_la_meme_chose_que_le_delai():
    """``debut <= debut_au_plus_tard(au, n)`` exactly when the delay of n months from ``debut`` has ended by ``au``
    (every start and every end of 2016-2017, for 1, 6, 12 and 30 months)."""
    for au in jours(D(2016, 12, 20), D(2017, 3, 10)):
        for mois in (1, 6, 12, 30):
            borne = debut_au_plus_tard(au, mois)
            for debut in jours(
                mois_apres(au, -mois) - datetime.timedelta(days=5), mois_apres(au, -mois) + datetime.timedelta(days=5)
            ):
                assert (debut <= borne) is (mois_apres(debut, mois) <= au), (debut, mois, au)
                assert (debut <= borne) is (mois_revolus(debut, au) >= mois), (debut, mois, au)
