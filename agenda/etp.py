"""A référent's ETP over a period, from their ETP history (``ReferentEtp``: from a date, an ETP, until the next):
each ETP weighs the days of the period it holds — the month's expected time (agenda/temps.py) and the year's
average that divides a référent's cost (agenda/couts.py)."""

import datetime
from decimal import Decimal


def jours_etp(historique: list[tuple[datetime.date, Decimal]], debut: datetime.date, fin: datetime.date) -> Decimal:
    """The sum, over the days from ``debut`` to ``fin``, of each day's ETP (``historique``: (from, ETP) ordered
    by date; before its first row, 0)."""
    somme = Decimal(0)
    for rang, (depuis, etp) in enumerate(historique):
        jusqua = historique[rang + 1][0] - datetime.timedelta(days=1) if rang + 1 < len(historique) else fin
        de, a = max(depuis, debut), min(jusqua, fin)
        if de <= a:
            somme += etp * ((a - de).days + 1)
    return somme


def etp_moyen(historique: list[tuple[datetime.date, Decimal]], debut: datetime.date, fin: datetime.date) -> Decimal:
    """The average of each day's ETP from ``debut`` to ``fin``."""
    return jours_etp(historique, debut, fin) / ((fin - debut).days + 1)
