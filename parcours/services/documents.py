"""A participant's documents: checked, stored privately, removed when mistaken (the history keeps the record)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours.models import Document, Parcours
from participants.models import Participant
from plie.fichiers import JPEG, MEGA, PDF, PNG, verifier_fichier

TYPES_ACCEPTES = (PDF, PNG, JPEG)
TAILLE_MAX = 10 * MEGA


@transaction.atomic
def document_ajouter(
    *, participant: Participant, fichier, nature: str, libelle: str = "", parcours: Parcours | None = None, par=None
) -> Document:
    try:
        verifier_fichier(fichier, types=TYPES_ACCEPTES, taille_max=TAILLE_MAX)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.messages}) from None
    if parcours is not None and parcours.participant_id != participant.pk:
        raise ValidationError({"parcours": "Ce parcours n'est pas celui de cette personne."})
    document = Document(participant=participant, parcours=parcours, nature=nature, libelle=libelle, fichier=fichier)
    document.televerse_par = par
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_supprimer(*, document: Document) -> None:
    """Remove the record and, once the transaction commits, the stored file."""
    fichier = document.fichier
    document.delete()
    if fichier:
        transaction.on_commit(lambda: fichier.storage.delete(fichier.name))
