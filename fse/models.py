"""FSE+ participations (one per person and FSE-funded operation), the data the record does not hold (asked at the
participation's entry and exit), the export's column layout and the exports themselves. docs/fse.md."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fse.enums import EtatDonnees, EtatExport, FormatExport, Genre, Reponse
from parcours.models import Parcours
from participants.models import Referent
from plie.champs import texte_libre
from plie.contraintes import ContraintesGroupees
from programmation.models import Operation

DELAI_SEMAINES = 4  # entry and exit data are due within four weeks (docs/fse.md)


class ParticipationQuerySet(models.QuerySet):
    def comptees(self):
        """The participations the managing authority receives: not excluded by the structure d'animation."""
        return self.filter(exclue=False)

    def presentes_entre(self, debut, fin):
        return self.filter(date_entree__lte=fin).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut))


class Participation(ContraintesGroupees):
    """A person's participation in one FSE-funded operation: from the first day they are in it to the last.

    The dates are derived from the record (``fse.participations``): the computed ones are kept apart from the
    structure d'animation's corrections, and the effective dates (``date_entree``, ``date_sortie``) are the
    corrected ones when set. The age at entry is stored: the birth date is erased at anonymisation."""

    parcours = models.ForeignKey(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="participations_fse"
    )
    operation = models.ForeignKey(
        Operation, verbose_name="opération", on_delete=models.PROTECT, related_name="participations"
    )
    date_entree = models.DateField("entrée dans l'opération")
    date_sortie = models.DateField("sortie de l'opération", null=True, blank=True)
    age_entree = models.PositiveSmallIntegerField("âge à l'entrée dans l'opération", null=True, blank=True)
    entree_calculee = models.DateField("entrée déduite du dossier", null=True, blank=True)
    sortie_calculee = models.DateField("sortie déduite du dossier", null=True, blank=True)
    deduite = models.BooleanField(
        "déduite du dossier", default=True, help_text="Faux quand le dossier ne donne plus cette participation."
    )
    entree_corrigee = models.DateField("entrée corrigée", null=True, blank=True)
    sortie_corrigee = models.DateField("sortie corrigée", null=True, blank=True)
    exclue = models.BooleanField("exclue des données FSE", default=False)
    # The completeness board's states, stored so that it counts and filters without reading every answer and
    # record (fse.completude.evaluer: at each synchronisation, and by the services for what they change).
    incoherente = models.BooleanField(
        "échoue à un contrôle de cohérence", default=False, db_default=False, editable=False
    )
    etat_entree = models.CharField(
        "données d'entrée",
        max_length=20,
        choices=EtatDonnees.choices,
        default=EtatDonnees.A_COMPLETER,
        db_default=EtatDonnees.A_COMPLETER,
        editable=False,
    )
    etat_sortie = models.CharField(
        "données de sortie",
        max_length=20,
        choices=EtatDonnees.choices,
        default=EtatDonnees.SANS_OBJET,
        db_default=EtatDonnees.SANS_OBJET,
        editable=False,
    )
    contact_manquant = models.BooleanField(
        "contact manquant pour l'enquête", default=False, db_default=False, editable=False
    )
    evaluee_le = models.DateField("états évalués le", null=True, blank=True, editable=False)
    motif_correction = texte_libre("motif de la correction", blank=True)
    corrigee_le = models.DateTimeField("corrigée le", null=True, blank=True)
    corrigee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="corrigée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ParticipationQuerySet.as_manager()

    historique = HistoricalRecords(
        verbose_name_plural="historique",
        excluded_fields=["incoherente", "etat_entree", "etat_sortie", "contact_manquant", "evaluee_le"],
    )

    class Meta:
        verbose_name = "participation FSE"
        verbose_name_plural = "participations FSE"
        ordering = ["operation", "date_entree", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "operation"],
                name="participation_une_par_operation",
                violation_error_message="Ce parcours a déjà une participation à cette opération.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True) | Q(date_sortie__gte=F("date_entree")),
                name="participation_sortie_apres_entree",
                violation_error_message="La sortie de l'opération ne peut pas précéder l'entrée.",
            ),
        ]
        indexes = [models.Index(fields=["operation", "date_entree"], name="participation_op_entree_idx")]

    def __str__(self):
        return f"Participation à {self.operation}"

    @property
    def corrigee(self) -> bool:
        return bool(self.entree_corrigee or self.sortie_corrigee or self.exclue)


class ComptesCompletude(models.Model):
    """The completeness board's counts of one year, per operation and current référent of the parcours, stored
    by the background synchronisation of that year (``fse.completude.enregistrer_comptes``): the structure
    d'animation's board sums a few hundred of these rows instead of counting every participation of the year."""

    annee = models.PositiveSmallIntegerField("année", db_index=True)
    operation = models.ForeignKey(Operation, verbose_name="opération", on_delete=models.CASCADE, related_name="+")
    referent = models.ForeignKey(
        Referent, verbose_name="référent", on_delete=models.CASCADE, null=True, related_name="+"
    )
    participations = models.PositiveIntegerField(default=0)
    entree_a_completer = models.PositiveIntegerField(default=0)
    entree_en_retard = models.PositiveIntegerField(default=0)
    sortie_a_completer = models.PositiveIntegerField(default=0)
    sortie_en_retard = models.PositiveIntegerField(default=0)
    contact_manquant = models.PositiveIntegerField(default=0)
    incoherentes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "comptes de complétude"
        verbose_name_plural = "comptes de complétude"

    def __str__(self) -> str:
        return f"{self.annee} — {self.operation_id} — {self.referent_id}"


class Questionnaire(ContraintesGroupees):
    renseigne_le = models.DateTimeField("renseigné le", default=timezone.now)
    renseigne_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="renseigné par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class DonneesEntree(Questionnaire):
    """What the record does not hold at the participation's entry; the sensitive answers may be declined."""

    participation = models.OneToOneField(
        Participation, verbose_name="participation", on_delete=models.CASCADE, related_name="donnees_entree"
    )
    genre = models.CharField("genre", max_length=20, choices=Genre.choices)
    sans_domicile = models.CharField(
        "sans domicile ou en situation d'exclusion du logement", max_length=10, choices=Reponse.choices
    )
    origine_etrangere = models.CharField(
        "personne d'origine étrangère",
        max_length=10,
        choices=Reponse.choices,
        help_text="Née à l'étranger, ou dont au moins un des parents est né à l'étranger.",
    )
    minorite = models.CharField(
        "appartenance à une minorité (y compris les communautés marginalisées comme les Roms)",
        max_length=10,
        choices=Reponse.choices,
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "données FSE à l'entrée"
        verbose_name_plural = "données FSE à l'entrée"
        constraints = [
            models.CheckConstraint(condition=Q(genre__in=Genre.values), name="donnees_entree_genre"),
            models.CheckConstraint(
                condition=Q(sans_domicile__in=Reponse.values)
                & Q(origine_etrangere__in=Reponse.values)
                & Q(minorite__in=Reponse.values),
                name="donnees_entree_reponses",
            ),
        ]

    def __str__(self):
        return f"Données à l'entrée — {self.participation}"


class DonneesSortie(Questionnaire):
    """The situation at the participation's exit (within four weeks of it)."""

    participation = models.OneToOneField(
        Participation, verbose_name="participation", on_delete=models.CASCADE, related_name="donnees_sortie"
    )
    date_situation = models.DateField("situation constatée le")
    recherche_emploi = models.BooleanField("en recherche d'emploi", default=False)
    formation = models.BooleanField("en études ou en formation", default=False)
    qualification = models.BooleanField("a obtenu une qualification", default=False)
    emploi = models.BooleanField("en emploi, y compris indépendant", default=False)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "données FSE à la sortie"
        verbose_name_plural = "données FSE à la sortie"

    def __str__(self):
        return f"Données à la sortie — {self.participation}"


class ColonneExport(models.Model):
    """The export's layout: which fields, in which order, under which label (docs/fse.md). With no row, the
    layout written in ``fse.export.COLONNES`` applies."""

    cle = models.CharField("champ", max_length=40, unique=True)
    libelle = models.CharField("intitulé de la colonne", max_length=120)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "colonne de l'export FSE"
        verbose_name_plural = "colonnes de l'export FSE"
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle


class ExportFse(models.Model):
    """An export for the managing authority: an operation, a period, a format; produced in the background."""

    jeton = models.CharField("référence", max_length=32, unique=True, editable=False)
    operation = models.ForeignKey(Operation, verbose_name="opération", on_delete=models.CASCADE, related_name="+")
    debut = models.DateField("du")
    fin = models.DateField("au")
    format = models.CharField("format", max_length=10, choices=FormatExport.choices, default=FormatExport.XLSX)
    etat = models.CharField("état", max_length=20, choices=EtatExport.choices, default=EtatExport.EN_ATTENTE)
    fichier = models.FileField("fichier", upload_to="fse/", blank=True, max_length=255)
    lignes = models.PositiveIntegerField("participations", default=0)
    participants = models.JSONField("personnes exportées", default=list, blank=True, editable=False)
    message = models.TextField("message", blank=True)
    cree_le = models.DateTimeField("demandé le", default=timezone.now)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "export FSE"
        verbose_name_plural = "exports FSE"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=F("debut")), name="export_fse_periode_ordonnee"),
            models.CheckConstraint(condition=Q(etat__in=EtatExport.values), name="export_fse_etat"),
            models.CheckConstraint(condition=Q(format__in=FormatExport.values), name="export_fse_format"),
        ]

    def __str__(self):
        return f"Export FSE {self.operation} du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


class PaquetControle(models.Model):
    """The controller's package for an FSE operation and a period: a sample of its participations drawn
    reproducibly (a size or a rate, and the seed, shown) or the controller's own list of participant numbers; for
    each, a PDF summary and the pieces, sheets included, with an index — one ZIP produced in the background,
    kept ``FSE_CONTROLE_RETENTION_JOURS`` days, for the structure d'animation only (fse/controle/paquet.py)."""

    jeton = models.CharField("référence", max_length=32, unique=True, editable=False)
    operation = models.ForeignKey(Operation, verbose_name="opération", on_delete=models.CASCADE, related_name="+")
    debut = models.DateField("du")
    fin = models.DateField("au")
    graine = models.PositiveIntegerField("graine du tirage", null=True, blank=True)
    taille = models.PositiveIntegerField("taille de l'échantillon", null=True, blank=True)
    taux = models.PositiveSmallIntegerField("taux de l'échantillon (%)", null=True, blank=True)
    identifiants = models.JSONField("numéros de participant donnés par le contrôleur", default=list, blank=True)
    participations = models.JSONField("participations tirées", default=list, blank=True, editable=False)
    introuvables = models.JSONField("numéros sans participation", default=list, blank=True, editable=False)
    participants = models.JSONField("personnes du paquet", default=list, blank=True, editable=False)
    etat = models.CharField("état", max_length=20, choices=EtatExport.choices, default=EtatExport.EN_ATTENTE)
    fichier = models.FileField("fichier", upload_to="fse/controles/", blank=True, max_length=255)
    message = models.TextField("message", blank=True)
    cree_le = models.DateTimeField("demandé le", default=timezone.now)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "paquet de contrôle"
        verbose_name_plural = "paquets de contrôle"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=F("debut")), name="paquet_controle_periode_ordonnee"),
            models.CheckConstraint(condition=Q(etat__in=EtatExport.values), name="paquet_controle_etat"),
            models.CheckConstraint(
                condition=Q(graine__isnull=False, taille__isnull=False, taux__isnull=True)
                | Q(graine__isnull=False, taille__isnull=True, taux__isnull=False)
                | Q(graine__isnull=True, taille__isnull=True, taux__isnull=True),
                name="paquet_controle_un_mode",
                violation_error_message="Un échantillon a une graine et une taille ou un taux ; une liste n'en a pas.",
            ),
        ]

    def __str__(self):
        return f"Paquet de contrôle {self.operation} du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    @property
    def mode(self) -> str:
        if self.graine is None:
            return f"liste du contrôleur ({len(self.identifiants)} numéro{'s' if len(self.identifiants) > 1 else ''})"
        quoi = (
            f"{self.taille} participation{'s' if self.taille and self.taille > 1 else ''}"
            if self.taille
            else (f"{self.taux} %")
        )
        return f"échantillon de {quoi}, graine {self.graine}"
