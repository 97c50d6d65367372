from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from plie.enums import ActionJournal, Role


def normaliser_email(email: str | None) -> str:
    """One spelling per address, at creation, sign-in and lockout alike: no surrounding spaces, lower case."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not normaliser_email(email):
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=normaliser_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATEUR)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=normaliser_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: identified by email, with one role.

    The link to a référent record or to a structure porteuse lives on the domain side
    (``participants.Referent.utilisateur``, ``participants.StructurePorteuse.utilisateurs``).
    """

    email = models.EmailField(
        "adresse électronique",
        unique=True,
        error_messages={"unique": "Un compte existe déjà avec cette adresse électronique."},
    )
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField("nom", max_length=100, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField(
        "accès à l'administration",
        default=False,
        help_text="Donne accès à l'interface d'administration (référentiels).",
    )
    date_joined = models.DateTimeField("date de création", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["nom", "prenom", "email"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valide"),
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_sans_casse",
                violation_error_message="Un compte existe déjà avec cette adresse électronique.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normaliser_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normaliser_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self):
        return self.prenom or self.email


class ParametresRole(models.Model):
    """Security settings of a role, edited by the structure d'animation."""

    role = models.CharField("rôle", max_length=20, choices=Role.choices, unique=True)
    double_authentification = models.BooleanField(
        "double authentification obligatoire",
        default=False,
        help_text="Les comptes de ce rôle devront saisir un code à usage unique (application TOTP) à la connexion.",
    )

    class Meta:
        verbose_name = "paramètres de sécurité d'un rôle"
        verbose_name_plural = "paramètres de sécurité des rôles"
        ordering = ["role"]

    def __str__(self):
        return self.get_role_display()


class JournalAcces(models.Model):
    """Who read or exported what, when, from where: identifiers only, never the personal data itself."""

    date = models.DateTimeField("date", default=timezone.now, db_index=True)
    utilisateur = models.ForeignKey(
        User, verbose_name="utilisateur", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField("action", max_length=20, choices=ActionJournal.choices)
    objet = models.CharField("type d'objet", max_length=50)
    objet_id = models.BigIntegerField("identifiant de l'objet", null=True)
    participant_id = models.BigIntegerField("identifiant du participant", null=True, db_index=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True)

    class Meta:
        verbose_name = "entrée du journal des accès"
        verbose_name_plural = "journal des accès"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_action_display()} de {self.objet} n° {self.objet_id}"


class StatutDemande(models.TextChoices):
    A_VALIDER = "a_valider", "À valider"
    APPROUVEE = "approuvee", "Approuvée"
    REFUSEE = "refusee", "Refusée"


class DemandeRole(models.Model):
    """A request to give an account a role with access to participants' data (référent, structure d'animation):
    the structure d'animation approves it before it takes effect. The table is the journal of those grants."""

    utilisateur = models.ForeignKey(
        User,
        verbose_name="compte",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="demandes_role",
        help_text="Vide tant que le compte n'existe pas (invitation à approuver).",
    )
    email = models.EmailField("adresse électronique")
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField("nom", max_length=100, blank=True)
    role = models.CharField("rôle demandé", max_length=20, choices=Role.choices)
    demandee_par = models.ForeignKey(
        User,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : créée par la commande d'installation.",
    )
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    statut = models.CharField("statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.A_VALIDER)
    decidee_par = models.ForeignKey(
        User, verbose_name="décidée par", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "demande d'accès aux données"
        verbose_name_plural = "demandes d'accès aux données"
        ordering = ["-demandee_le"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(statut="a_valider"),
                name="demande_role_une_en_attente_par_adresse",
                violation_error_message="Une demande attend déjà la structure d'animation pour cette adresse.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} pour {self.email}"


class Actualisation(models.Model):
    """A summary the product computes in the background and shows with its time (the FSE+ completeness, the
    alert counts across référents, the monthly summaries): when a refresh was asked for, started, and when the
    last one completed (``plie.actualisations``)."""

    nom = models.CharField("nom", max_length=60, unique=True)
    demandee_le = models.DateTimeField("demandée le", null=True, blank=True)
    commencee_le = models.DateTimeField("commencée le", null=True, blank=True)
    calculee_le = models.DateTimeField(
        "calculée le", null=True, blank=True, help_text="Début du dernier calcul terminé : l'état des données lues."
    )
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)

    class Meta:
        verbose_name = "actualisation d'une synthèse"
        verbose_name_plural = "actualisations des synthèses"

    def __str__(self):
        return self.nom


class TacheEmbarquee(models.Model):
    """A task of the embedded mode (no broker): queued in the database, so that a restart of the server loses
    none; the background thread of the server's process runs them one at a time (``plie.taches``)."""

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        TERMINEE = "terminee", "Terminée"
        ECHOUEE = "echouee", "Échouée"

    nom = models.CharField("tâche", max_length=100)
    arguments = models.JSONField("arguments", default=list)
    etat = models.CharField("état", max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE)
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    commencee_le = models.DateTimeField("commencée le", null=True, blank=True)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)
    erreur = models.CharField("erreur", max_length=200, blank=True)
    prise_par = models.CharField(
        "prise par", max_length=120, blank=True, help_text="Machine et processus qui l'exécutent (hôte:pid)."
    )

    class Meta:
        verbose_name = "tâche du mode embarqué"
        verbose_name_plural = "tâches du mode embarqué"
        indexes = [models.Index(fields=["etat", "id"], name="tache_embarquee_file")]

    def __str__(self):
        return f"{self.nom} ({self.get_etat_display()})"
