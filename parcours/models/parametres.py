"""The alerts' settings, one row the structure d'animation edits in the admin: how long without a contact, when
the bilans fall due, how often a point d'étape is held (call for projects 2018, annex 3)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from parcours import textes_contrat as textes

BILANS_PAR_DEFAUT = "6, 12, 18, 24, 30"


def lire_mois(texte: str) -> tuple[int, ...]:
    """« 6, 12, 18 » as months in increasing order, or a French error."""
    try:
        mois = tuple(int(m) for m in str(texte).replace(";", ",").split(",") if m.strip())
    except ValueError:
        raise ValidationError(
            "Indiquez des nombres de mois séparés par des virgules, par exemple « 6, 12, 18 »."
        ) from None
    if not mois:
        raise ValidationError("Indiquez au moins une échéance de bilan.")
    if any(m < 1 or m > 60 for m in mois) or list(mois) != sorted(set(mois)):
        raise ValidationError("Les échéances vont de 1 à 60 mois, croissantes et sans doublon.")
    return mois


class TexteContrat(models.Model):
    """The contrat d'engagement's texts, one row the structure d'animation edits in the admin; a signed contract
    keeps the text it was signed with (its PDF), the history every version."""

    accompagnement = models.TextField(
        "l'accompagnement du PLIE", default=textes.ACCOMPAGNEMENT, help_text="Ce que le PLIE apporte au participant."
    )
    attentes = models.TextField(
        "ce que le PLIE attend du participant",
        default=textes.ATTENTES,
        help_text="Les engagements que le participant signe (une ligne par engagement).",
    )
    notice_rgpd = models.TextField("notice sur les données personnelles", default=textes.NOTICE_RGPD)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "texte du contrat d'engagement"
        verbose_name_plural = "texte du contrat d'engagement"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="texte_contrat_une_ligne")]

    def __str__(self):
        return "Texte du contrat d'engagement"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def actuel(cls) -> "TexteContrat":
        """The texts in force: the row the structure d'animation saved, or the defaults."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ParametresAlertes(models.Model):
    jours_sans_contact = models.PositiveSmallIntegerField(
        "jours sans contact avant l'alerte",
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text="Une personne en parcours (hors veille) sans entretien ni contact depuis plus de ce nombre de "
        "jours est signalée à son référent.",
    )
    mois_bilans = models.CharField(
        "échéances des bilans de parcours (mois)",
        max_length=100,
        default=BILANS_PAR_DEFAUT,
        validators=[lire_mois],
        help_text="Mois après l'entrée, séparés par des virgules (par exemple « 6, 12, 18, 24, 30 »).",
    )
    mois_point_etape = models.PositiveSmallIntegerField(
        "intervalle des points d'étape (mois)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Un point d'étape (ou un bilan) avec la personne est attendu à cet intervalle depuis l'entrée "
        "ou depuis le précédent.",
    )

    class Meta:
        verbose_name = "paramètres des alertes"
        verbose_name_plural = "paramètres des alertes"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="parametres_alertes_une_ligne")]

    def __str__(self):
        return "Paramètres des alertes"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def bilans(self) -> tuple[int, ...]:
        return lire_mois(self.mois_bilans)

    @classmethod
    def actuels(cls) -> "ParametresAlertes":
        """The settings in force: the row the structure d'animation saved, or the defaults."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
