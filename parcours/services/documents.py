"""A participant's documents: checked, stored privately, removed when mistaken (the history keeps the record)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parcours import droits, pieces
from parcours.models import Document, Etape, Parcours, TypePiece
from plie.fichiers import JPEG, MEGA, PDF, PNG, verifier_fichier

TYPES_ACCEPTES = (PDF, PNG, JPEG)
TAILLE_MAX = 10 * MEGA


@transaction.atomic
def document_ajouter(
    *,
    parcours: Parcours,
    fichier,
    type_piece: TypePiece,
    etape: Etape | None = None,
    libelle: str = "",
    par,
    chemin_reserve: bool = False,
) -> Document:
    """A document uploaded on a parcours by whoever acts on it (its référent, their cover, the structure
    d'animation), also after the exit — the exit's proof comes then, and a control reads exited parcours; a
    former référent of the person is refused. An étape's proof names an étape of this parcours."""
    if not droits.peut_deposer(par, parcours):
        raise PermissionDenied(
            "Seuls le référent du parcours, tant que la personne n'est pas entrée de nouveau, et la structure "
            "d'animation y déposent un document."
        )
    if etape is not None and etape.parcours_id != parcours.pk:
        raise ValidationError({"etape": "Cette étape n'est pas une étape de ce parcours."})
    if type_piece.code in pieces.RESERVES and not chemin_reserve:
        raise ValidationError(
            {
                "type_piece": "Le contrat d'engagement se dépose depuis sa page « Contrat d'engagement » (avec sa "
                "date de signature), et la pièce jointe d'une prescription avec elle."
            }
        )
    if not type_piece.actif:
        raise ValidationError({"type_piece": "Ce type de pièce n'est plus proposé : choisissez-en un autre."})
    try:
        verifier_fichier(fichier, types=TYPES_ACCEPTES, taille_max=TAILLE_MAX)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.messages}) from None
    document = Document(
        participant_id=parcours.participant_id,
        parcours=parcours,
        type_piece=type_piece,
        etape=etape,
        libelle=libelle,
        fichier=fichier,
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
