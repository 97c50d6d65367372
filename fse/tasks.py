from celery import shared_task

from fse import participations, services


@shared_task(name=services.TACHE_EXPORTER, time_limit=3600, soft_time_limit=3300)
def exporter(export_id: int) -> str:
    try:
        return services.export_produire(export_id).etat
    except Exception:  # noqa: BLE001 (recorded on the export; the error's text may hold personal data)
        services.export_echouer(export_id)
        return "echec"


@shared_task(name=participations.TACHE)
def synchroniser(depuis_annee: int | None = None) -> int:
    """The participations of every FSE operation, as the record gives them: every night, and (the current and
    previous years') when the structure d'animation's board finds them older than a minute."""
    return participations.actualiser(depuis_annee=depuis_annee)


@shared_task(name="fse.purger")
def purger() -> int:
    return services.exports_purger()
