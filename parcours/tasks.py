from celery import shared_task

from parcours.anonymisation import anonymiser
from parcours.services.prescriptions import pieces_jointes_purger


@shared_task(name="parcours.anonymiser")
def anonymiser_archives() -> dict:
    """Scheduled weekly (Sunday night); what is already anonymised is skipped, so a second run changes nothing."""
    bilan = anonymiser(executer=True)
    return {"participants": bilan.participants, "prescriptions": bilan.prescriptions}


@shared_task(name="parcours.purger_pieces_jointes")
def purger_pieces_jointes() -> int:
    """Nightly: erase the attachments of non-entries once their retention period is over (idempotent)."""
    return pieces_jointes_purger()
