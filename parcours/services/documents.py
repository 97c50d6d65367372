"""A participant's documents: checked, stored privately, removed when mistaken (the history keeps the record)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parcours.models import Document, Parcours
from plie.fichiers import JPEG, MEGA, PDF, PNG, verifier_fichier

TYPES_ACCEPTES = (PDF, PNG, JPEG)
TAILLE_MAX = 10 * MEGA


@transaction.atomic
def document_ajouter(*, parcours: Parcours, fichier, nature: str, libelle: str = "", par) -> Document:
    """A document uploaded on an open parcours by whoever acts on it (its référent, their cover, the structure
    d'animation): a former référent of the person, or anyone on a closed parcours, is refused."""
    if parcours.date_sortie:
        raise ValidationError({"parcours": "Ce parcours est sorti : un document se dépose sur un parcours en cours."})
    if not parcours.suivi_par(par):
        raise PermissionDenied("Seuls le référent du parcours et la structure d'animation y déposent un document.")
    try:
        verifier_fichier(fichier, types=TYPES_ACCEPTES, taille_max=TAILLE_MAX)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.messages}) from None
    document = Document(
        participant_id=parcours.participant_id, parcours=parcours, nature=nature, libelle=libelle, fichier=fichier
    )
    document.televerse_par = par
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_supprimer(*, document: Document, par) -> None:
    """Remove the record and, once the transaction commits, the stored file: the référent of the open parcours,
    or the structure d'animation whatever the parcours."""
    if not document.supprimable_par(par):
        raise PermissionDenied(
            "Seuls le référent du parcours en cours et la structure d'animation suppriment un document."
        )
    fichier = document.fichier
    document.delete()
    if fichier:
        transaction.on_commit(lambda: fichier.storage.delete(fichier.name))
