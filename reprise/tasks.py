from celery import shared_task

from reprise import services
from reprise.models import EtatImport, Import


def _executer(objet_id: int, *, enregistrer: bool) -> str:
    objet = Import.objects.filter(pk=objet_id).first()
    if objet is None:
        return "absent"
    try:
        return services.executer(objet, enregistrer=enregistrer).etat
    except Exception as erreur:  # noqa: BLE001 (recorded on the import; the error's text may hold personal data)
        services.echouer(objet_id, erreur)
        return EtatImport.ECHEC


# A file of a whole PLIE (tens of thousands of rows, each through the services) may outlast the default limit.
LIMITE = {"time_limit": services.DUREE_MAX, "soft_time_limit": services.DUREE_MAX - 300}


@shared_task(name=services.TACHE_VERIFIER, **LIMITE)
def verifier(objet_id: int) -> str:
    return _executer(objet_id, enregistrer=False)


@shared_task(name=services.TACHE_ENREGISTRER, **LIMITE)
def enregistrer(objet_id: int) -> str:
    return _executer(objet_id, enregistrer=True)


@shared_task(name="reprise.purger")
def purger() -> int:
    return services.imports_purger()
