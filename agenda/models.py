"""The référent's agenda: what they plan and do, with its time — collective sessions, tasks for a participant,
time not tied to a participant. The individual entretiens stay where they are recorded (``parcours.Entretien``);
the week's view and the time statements read both (docs/fse.md)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agenda.enums import StatutActivite, StatutEtatTemps, StatutFeuille
from parcours.models import Entretien, Parcours
from participants.models import Referent
from plie.contraintes import ContraintesGroupees
from programmation.models import Operation

DUREE_MAX_MINUTES = 720  # twelve hours: a day's work, at most
DUREE_PLAUSIBLE = "La durée d'une activité est comprise entre 1 minute et 12 heures."


class CategorieActivite(models.Model):
    """What an activity is (a referential the structure d'animation edits): whether it concerns participants (its
    time is participant-related) and whether several may attend (a collective session)."""

    code = models.SlugField("code", max_length=40, unique=True)
    libelle = models.CharField("libellé", max_length=100, unique=True)
    avec_participants = models.BooleanField(
        "concerne des participants", default=False, help_text="Son temps compte comme lié aux participants."
    )
    collective = models.BooleanField("collective (plusieurs participants)", default=False)
    actif = models.BooleanField("proposée", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie d'activité"
        verbose_name_plural = "catégories d'activité"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(collective=False) | Q(avec_participants=True),
                name="categorie_collective_avec_participants",
                violation_error_message="Une activité collective concerne des participants.",
            ),
        ]

    def __str__(self):
        return self.libelle


class ActiviteQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """The activities whose agenda a user may read: every référent's for the structure d'animation, those of
        their structures' référents for a structure porteuse (their employer), their own for a référent."""
        return self.filter(referent__in=Referent.objects.visibles_par(user))


class Activite(ContraintesGroupees):
    referent = models.ForeignKey(Referent, verbose_name="référent", on_delete=models.PROTECT, related_name="activites")
    categorie = models.ForeignKey(
        CategorieActivite, verbose_name="catégorie", on_delete=models.PROTECT, related_name="activites"
    )
    operation = models.ForeignKey(
        Operation,
        verbose_name="opération",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activites",
        help_text="L'opération que ce temps sert (par défaut : l'opération de portage du référent pour l'année).",
    )
    date = models.DateField("date")
    debut = models.TimeField("début", null=True, blank=True)
    fin = models.TimeField("fin", null=True, blank=True)
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)",
        validators=[MinValueValidator(1, DUREE_PLAUSIBLE), MaxValueValidator(DUREE_MAX_MINUTES, DUREE_PLAUSIBLE)],
    )
    statut = models.CharField("statut", max_length=10, choices=StatutActivite.choices, default="")
    intitule = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Par exemple « Atelier CV » (aucune donnée personnelle)."
    )
    participants = models.ManyToManyField(
        Parcours, verbose_name="participants", blank=True, related_name="activites_agenda"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = ActiviteQuerySet.as_manager()
    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "activité"
        verbose_name_plural = "activités"
        ordering = ["date", "debut", "pk"]
        indexes = [models.Index(fields=["referent", "date"], name="activite_referent_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gte=1, duree_minutes__lte=DUREE_MAX_MINUTES),
                name="activite_duree_plausible",
                violation_error_message=DUREE_PLAUSIBLE,
            ),
            models.CheckConstraint(
                condition=Q(debut__isnull=True) | Q(fin__isnull=True) | Q(fin__gt=F("debut")),
                name="activite_fin_apres_debut",
                violation_error_message="L'heure de fin suit l'heure de début.",
            ),
            models.CheckConstraint(condition=Q(statut__in=StatutActivite.values), name="activite_statut_valide"),
        ]

    def __str__(self):
        return f"{self.intitule or self.categorie} du {self.date:%d/%m/%Y}"


class Changement(models.Model):
    """One move of a status (plie.statuts): from, to, who, when — the journal of each of the agenda's machines."""

    machine = models.CharField("machine", max_length=30)
    depuis = models.CharField("depuis", max_length=20, blank=True)
    vers = models.CharField("vers", max_length=20)
    le = models.DateTimeField("le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.depuis or '—'} → {self.vers} le {self.le:%d/%m/%Y}"


class ChangementActivite(Changement):
    activite = models.ForeignKey(Activite, on_delete=models.CASCADE, related_name="changements_statut")

    class Meta(Changement.Meta):
        verbose_name = "changement de statut d'une activité"
        verbose_name_plural = "changements de statut des activités"


class EtatTemps(models.Model):
    """A référent's monthly time statement: validated by the référent, then by their employer (locked); the
    month's activities and entretiens change only once it is reopened, with the reason (agenda/temps.py)."""

    referent = models.ForeignKey(
        Referent, verbose_name="référent", on_delete=models.PROTECT, related_name="etats_temps"
    )
    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField("mois")
    statut = models.CharField("statut", max_length=20, choices=StatutEtatTemps.choices, default="")
    valide_referent_le = models.DateTimeField("validé par le référent le", null=True, blank=True)
    valide_referent_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    valide_employeur_le = models.DateTimeField("validé par l'employeur le", null=True, blank=True)
    valide_employeur_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motif_reouverture = models.TextField("motif de la dernière réouverture", blank=True)
    repris = models.BooleanField(
        "repris de l'ancien outil",
        default=False,
        help_text="Le mois a été validé dans l'ancien outil et importé tel quel (reprise des données).",
    )
    # The statement as the référent validated it (agenda.temps.instantane): what the page, the PDF and the staff
    # cost show while the month stays validated; emptied when it is reopened.
    releve_valide = models.JSONField("état validé", null=True, blank=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "état mensuel des temps"
        verbose_name_plural = "états mensuels des temps"
        ordering = ["-annee", "-mois", "referent"]
        constraints = [
            models.UniqueConstraint(fields=["referent", "annee", "mois"], name="etat_temps_unique_par_mois"),
            models.CheckConstraint(condition=Q(mois__gte=1, mois__lte=12), name="etat_temps_mois_valide"),
            models.CheckConstraint(condition=Q(statut__in=StatutEtatTemps.values), name="etat_temps_statut_valide"),
        ]

    def __str__(self):
        return f"État des temps {self.mois:02d}/{self.annee} — {self.referent}"

    @property
    def libelle_statut(self) -> str:
        if self.repris and self.statut == StatutEtatTemps.VERROUILLE:
            return "Repris de l'ancien outil, où il était validé (verrouillé)"
        return self.get_statut_display()

    @property
    def verrouille(self) -> bool:
        """Validated (by the référent, or both): the month's time no longer changes."""
        return self.statut in (StatutEtatTemps.VALIDE_REFERENT, StatutEtatTemps.VERROUILLE)


class TempsValide(models.Model):
    """A locked month's minutes on one operation, written when the employer validates (and removed when the month
    is reopened): what the staff cost reads, without summing a year of activities and entretiens again."""

    etat = models.ForeignKey(EtatTemps, on_delete=models.CASCADE, related_name="temps_valides")
    operation = models.ForeignKey(
        Operation, verbose_name="opération", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField("minutes")

    class Meta:
        verbose_name = "temps validé sur une opération"
        verbose_name_plural = "temps validés sur les opérations"
        constraints = [
            models.UniqueConstraint(fields=["etat", "operation"], name="temps_valide_unique_par_operation"),
        ]

    def __str__(self):
        return f"{self.etat} — {self.operation or 'sans opération'} : {self.minutes} min"


class ChangementEtatTemps(Changement):
    etat = models.ForeignKey(EtatTemps, on_delete=models.CASCADE, related_name="changements_statut")

    class Meta(Changement.Meta):
        verbose_name = "changement de statut d'un état des temps"
        verbose_name_plural = "changements de statut des états des temps"


class CoutAnnuel(models.Model):
    """A référent's annual gross employment cost for a year, entered by their employer (sensitive: read by the
    employer and the structure d'animation only): the base of their hourly rate (agenda/couts.py)."""

    referent = models.ForeignKey(Referent, verbose_name="référent", on_delete=models.PROTECT, related_name="couts")
    annee = models.PositiveSmallIntegerField("année")
    montant = models.DecimalField("coût annuel brut chargé (€)", max_digits=9, decimal_places=2)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saisi_le = models.DateTimeField("saisi le", auto_now=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "coût annuel d'un référent"
        verbose_name_plural = "coûts annuels des référents"
        constraints = [
            models.UniqueConstraint(fields=["referent", "annee"], name="cout_annuel_unique_par_annee"),
            models.CheckConstraint(
                condition=Q(montant__gt=0, montant__lt=500000),
                name="cout_annuel_plausible",
                violation_error_message="Le coût annuel est compris entre 0 et 500 000 €.",
            ),
        ]

    def __str__(self):
        return f"Coût {self.annee} — {self.referent}"


def chemin_feuille(instance, nom: str) -> str:
    """A random name: nothing on disk says whose sheet it is."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"emargements/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class FeuilleEmargement(models.Model):
    """The émargement sheet of one physical contact — an entretien in person, or a collective session: signed on
    screen (the signed PDF is produced and stored) or signed on paper and scanned back; « déclarée, sans pièce »
    when the old checkbox or the old tool said it was signed but no sheet is held; « à re-signer » when the
    contact changed after it was signed (agenda/emargement.py)."""

    entretien = models.OneToOneField(
        Entretien,
        verbose_name="entretien",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feuille_emargement",
    )
    activite = models.OneToOneField(
        Activite,
        verbose_name="séance collective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feuille_emargement",
    )
    statut = models.CharField("statut", max_length=12, choices=StatutFeuille.choices, default="")
    fichier = models.FileField("feuille", upload_to=chemin_feuille, blank=True)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64, blank=True)
    empreinte_contenu = models.CharField(
        "empreinte SHA-256 du contenu",
        max_length=64,
        blank=True,
        help_text="Ce que la feuille atteste, à sa signature.",
    )
    etablie_le = models.DateTimeField("établie le", null=True, blank=True)
    etablie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="établie par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "feuille d'émargement"
        verbose_name_plural = "feuilles d'émargement"
        constraints = [
            models.CheckConstraint(
                condition=Q(entretien__isnull=False, activite__isnull=True)
                | Q(entretien__isnull=True, activite__isnull=False),
                name="feuille_entretien_ou_seance",
                violation_error_message="Une feuille d'émargement est celle d'un entretien ou d'une séance.",
            ),
            models.CheckConstraint(condition=Q(statut__in=StatutFeuille.values), name="feuille_statut_valide"),
        ]

    def __str__(self):
        return f"Feuille d'émargement — {self.entretien or self.activite}"


class SignatureEmargement(models.Model):
    """One participant's line of a sheet signed on screen: the drawn signature (PNG) and its time, or absent."""

    feuille = models.ForeignKey(FeuilleEmargement, on_delete=models.CASCADE, related_name="signatures")
    parcours = models.ForeignKey(Parcours, verbose_name="participant", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField("présent", default=True)
    image = models.BinaryField("signature (PNG)", null=True, blank=True)
    signe_le = models.DateTimeField("signé le", null=True, blank=True)

    class Meta:
        verbose_name = "signature d'émargement"
        verbose_name_plural = "signatures d'émargement"
        constraints = [
            models.UniqueConstraint(fields=["feuille", "parcours"], name="signature_unique_par_participant"),
            models.CheckConstraint(
                condition=Q(present=False) | Q(image__isnull=False, signe_le__isnull=False),
                name="signature_presente_signee",
                violation_error_message="Un participant présent signe.",
            ),
        ]

    def __str__(self):
        return f"Signature — {self.feuille}"


class ChangementFeuille(Changement):
    feuille = models.ForeignKey(FeuilleEmargement, on_delete=models.CASCADE, related_name="changements_statut")

    class Meta(Changement.Meta):
        verbose_name = "changement de statut d'une feuille d'émargement"
        verbose_name_plural = "changements de statut des feuilles d'émargement"
