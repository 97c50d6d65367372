from celery import shared_task
from django.utils import timezone

from prescripteurs.bilan import bilan_mensuel_envoyer, mois_precedent


@shared_task(name="prescripteurs.bilan_mensuel")
def bilan_mensuel() -> int:
    """Monthly (the 2nd): the past month's summary to each subscribed prescriber; idempotent."""
    return bilan_mensuel_envoyer(periode=mois_precedent(timezone.localdate()))
