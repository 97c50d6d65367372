"""The referentials the structure d'animation edits in the admin."""

from django.db import models
from django.db.models import Q

from parcours.enums import (
    CategorieEtape,
    GroupeMotifPrescripteur,
    RegleSortie,
    SerieCritere,
    TypePositive,
)

# --- Referentials (edited by the structure d'animation in the admin) ---------------------------------------


class TypePiece(models.Model):
    """A type of document of a parcours (identity, proof of residence, contract of employment…): what each
    eligibility criterion, étape type and exit motif requires (their ``pieces``) is read by parcours/pieces.py,
    for the dossier, the readiness board and the control package."""

    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=150)
    toujours_exigee = models.BooleanField(
        "exigée pour chaque parcours",
        default=False,
        help_text="Demandée pour tout parcours, quels que soient ses critères (le contrat d'engagement signé…).",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("proposé dans les formulaires", default=True)

    class Meta:
        verbose_name = "type de pièce"
        verbose_name_plural = "types de pièce"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class CritereEligibilite(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=250)
    serie = models.CharField("série", max_length=30, choices=SerieCritere.choices)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    pieces = models.ManyToManyField(
        TypePiece,
        verbose_name="pièces exigées",
        blank=True,
        related_name="criteres",
        help_text="Les pièces qui prouvent ce critère lors d'un contrôle.",
    )

    class Meta:
        verbose_name = "critère d'éligibilité"
        verbose_name_plural = "critères d'éligibilité"
        ordering = ["serie", "ordre"]

    def __str__(self):
        return self.libelle


class MotifNonEntree(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=150)
    groupe_prescripteur = models.CharField(
        "groupe montré au prescripteur",
        max_length=30,
        choices=GroupeMotifPrescripteur.choices,
        default=GroupeMotifPrescripteur.RAISON_PERSONNELLE,
        help_text="Le prescripteur ne voit jamais le motif détaillé d'une non-entrée, seulement ce groupe.",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("proposé dans les formulaires", default=True)

    class Meta:
        verbose_name = "motif de non-entrée"
        verbose_name_plural = "motifs de non-entrée"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class MotifSortie(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=250)
    positive = models.BooleanField("sortie positive", default=False)
    neutralisee = models.BooleanField(
        "neutralisée", default=False, help_text="Exclue du taux de sorties positives « hors neutralisées »."
    )
    vers_emploi = models.BooleanField(
        "sortie vers l'emploi", default=False, help_text="Comptée dans la part des sorties positives vers l'emploi."
    )
    type_positive = models.CharField(
        "type de sortie positive", max_length=30, choices=TypePositive.choices, blank=True
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("proposé dans les formulaires", default=True)
    pieces = models.ManyToManyField(
        TypePiece,
        verbose_name="pièces exigées",
        blank=True,
        related_name="motifs_sortie",
        help_text="Les pièces qui prouvent cette sortie (contrat de travail, attestation de formation…).",
    )

    class Meta:
        verbose_name = "motif de sortie"
        verbose_name_plural = "motifs de sortie"
        ordering = ["-positive", "ordre", "libelle"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(positive=True, neutralisee=True),
                name="motif_sortie_positive_non_neutralisee",
                violation_error_message="Une sortie positive ne peut pas être neutralisée.",
            ),
            models.CheckConstraint(
                condition=Q(positive=True, type_positive__in=TypePositive.values)
                | Q(positive=False, type_positive="", vers_emploi=False),
                name="motif_sortie_type_si_positive",
                violation_error_message=(
                    "Une sortie positive a un type de sortie positive ; une autre sortie n'en a pas "
                    "et ne compte pas vers l'emploi."
                ),
            ),
        ]

    def __str__(self):
        return self.libelle


class TypeEtape(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    categorie = models.CharField("catégorie", max_length=30, choices=CategorieEtape.choices)
    durable = models.BooleanField("emploi durable", default=False)
    regle_sortie = models.CharField(
        "règle de sortie emploi",
        max_length=30,
        choices=RegleSortie.choices,
        blank=True,
        default=RegleSortie.AUCUNE,
        help_text="Comment une étape de ce type mène à une sortie pour emploi (date fixe après 6 mois, jours cumulés "
        "sur 12 mois, création, contrat aidé, dérogation 55 ans et plus) ; « Aucune » sinon.",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("proposé dans les formulaires", default=True)
    pieces = models.ManyToManyField(
        TypePiece,
        verbose_name="pièces exigées",
        blank=True,
        related_name="types_etape",
        help_text="Les pièces qui prouvent une étape de ce type, déposées sur l'étape.",
    )

    class Meta:
        verbose_name = "type d'étape"
        verbose_name_plural = "types d'étape"
        ordering = ["categorie", "ordre", "libelle"]
        constraints = [
            models.CheckConstraint(condition=Q(categorie__in=CategorieEtape.values), name="type_etape_categorie"),
            models.CheckConstraint(
                condition=Q(durable=False) | Q(categorie=CategorieEtape.EMPLOI),
                name="type_etape_durable_si_emploi",
                violation_error_message="Seul un type d'étape de la catégorie Emploi peut être durable.",
            ),
            models.CheckConstraint(
                condition=Q(regle_sortie__in=RegleSortie.values),
                name="type_etape_regle_sortie",
            ),
        ]

    def __str__(self):
        return self.libelle
