"""Delays counted in months, as the Code civil (art. 641) and the FSE+ count them: a delay of n months from a day
ends on the same day n months later, or on that month's last day when it has no such day — 29/02/2016 + 12 months
is 28/02/2017, 31/08 + 6 months the end of February, 31/12 + 6 months 30/06 (docs/fse.md). Every place the product
counts months uses these: long-term unemployment (FSE+), the « inscrit depuis plus d'un an » criterion, the
30-month alert, the six months of an employment exit, the point d'étape's due date."""

import calendar
import datetime


def mois_apres(jour: datetime.date, mois: int) -> datetime.date:
    """``jour`` plus ``mois`` months (negative: before): the same day, or the month's last day when it lacks it.
    Cheap (the alerts call it for every open parcours)."""
    rang = jour.month - 1 + mois
    annee, numero = jour.year + rang // 12, rang % 12 + 1
    if jour.day <= 28:  # every month has that day
        return datetime.date(annee, numero, jour.day)
    return datetime.date(annee, numero, min(jour.day, calendar.monthrange(annee, numero)[1]))


def mois_revolus(debut: datetime.date, fin: datetime.date) -> int:
    """The whole months from ``debut`` to ``fin``: the largest n whose delay from ``debut`` has ended by ``fin``."""
    n = (fin.year - debut.year) * 12 + fin.month - debut.month
    return n - 1 if mois_apres(debut, n) > fin else n


def debut_au_plus_tard(au: datetime.date, mois: int) -> datetime.date:
    """The latest day from which a delay of ``mois`` months has ended by ``au`` (a bound for the database: every
    start on or before it, none after). On the last day of a month, every later day of the month ``mois`` before
    counts too: from 29, 30 or 31 August, six months end on the last day of February."""
    avant = mois_apres(au, -mois)
    if au.day == calendar.monthrange(au.year, au.month)[1]:
        return avant.replace(day=calendar.monthrange(avant.year, avant.month)[1])
    return avant
