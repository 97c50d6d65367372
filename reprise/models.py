"""An import of the old tool's data (its file, its check, its report) and the old tool's identifiers of the records
it brought, so that importing the same file again updates instead of duplicating."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EtatImport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de vérification"
    VERIFICATION = "verification", "Vérification en cours"
    VERIFIE = "verifie", "Vérifié : aperçu prêt"
    REFUSE = "refuse", "Fichier refusé"
    ENREGISTREMENT = "enregistrement", "Enregistrement en cours"
    ENREGISTRE = "enregistre", "Enregistré"
    ECHEC = "echec", "Échec"


EN_COURS = (EtatImport.EN_ATTENTE, EtatImport.VERIFICATION, EtatImport.ENREGISTREMENT)


def chemin_import(instance, nom: str) -> str:
    # The stored name carries no personal data: the uploaded name is kept in ``nom`` only.
    return f"reprise/{timezone.now():%Y/%m}/{instance.import_lie.jeton}-{instance.ordre}{_extension(nom)}"


def _extension(nom: str) -> str:
    nom = nom.lower()
    return ".csv" if nom.endswith(".csv") else ".xlsx"


class ImportQuerySet(models.QuerySet):
    def expires(self, *, maintenant: datetime.datetime | None = None):
        limite = (maintenant or timezone.now()) - datetime.timedelta(days=settings.REPRISE_RETENTION_JOURS)
        return self.filter(cree_le__lt=limite)


class Import(models.Model):
    """One file of the old tool, checked (a preview of every row), then recorded, all or nothing."""

    jeton = models.CharField("référence", max_length=32, unique=True, editable=False)
    nom_fichier = models.CharField("fichiers", max_length=255)
    cree_le = models.DateTimeField("déposé le", default=timezone.now)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    etat = models.CharField("état", max_length=20, choices=EtatImport.choices, default=EtatImport.EN_ATTENTE)
    message = models.TextField("message", blank=True)
    decisions = models.JSONField(
        "choix de l'utilisateur", default=dict, blank=True, help_text="Rattacher ou créer, personne par personne."
    )
    bilan = models.JSONField("bilan", default=dict, blank=True)
    resultat = models.FileField("aperçu (lignes et messages)", upload_to="reprise/resultats/", blank=True)
    rapport = models.FileField("rapport (.xlsx)", upload_to="reprise/rapports/", blank=True)
    verifie_le = models.DateTimeField("vérifié le", null=True, blank=True)
    enregistre_le = models.DateTimeField("enregistré le", null=True, blank=True)
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tache_debut = models.DateTimeField("tâche commencée le", null=True, blank=True)
    tache_vue_le = models.DateTimeField(
        "dernier signe de la tâche", null=True, blank=True, help_text="Chaque lot d'un enregistrement le met à jour."
    )

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(etat__in=EtatImport.values), name="import_etat_valide"),
        ]

    def __str__(self):
        return f"Import du {timezone.localtime(self.cree_le):%d/%m/%Y à %H:%M}"

    @property
    def en_cours(self) -> bool:
        return self.etat in EN_COURS

    @property
    def enregistrable(self) -> bool:
        """Checked, clean, not recorded yet."""
        return self.etat == EtatImport.VERIFIE and not self.bilan.get("erreurs") and not self.bilan.get("vide")


class FichierImport(models.Model):
    """One uploaded file of an import: the .xlsx, or one of its CSV files."""

    import_lie = models.ForeignKey(Import, verbose_name="import", on_delete=models.CASCADE, related_name="fichiers")
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    nom = models.CharField("nom du fichier déposé", max_length=255)
    fichier = models.FileField("fichier déposé", upload_to=chemin_import, max_length=255)
    taille = models.PositiveIntegerField("taille (octets)", default=0)

    class Meta:
        verbose_name = "fichier d'import"
        verbose_name_plural = "fichiers d'import"
        ordering = ["import_lie", "ordre"]

    def __str__(self):
        return self.nom


class GenreCorrespondance(models.TextChoices):
    REFERENT = "referent", "Référent"
    PRESCRIPTION = "prescription", "Prescription"
    PERSONNE = "personne", "Personne"
    PARCOURS = "parcours", "Parcours"
    ETAPE = "etape", "Étape"
    VEILLE = "veille", "Veille"
    ENTRETIEN = "entretien", "Entretien"
    ACTIVITE = "activite", "Activité de l'agenda"


class Correspondance(models.Model):
    """The old tool's identifier of a record of this base."""

    genre = models.CharField("genre", max_length=20, choices=GenreCorrespondance.choices)
    identifiant = models.CharField("identifiant dans l'ancien outil", max_length=100)
    objet_id = models.PositiveBigIntegerField("enregistrement")
    import_origine = models.ForeignKey(
        Import, verbose_name="import", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    class Meta:
        verbose_name = "identifiant de l'ancien outil"
        verbose_name_plural = "identifiants de l'ancien outil"
        constraints = [
            models.UniqueConstraint(fields=["genre", "identifiant"], name="correspondance_unique"),
            models.CheckConstraint(condition=Q(genre__in=GenreCorrespondance.values), name="correspondance_genre"),
        ]
        indexes = [models.Index(fields=["genre", "objet_id"], name="correspondance_objet_idx")]

    def __str__(self):
        return f"{self.get_genre_display()} {self.identifiant}"


class EcritureImport(models.Model):
    """What a commit in batches has written so far (reprise/lots.py): a record the import created, or the state of
    a record before the import changed it. Kept until the whole import is recorded, read to undo it otherwise."""

    import_lie = models.ForeignKey(Import, verbose_name="import", on_delete=models.CASCADE, related_name="+")
    ordre = models.PositiveIntegerField("ordre")
    modele = models.CharField("modèle", max_length=100)
    objet_id = models.CharField("enregistrement", max_length=64)
    avant = models.TextField("état avant l'import", blank=True, help_text="Vide : créé par l'import.")
    apres = models.CharField(
        "empreinte après l'import", max_length=64, blank=True, help_text="L'état que l'import a laissé."
    )
    parcours_id = models.PositiveBigIntegerField("parcours", null=True, blank=True)

    class Meta:
        verbose_name = "écriture d'un import en cours"
        verbose_name_plural = "écritures d'imports en cours"
        constraints = [models.UniqueConstraint(fields=["import_lie", "ordre"], name="ecriture_import_ordre")]

    def __str__(self):
        return f"{self.modele} {self.objet_id}"
