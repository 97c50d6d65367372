"""Shared by the models: dates, ages, the active base, the file active."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from participants.models import Referent

DUREE_MAX_VEILLE = relativedelta(months=2)


AGE_MINIMUM_ENTREE = 16


def _date_fr(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def dates_futures(objet, champs) -> dict[str, str]:
    """The errors of the past facts dated after today (Europe/Paris): ``champs`` are field names."""
    aujourdhui = timezone.localdate()
    return {
        champ: f"Cette date ne peut pas être postérieure à aujourd'hui ({_date_fr(aujourdhui)})."
        for champ in champs
        if getattr(objet, champ) and getattr(objet, champ) > aujourdhui
    }


def q_file_active(*, au: datetime.date, prefixe: str = "") -> Q:
    """In the file active at ``au``: entered on or before, not exited on or before (docs/indicateurs.md).

    ``prefixe`` reaches the parcours from another model (``"parcours__"``).
    """
    return Q(**{f"{prefixe}date_entree__lte": au}) & (
        Q(**{f"{prefixe}date_sortie__isnull": True}) | Q(**{f"{prefixe}date_sortie__gt": au})
    )


def q_accompagnes(*, debut: datetime.date, fin: datetime.date, prefixe: str = "") -> Q:
    """Accompanied during [debut, fin]: entered by ``fin`` and not exited before ``debut``."""
    return Q(**{f"{prefixe}date_entree__lte": fin}) & (
        Q(**{f"{prefixe}date_sortie__isnull": True}) | Q(**{f"{prefixe}date_sortie__gte": debut})
    )


def debut_base_active(aujourdhui: datetime.date | None = None) -> datetime.date:
    """Parcours that ended before this date have left the active base (RGPD): référents no longer see them."""
    return (aujourdhui or timezone.localdate()) - relativedelta(years=settings.RGPD_BASE_ACTIVE_ANNEES)


def _referents_de(user):
    return Referent.objects.agissant_pour(user, au=timezone.localdate())
