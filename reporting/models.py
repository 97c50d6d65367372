"""The monthly letter's drafts, published versions (snapshots) and generated files."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from plie.champs import texte_libre
from reporting.indicateurs.periode import Periode


class Variante(models.TextChoices):
    INTERNE = "interne", "Interne (une ligne par référent)"
    FINANCEURS = "financeurs", "Financeurs (totaux seulement)"
    # The funders' version with the non-entry motifs by group: prescribers know which of their prescriptions did
    # not enter and when, so a detailed motif counted that month could be a named person's.
    PRESCRIPTEURS = "prescripteurs", "Prescripteurs (totaux, motifs de non-entrée regroupés)"


class Brouillon(models.Model):
    """What the structure d'animation wrote for a month before publishing: edited comments and the actualité."""

    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField("mois")
    commentaires = models.JSONField("commentaires", null=True, blank=True, help_text="Vide : commentaires générés.")
    actualite = texte_libre("actualité du mois", blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "brouillon de lettre"
        verbose_name_plural = "brouillons de lettre"
        constraints = [
            models.UniqueConstraint(fields=["annee", "mois"], name="brouillon_un_par_mois"),
            models.CheckConstraint(condition=Q(mois__gte=1, mois__lte=12), name="brouillon_mois_valide"),
        ]

    def __str__(self):
        return f"Brouillon — {Periode(self.annee, self.mois).libelle}"


class LettreQuerySet(models.QuerySet):
    def derniere(self, annee: int, mois: int):
        return self.filter(annee=annee, mois=mois).order_by("-numero").first()

    def dernieres_versions(self):
        """The latest published version of each month, newest month first."""
        plus_recente = self.model.objects.filter(
            annee=models.OuterRef("annee"), mois=models.OuterRef("mois"), numero__gt=models.OuterRef("numero")
        )
        return self.exclude(models.Exists(plus_recente)).order_by("-annee", "-mois")


class Lettre(models.Model):
    """A published letter: the figures (full precision) and the text frozen at publication. Later corrections
    of the data never change it; publishing again makes a new version (numero) and keeps this one."""

    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField("mois")
    numero = models.PositiveSmallIntegerField("version", default=1)
    donnees = models.JSONField("chiffres")
    version_schema = models.PositiveSmallIntegerField(
        "version du schéma des chiffres",
        default=1,
        help_text="La forme des chiffres à la publication (reporting/lettre/instantanes.py la lit et la met à jour).",
    )
    commentaires = models.JSONField("commentaires", default=list)
    actualite = texte_libre("actualité du mois", blank=True)
    publiee_le = models.DateTimeField("publiée le", auto_now_add=True)
    publiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="publiée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LettreQuerySet.as_manager()

    class Meta:
        verbose_name = "lettre publiée"
        verbose_name_plural = "lettres publiées"
        ordering = ["-annee", "-mois", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "mois", "numero"], name="lettre_une_version_par_numero"),
            models.CheckConstraint(condition=Q(mois__gte=1, mois__lte=12), name="lettre_mois_valide"),
        ]

    def __str__(self):
        return f"{self.periode.titre} (version {self.numero})"

    @property
    def periode(self) -> Periode:
        return Periode(self.annee, self.mois)


class StatutFichier(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Prêt"
    ECHEC = "echec", "Échec"


class FormatFichier(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"
    HTML = "html", "Page"


class FichierLettre(models.Model):
    """One file of a published letter: a format (PDF, Excel, the page's HTML) for one audience, rendered once from
    the snapshot by a task and then served from storage. One row and one file per letter, audience and format,
    however many times the task runs."""

    lettre = models.ForeignKey(Lettre, verbose_name="lettre", on_delete=models.CASCADE, related_name="fichiers")
    variante = models.CharField(
        "variante",
        max_length=40,
        help_text="interne, financeurs, structures-<id> pour une structure porteuse, referent-<id> pour un référent.",
    )
    format = models.CharField("format", max_length=4, choices=FormatFichier.choices, default=FormatFichier.PDF)
    statut = models.CharField("statut", max_length=20, choices=StatutFichier.choices, default=StatutFichier.EN_ATTENTE)
    erreur = models.TextField("raison de l'échec", blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    fichier = models.FileField("fichier", upload_to="lettres/", blank=True)
    mis_a_jour_le = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "fichier de lettre"
        verbose_name_plural = "fichiers de lettres"
        constraints = [
            models.UniqueConstraint(fields=["lettre", "variante", "format"], name="fichier_un_par_variante_et_format")
        ]

    def __str__(self):
        return f"{self.lettre} — {self.variante} ({self.get_format_display()})"

    @property
    def pret(self) -> bool:
        return self.statut == StatutFichier.TERMINE and bool(self.fichier)


class Destinataire(models.Model):
    """Someone on the letter's distribution lists: told by e-mail (a link, never an attachment) at publication."""

    class Liste(models.TextChoices):
        FINANCEURS = "financeurs", "Financeurs"
        PRESCRIPTEURS = "prescripteurs", "Prescripteurs"
        PORTEURS = "porteurs", "Structures porteuses"

    liste = models.CharField("liste", max_length=20, choices=Liste.choices)
    nom = models.CharField("nom", max_length=200)
    email = models.EmailField("adresse électronique")
    actif = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "destinataire de la lettre"
        verbose_name_plural = "destinataires de la lettre"
        ordering = ["liste", "nom"]
        constraints = [models.UniqueConstraint(fields=["liste", "email"], name="destinataire_unique_par_liste")]

    def __str__(self):
        return f"{self.nom} ({self.get_liste_display()})"


from reporting.models_syntheses import (  # noqa: E402, F401
    ComptesAlertes,
    Invalidation,
    SyntheseEntrees,
    SyntheseEtapes,
    SyntheseMois,
    SyntheseReferent,
    SyntheseSorties,
)
