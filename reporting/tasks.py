from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction

from reporting.lettre import donnees_publiees, pour_la_variante, rendu
from reporting.models import FichierLettre, StatutFichier


@shared_task(name="reporting.produire_pdf")
def produire_pdf(fichier_id: int) -> str:
    """Render the PDF of a published letter for one audience. Running it again replaces the file: one row and one
    file per letter and variant."""
    with transaction.atomic():
        fichier = FichierLettre.objects.select_for_update().select_related("lettre").get(pk=fichier_id)
        fichier.statut, fichier.erreur = StatutFichier.EN_COURS, ""
        fichier.save(update_fields=["statut", "erreur", "mis_a_jour_le"])
    try:
        contenu = rendu.pdf(pour_la_variante(donnees_publiees(fichier.lettre), fichier.variante))
    except Exception as erreur:  # the page shows the reason and offers a retry
        fichier.statut = StatutFichier.ECHEC
        fichier.erreur = f"La production du PDF a échoué : {type(erreur).__name__}."
        fichier.save(update_fields=["statut", "erreur", "mis_a_jour_le"])
        return ""
    lettre = fichier.lettre
    nom = f"lettre-{lettre.annee}-{lettre.mois:02d}-v{lettre.numero}-{fichier.variante}.pdf"
    if fichier.fichier:
        fichier.fichier.delete(save=False)
    fichier.fichier.save(nom, ContentFile(contenu), save=False)
    fichier.statut = StatutFichier.TERMINE
    fichier.save(update_fields=["fichier", "statut", "mis_a_jour_le"])
    return fichier.fichier.name


@shared_task(name="reporting.actualiser_syntheses")
def actualiser_syntheses() -> int | None:
    """Refresh the engine's monthly summaries (asked for when a letter finds them stale)."""
    from django.core.cache import cache

    from reporting import syntheses

    cache.delete(syntheses.DEMANDEE)
    return syntheses.actualiser()
