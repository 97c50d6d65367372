import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from participants.enums import GroupeLettre, Nationalite, Sexe, TypeQuartier
from plie import access
from plie.contraintes import ContraintesGroupees
from plie.enums import Role


class Commune(models.Model):
    nom = models.CharField("nom", max_length=100, unique=True)
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    code_postal = models.CharField("code postal", max_length=5)
    dans_le_territoire = models.BooleanField(
        "dans le territoire du PLIE", default=True, help_text="Décocher pour une commune qui a quitté le territoire."
    )
    zone_rurale = models.BooleanField(
        "zone rurale (FSE+)",
        null=True,
        blank=True,
        help_text="Pour l'indicateur FSE+ « participants des zones rurales » ; inconnu tant que non renseigné.",
    )

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Quartier(models.Model):
    nom = models.CharField("nom", max_length=100)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="quartiers")
    type = models.CharField("type", max_length=10, choices=TypeQuartier.choices)
    code = models.CharField("code national", max_length=20, blank=True)

    class Meta:
        verbose_name = "quartier"
        verbose_name_plural = "quartiers"
        ordering = ["commune__nom", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "nom"], name="quartier_unique_par_commune"),
            models.CheckConstraint(condition=Q(type__in=TypeQuartier.values), name="quartier_type_valide"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune.nom})"


class StructurePorteuse(models.Model):
    """An organisation that employs référents de parcours (answer to the "portage" call for projects)."""

    nom = models.CharField("nom", max_length=200, unique=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True)
    utilisateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateurs de la structure",
        blank=True,
        related_name="structures_porteuses",
        help_text="Comptes au rôle « structure porteuse » qui voient les chiffres de leurs référents.",
    )

    class Meta:
        verbose_name = "structure porteuse"
        verbose_name_plural = "structures porteuses"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class ReferentQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """The référents whose activity (counts, never a participant) a user may read: all for the structure
        d'animation, those of their structures for a structure porteuse, themselves for a référent."""
        if access.est_animation(user):
            return self.all()
        if access.a_le_role(user, Role.PORTEUR):
            return self.filter(structure__in=user.structures_porteuses.all())
        if access.est_referent(user):
            return self.filter(utilisateur=user)
        return self.none()

    def avec_etp_au(self, date: datetime.date):
        """Annotate ``etp``: the ETP in post at ``date`` (0 before arrival and after departure)."""
        etp = ReferentEtp.objects.filter(referent=OuterRef("pk"), date_debut__lte=date).order_by("-date_debut")
        return self.annotate(etp=Coalesce(Subquery(etp.values("etp")[:1]), Value(Decimal("0"))))

    def en_poste_au(self, date: datetime.date):
        return self.avec_etp_au(date).filter(etp__gt=0)

    def agissant_pour(self, user, *, au: datetime.date):
        """The référent records a user acts for at ``au``: their own, and those they cover for that day."""
        return self.filter(
            Q(utilisateur=user)
            | Q(
                remplacements_recus__remplacant__utilisateur=user,
                remplacements_recus__date_debut__lte=au,
                remplacements_recus__date_fin__gte=au,
            )
        ).distinct()


class Referent(models.Model):
    """A référent de parcours: the person who accompanies participants, employed by a structure porteuse."""

    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    structure = models.ForeignKey(
        StructurePorteuse, verbose_name="structure porteuse", on_delete=models.PROTECT, related_name="referents"
    )
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte utilisateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent",
    )

    objects = ReferentQuerySet.as_manager()

    class Meta:
        verbose_name = "référent de parcours"
        verbose_name_plural = "référents de parcours"
        ordering = ["nom", "prenom"]

    def __str__(self):
        return f"{self.prenom} {self.nom}"

    def etp_au(self, date: datetime.date) -> Decimal:
        ligne = self.historique_etp.filter(date_debut__lte=date).order_by("-date_debut").first()
        return ligne.etp if ligne else Decimal("0")


class ReferentEtpQuerySet(models.QuerySet):
    def en_vigueur_au(self, date: datetime.date):
        """The ETP line of each référent in force at ``date`` (the latest that started on or before it)."""
        plus_recente = ReferentEtp.objects.filter(
            referent=OuterRef("referent"), date_debut__gt=OuterRef("date_debut"), date_debut__lte=date
        )
        return self.filter(date_debut__lte=date).exclude(Exists(plus_recente))


class ReferentEtp(models.Model):
    """The référent's ETP from ``date_debut`` until the next line; an ETP of 0 marks a departure."""

    referent = models.ForeignKey(
        Referent, verbose_name="référent", on_delete=models.CASCADE, related_name="historique_etp"
    )
    date_debut = models.DateField("à partir du")
    etp = models.DecimalField(
        "ETP",
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Équivalent temps plein, entre 0 (départ) et 1.",
    )

    objects = ReferentEtpQuerySet.as_manager()

    class Meta:
        verbose_name = "ETP du référent"
        verbose_name_plural = "historique des ETP"
        ordering = ["referent", "date_debut"]
        constraints = [
            models.UniqueConstraint(fields=["referent", "date_debut"], name="etp_une_ligne_par_date"),
            models.CheckConstraint(
                condition=Q(etp__gte=0, etp__lte=1),
                name="etp_entre_0_et_1",
                violation_error_message="L'ETP doit être compris entre 0 et 1.",
            ),
        ]

    def __str__(self):
        return f"{self.referent} : {self.etp} ETP à partir du {self.date_debut:%d/%m/%Y}"


class Remplacement(ContraintesGroupees):
    """A référent covers for another (leave, maternity) between two dates, both included."""

    remplacant = models.ForeignKey(
        Referent, verbose_name="référent remplaçant", on_delete=models.CASCADE, related_name="remplacements_assures"
    )
    remplace = models.ForeignKey(
        Referent, verbose_name="référent remplacé", on_delete=models.CASCADE, related_name="remplacements_recus"
    )
    date_debut = models.DateField("du")
    date_fin = models.DateField("au")
    motif = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "remplacement"
        verbose_name_plural = "remplacements"
        ordering = ["-date_debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__gte=F("date_debut")),
                name="remplacement_dates_ordonnees",
                violation_error_message="La fin du remplacement ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=~Q(remplacant=F("remplace")),
                name="remplacement_pas_soi_meme",
                violation_error_message="Un référent ne peut pas se remplacer lui-même.",
            ),
        ]

    def __str__(self):
        return f"{self.remplacant} remplace {self.remplace} du {self.date_debut:%d/%m/%Y} au {self.date_fin:%d/%m/%Y}"


class GroupePrescripteur(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=150)
    groupe_lettre = models.CharField(
        "regroupement dans la lettre", max_length=30, choices=GroupeLettre.choices, default=GroupeLettre.AUTRES
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "groupe de prescripteurs"
        verbose_name_plural = "groupes de prescripteurs"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class Prescripteur(models.Model):
    """A prescribing organisation (an agency of France Travail, a service of the Département, …)."""

    nom = models.CharField("nom", max_length=200, unique=True)
    groupe = models.ForeignKey(
        GroupePrescripteur, verbose_name="groupe", on_delete=models.PROTECT, related_name="prescripteurs"
    )
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True)
    actif = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "prescripteur"
        verbose_name_plural = "prescripteurs"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class ContactPrescripteur(models.Model):
    """The professional who makes prescriptions within a prescribing organisation."""

    prescripteur = models.ForeignKey(
        Prescripteur, verbose_name="prescripteur", on_delete=models.CASCADE, related_name="contacts"
    )
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_prescripteur",
        help_text="Le compte au rôle « prescripteur » de ce contact : il prescrit en ligne et suit les prescriptions "
        "de son organisation.",
    )
    bilan_mensuel = models.BooleanField(
        "reçoit le bilan mensuel",
        default=False,
        help_text="Un courriel chaque mois : les prescriptions de l'organisation, entrées, non-entrées, délais "
        "(des chiffres, jamais de nom).",
    )
    dernier_bilan = models.DateField(
        "dernier bilan mensuel envoyé", null=True, blank=True, editable=False, help_text="Le mois qu'il couvrait."
    )

    class Meta:
        verbose_name = "contact prescripteur"
        verbose_name_plural = "contacts prescripteurs"
        ordering = ["prescripteur", "nom", "prenom"]

    def __str__(self):
        return f"{self.prenom} {self.nom} ({self.prescripteur})"

    def clean(self):
        super().clean()
        if self.utilisateur_id and self.utilisateur.role != Role.PRESCRIPTEUR:
            raise ValidationError({"utilisateur": "Seul un compte au rôle « prescripteur » se rattache à un contact."})


NAISSANCE_MIN = datetime.date(1900, 1, 1)


class Participant(ContraintesGroupees):
    """The person. What describes their situation at entry lives on each parcours."""

    nom = models.CharField("nom", max_length=100)
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    prenom = models.CharField("prénom", max_length=100)
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField(
        "date de naissance", null=True, help_text="Effacée à l'anonymisation : l'âge à l'entrée reste sur le parcours."
    )
    nationalite = models.CharField("nationalité", max_length=10, choices=Nationalite.choices)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name="commune de résidence", on_delete=models.PROTECT, related_name="participants"
    )
    quartier = models.ForeignKey(
        Quartier, verbose_name="quartier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "participant"
        verbose_name_plural = "participants"
        ordering = ["nom", "prenom"]
        constraints = [
            models.CheckConstraint(condition=Q(sexe__in=Sexe.values), name="participant_sexe_valide"),
            models.CheckConstraint(
                condition=Q(nationalite__in=Nationalite.values), name="participant_nationalite_valide"
            ),
        ]
        indexes = [models.Index(fields=["nom", "prenom", "date_naissance"], name="participant_identite_idx")]

    def __str__(self):
        return f"{self.nom.upper()} {self.prenom}"

    def clean(self):
        errors = {}
        if self.quartier_id and self.commune_id and self.quartier.commune_id != self.commune_id:
            errors["quartier"] = "Ce quartier n'est pas dans la commune de résidence indiquée."
        if self.date_naissance and not NAISSANCE_MIN <= self.date_naissance <= timezone.localdate():
            errors["date_naissance"] = (
                "Date de naissance invalide : elle doit être comprise entre 1900 et aujourd'hui."
            )
        if errors:
            raise ValidationError(errors)

    def age_au(self, date: datetime.date) -> int:
        return age_au(self.date_naissance, date)


def age_au(naissance: datetime.date, date: datetime.date) -> int:
    return date.year - naissance.year - ((date.month, date.day) < (naissance.month, naissance.day))
