from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from participants.models import StructurePorteuse
from plie.contraintes import ContraintesGroupees
from programmation.enums import NatureOperation

MONTANT = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Financeur(models.Model):
    nom = models.CharField("nom", max_length=150, unique=True)
    est_fse = models.BooleanField("Fonds social européen", default=False)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "financeur"
        verbose_name_plural = "financeurs"
        ordering = ["ordre", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["est_fse"], condition=Q(est_fse=True), name="un_seul_financeur_fse"),
        ]

    def __str__(self):
        return self.nom


class Operation(ContraintesGroupees):
    """An operation of the year's programmation."""

    annee = models.PositiveSmallIntegerField("année")
    intitule = models.CharField("intitulé", max_length=200)
    porteur = models.CharField("porteur", max_length=200)
    structure = models.ForeignKey(
        StructurePorteuse,
        verbose_name="structure porteuse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        help_text="Pour une opération de portage de référents.",
    )
    nature = models.CharField("nature", max_length=30, choices=NatureOperation.choices)
    budget_prevu = models.DecimalField("budget prévisionnel (€)", **MONTANT)
    budget_realise = models.DecimalField("budget réalisé (€)", null=True, blank=True, **MONTANT)
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "opération"
        verbose_name_plural = "opérations"
        ordering = ["-annee", "nature", "intitule"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "intitule"], name="operation_unique_par_annee"),
            models.CheckConstraint(condition=Q(nature__in=NatureOperation.values), name="operation_nature_valide"),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_debut__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="operation_dates_ordonnees",
                violation_error_message="La fin de l'opération ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(annee__gte=2000, annee__lte=2100),
                name="operation_annee_plausible",
                violation_error_message="L'année doit être comprise entre 2000 et 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.intitule} ({self.annee})"


class Financement(models.Model):
    operation = models.ForeignKey(
        Operation, verbose_name="opération", on_delete=models.CASCADE, related_name="financements"
    )
    financeur = models.ForeignKey(
        Financeur, verbose_name="financeur", on_delete=models.PROTECT, related_name="financements"
    )
    montant = models.DecimalField("montant (€)", **MONTANT)

    class Meta:
        verbose_name = "financement"
        verbose_name_plural = "financements"
        ordering = ["operation", "financeur__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "financeur"], name="financement_unique"),
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="financement_montant_positif",
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.financeur} : {self.montant} €"


class ObjectifsAnnuelsQuerySet(models.QuerySet):
    def pour_annee(self, annee: int) -> "ObjectifsAnnuels":
        """The objectives of the year; the protocol's defaults when none were set."""
        return self.filter(annee=annee).first() or ObjectifsAnnuels(annee=annee)


class ObjectifsAnnuels(models.Model):
    """The year's objectives; field defaults are those of the 2016-2020 protocol (docs/indicateurs.md)."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    entrees_par_etp = models.DecimalField("entrées par ETP", max_digits=5, decimal_places=1, default=Decimal("56"))
    file_active_par_etp = models.DecimalField(
        "file active par ETP", max_digits=5, decimal_places=1, default=Decimal("70")
    )
    taux_sorties_positives = models.DecimalField(
        "sorties positives (% de l'objectif d'entrées)", max_digits=4, decimal_places=1, default=Decimal("50")
    )
    prescriptions_ft_cd = models.PositiveIntegerField(
        "prescriptions France Travail + Conseil départemental", default=800
    )
    entrees_ft_cd = models.PositiveIntegerField("entrées France Travail + Conseil départemental", default=670)

    objects = ObjectifsAnnuelsQuerySet.as_manager()

    class Meta:
        verbose_name = "objectifs annuels"
        verbose_name_plural = "objectifs annuels"
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taux_sorties_positives__gte=0, taux_sorties_positives__lte=100),
                name="objectif_taux_sp_pourcentage",
                violation_error_message="Le taux de sorties positives est un pourcentage entre 0 et 100.",
            ),
        ]

    def __str__(self):
        return f"Objectifs {self.annee}"

    def objectif_file_active(self, etp: Decimal) -> Decimal:
        """The file active expected of ``etp`` full-time equivalents (docs/indicateurs.md: Σ ETP × 70)."""
        return etp * self.file_active_par_etp
