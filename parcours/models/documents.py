"""Documents uploaded on a parcours."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.models.elements import Etape
from parcours.models.parcours import Parcours
from parcours.models.referentiels import TypePiece
from participants.models import Participant
from plie import access


def chemin_document(instance, nom: str) -> str:
    """A random name: the original file name (which may hold a person's name) is not kept on disk."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """A document belongs to the parcours it was uploaded on: it is seen by whoever sees that parcours (a
        référent whose parcours ended does not see what a later référent uploaded)."""
        return self.filter(parcours__in=Parcours.objects.visibles_par(user))


class Document(models.Model):
    """A participant's document, uploaded on one parcours, of a type of the referential (what it proves; an étape's
    proof names the étape), stored privately and served only through the access policy."""

    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.CASCADE, related_name="documents"
    )
    parcours = models.ForeignKey(Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="documents")
    type_piece = models.ForeignKey(
        TypePiece, verbose_name="type de pièce", on_delete=models.PROTECT, related_name="documents"
    )
    etape = models.ForeignKey(
        Etape,
        verbose_name="étape prouvée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text="L'étape du parcours que la pièce prouve (contrat de travail, attestation de formation…).",
    )
    libelle = models.CharField("libellé", max_length=200, blank=True)
    fichier = models.FileField("fichier", upload_to=chemin_document)
    televerse_le = models.DateTimeField("déposé le", default=timezone.now)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["-televerse_le"]

    def __str__(self):
        return self.libelle or self.type_piece.libelle

    def supprimable_par(self, user) -> bool:
        """The référent of the open parcours, or the structure d'animation whatever the parcours."""
        return access.est_animation(user) or (self.parcours.date_sortie is None and self.parcours.suivi_par(user))
