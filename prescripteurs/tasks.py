from celery import shared_task
from django.utils import timezone

from prescripteurs.bilan import BilanIncomplet, bilan_mensuel_envoyer, mois_precedent


@shared_task(name="prescripteurs.bilan_mensuel", autoretry_for=(BilanIncomplet,), retry_backoff=600, max_retries=6)
def bilan_mensuel() -> int:
    """Monthly (the 2nd): the past month's summary to each subscribed prescriber; idempotent, so a retry after a
    mail server's refusal sends only what is missing."""
    return bilan_mensuel_envoyer(periode=mois_precedent(timezone.localdate()))
