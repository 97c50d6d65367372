"""The journal of status moves (plie/statuts.py): one row per move of a prescription, an entry or exit before
the commission, or a 55+ derogation — from, to, who, when."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from parcours.models.elements import DerogationSenior
from parcours.models.parcours import Parcours
from parcours.models.prescriptions import Prescription


class MachineStatut(models.TextChoices):
    PRESCRIPTION = "prescription", "Décision sur la prescription"
    ENTREE_COMMISSION = "entree_commission", "Entrée en commission"
    SORTIE_COMMISSION = "sortie_commission", "Sortie en commission"
    DEROGATION = "derogation", "Dérogation 55 ans et plus"


class ChangementStatut(models.Model):
    machine = models.CharField("statut", max_length=30, choices=MachineStatut.choices)
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, null=True, blank=True, related_name="changements_statut"
    )
    parcours = models.ForeignKey(
        Parcours, on_delete=models.CASCADE, null=True, blank=True, related_name="changements_statut"
    )
    derogation = models.ForeignKey(
        DerogationSenior, on_delete=models.CASCADE, null=True, blank=True, related_name="changements_statut"
    )
    depuis = models.CharField("de", max_length=30, blank=True)
    vers = models.CharField("à", max_length=30, blank=True)
    le = models.DateTimeField("le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(machine="prescription", prescription__isnull=False, parcours__isnull=True)
                | Q(machine__in=["entree_commission", "sortie_commission"], parcours__isnull=False)
                | Q(machine="derogation", derogation__isnull=False, parcours__isnull=True),
                name="changement_statut_objet",
            ),
        ]

    def __str__(self):
        return f"{self.get_machine_display()} : {self.depuis or '—'} → {self.vers or '—'}"
