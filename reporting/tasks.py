from celery import shared_task

from reporting.lettre import fichiers
from reporting.lettre.fichiers import ESSAIS, TACHE_FICHIER


@shared_task(name=TACHE_FICHIER, bind=True, max_retries=ESSAIS - 1)
def produire_fichier(self, fichier_id: int, refaire: bool = False) -> str:
    """Render one file of a published letter (a format for an audience) from its snapshot and store it.
    Idempotent: a file already produced is left as it is unless ``refaire``; retried with a growing delay, then
    marked failed with its reason."""
    essai = self.request.retries + 1
    while True:
        try:
            return fichiers.produire(fichier_id, refaire=refaire, essai=essai)
        except fichiers.NouvelEssai as erreur:
            if not self.request.is_eager:  # the worker: tried again later, the worker free meanwhile
                raise self.retry(countdown=5 * 2 ** (essai - 1), exc=erreur.__cause__) from None
            essai += 1  # in process (the embedded mode, tests): tried again at once


@shared_task(name="reporting.actualiser_syntheses")
def actualiser_syntheses() -> int | None:
    """Refresh the engine's monthly summaries (asked for when a letter finds them stale, and every night)."""
    from plie import actualisations
    from reporting import syntheses

    with actualisations.executer(syntheses.NOM):
        return syntheses.actualiser()


@shared_task(name="reporting.compter_alertes")
def compter_alertes() -> int:
    """Count the alerts across référents for the dashboards (asked when a dashboard finds them older than a
    minute)."""
    from reporting import alertes_comptees

    return alertes_comptees.actualiser()
