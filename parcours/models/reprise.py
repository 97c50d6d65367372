"""What a parcours taken over from the old tool carries: where it came from, and the rules it was let through."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from parcours.enums import RegleReprise
from parcours.models.parcours import Parcours
from plie.champs import texte_libre

# The history's change reason of a record the import of the old tool created: its recording day is the import's,
# not the day it happened (the recording delay of contacts leaves it out, agenda/delais.py).
RAISON_REPRISE = "reprise de l'ancien outil"


class OrigineReprise(models.Model):
    """The parcours was taken over from the old tool: which file, when, by whom (not a commission validation)."""

    parcours = models.OneToOneField(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="origine_reprise"
    )
    source = models.CharField("fichier repris", max_length=255)
    le = models.DateTimeField("repris le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="repris par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "reprise de l'ancien outil"
        verbose_name_plural = "reprises de l'ancien outil"

    def __str__(self):
        return f"Reprise de l'ancien outil ({self.source}, le {self.le:%d/%m/%Y})"


class ExceptionReprise(models.Model):
    """A historical record that one of today's rules refuses, imported all the same: the rule, its message, who
    decided and why. Shown on the parcours and counted in the import report."""

    parcours = models.ForeignKey(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="exceptions_reprise"
    )
    regle = models.CharField("règle non vérifiée", max_length=30, choices=RegleReprise.choices)
    message = models.TextField("message de la règle")
    justification = texte_libre("pourquoi")
    source = models.CharField("fichier repris", max_length=255)
    le = models.DateTimeField("décidée le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "reprise : règle non vérifiée"
        verbose_name_plural = "reprises : règles non vérifiées"
        ordering = ["parcours", "le"]
        constraints = [
            models.CheckConstraint(condition=Q(regle__in=RegleReprise.values), name="exception_reprise_regle"),
            models.UniqueConstraint(fields=["parcours", "regle"], name="exception_reprise_une_par_regle"),
        ]

    def __str__(self):
        return f"Reprise : {self.get_regle_display().lower()} non vérifiée"
