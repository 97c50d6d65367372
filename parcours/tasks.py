from celery import shared_task

from parcours.anonymisation import anonymiser


@shared_task(name="parcours.anonymiser")
def anonymiser_archives() -> dict:
    """Scheduled weekly (Sunday night); what is already anonymised is skipped, so a second run changes nothing."""
    bilan = anonymiser(executer=True)
    return {"participants": bilan.participants, "prescriptions": bilan.prescriptions}
