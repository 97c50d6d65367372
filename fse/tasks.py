from celery import shared_task

from fse import participations, services


@shared_task(name=services.TACHE_EXPORTER, time_limit=3600, soft_time_limit=3300)
def exporter(export_id: int) -> str:
    try:
        return services.export_produire(export_id).etat
    except Exception:  # noqa: BLE001 (recorded on the export; the error's text may hold personal data)
        services.export_echouer(export_id)
        return "echec"


@shared_task(name=services.TACHE_PAQUET, time_limit=3600, soft_time_limit=3300)
def paquet_controle(paquet_id: int) -> str:
    try:
        return services.paquet_produire(paquet_id).etat
    except Exception:  # noqa: BLE001 (recorded on the package; the error's text may hold personal data)
        services.paquet_echouer(paquet_id)
        return "echec"


@shared_task(name=participations.TACHE)
def synchroniser(annee: int | None = None) -> int:
    """The participations of the FSE operations, as the record gives them: every year's every night, and one
    year's when a page of the structure d'animation finds them older than a minute."""
    return participations.actualiser(annee=annee)


@shared_task(name="fse.purger")
def purger() -> int:
    return services.exports_purger()
