import datetime
import uuid
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import (
    CategorieEtape,
    DegreFrein,
    DomaineClea,
    FamilleFrein,
    IssueEtape,
    ModeEntretien,
    NatureAide,
    NatureDocument,
    NiveauClea,
    ObjetAide,
    RegleSortie,
    SerieCritere,
    SituationEmploi,
    StatutCommission,
    StatutPrescription,
    TypeEntretien,
    TypePositive,
)
from participants.enums import NiveauFormation, Sexe
from participants.models import (
    Commune,
    ContactPrescripteur,
    Participant,
    Prescripteur,
    Quartier,
    Referent,
    age_au,
)
from plie import access
from plie.champs import TEXTE_LONG, texte_libre
from programmation.models import Operation

DUREE_MAX_VEILLE = relativedelta(months=2)


AGE_MINIMUM_ENTREE = 16


def _date_fr(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def dates_futures(objet, champs) -> dict[str, str]:
    """The errors of the past facts dated after today (Europe/Paris): ``champs`` are field names."""
    aujourdhui = timezone.localdate()
    return {
        champ: f"Cette date ne peut pas être postérieure à aujourd'hui ({_date_fr(aujourdhui)})."
        for champ in champs
        if getattr(objet, champ) and getattr(objet, champ) > aujourdhui
    }


# --- Referentials (edited by the structure d'animation in the admin) ---------------------------------------


class CritereEligibilite(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=250)
    serie = models.CharField("série", max_length=30, choices=SerieCritere.choices)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère d'éligibilité"
        verbose_name_plural = "critères d'éligibilité"
        ordering = ["serie", "ordre"]

    def __str__(self):
        return self.libelle


class MotifNonEntree(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=150)
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


# --- Prescription ------------------------------------------------------------------------------------------


class PrescriptionQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=StatutPrescription.EN_ATTENTE)

    def visibles_par(self, user):
        """All for the structure d'animation; for a référent, those pre-assigned to them (or to whom they cover
        for), waiting or decided within the active base."""
        if access.est_animation(user):
            return self.all()
        if not access.est_referent(user):
            return self.none()
        limite = debut_base_active()
        dans_la_base_active = (
            Q(statut=StatutPrescription.EN_ATTENTE)
            | Q(statut=StatutPrescription.NON_ENTREE, date_decision__gte=limite)
            | Q(parcours__date_sortie__isnull=False, parcours__date_sortie__gte=limite)
            | Q(statut=StatutPrescription.ENTREE, parcours__date_sortie__isnull=True)
        )
        return self.filter(dans_la_base_active, referent__in=_referents_de(user))


class Prescription(models.Model):
    """A request, by a prescribing organisation, that a person be accompanied by the PLIE."""

    date_prescription = models.DateField("date de prescription")
    prescripteur = models.ForeignKey(
        Prescripteur, verbose_name="prescripteur", on_delete=models.PROTECT, related_name="prescriptions"
    )
    contact = models.ForeignKey(
        ContactPrescripteur,
        verbose_name="contact prescripteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prescriptions",
    )
    # Identity as given by the prescriber; the participant record is created or found at entry.
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True)
    observations = texte_libre("observations du prescripteur", blank=True)

    referent = models.ForeignKey(
        Referent,
        verbose_name="référent pré-affecté",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescriptions",
    )
    date_preaffectation = models.DateField("date de pré-affectation", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutPrescription.choices, default=StatutPrescription.EN_ATTENTE
    )
    date_decision = models.DateField("date de décision", null=True, blank=True)
    motif_non_entree = models.ForeignKey(
        MotifNonEntree, verbose_name="motif de non-entrée", on_delete=models.PROTECT, null=True, blank=True
    )
    commentaire_decision = texte_libre("commentaire", blank=True)
    rapprochement_demande_le = models.DateTimeField(
        "envoyée au rapprochement le",
        null=True,
        blank=True,
        editable=False,
        help_text="La personne ressemble à une personne connue du PLIE hors du périmètre du référent : la structure "
        "d'animation la rapproche (ou crée une nouvelle personne) à l'entrée.",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescriptions",
    )

    objects = PrescriptionQuerySet.as_manager()

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "prescription"
        verbose_name_plural = "prescriptions"
        ordering = ["-date_prescription", "-pk"]
        indexes = [
            models.Index(fields=["statut", "date_decision"], name="prescription_decision_idx"),
            models.Index(fields=["date_prescription"], name="prescription_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(statut__in=StatutPrescription.values), name="prescription_statut"),
            models.CheckConstraint(
                condition=Q(statut=StatutPrescription.EN_ATTENTE, date_decision__isnull=True)
                | (~Q(statut=StatutPrescription.EN_ATTENTE) & Q(date_decision__isnull=False)),
                name="prescription_decision_datee",
                violation_error_message="Une prescription décidée doit avoir une date de décision, et seulement elle.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutPrescription.EN_ATTENTE) | Q(referent__isnull=False),
                name="prescription_decidee_si_preaffectee",
                violation_error_message=(
                    "Une prescription ne peut être décidée qu'une fois pré-affectée à un référent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutPrescription.NON_ENTREE, motif_non_entree__isnull=False)
                | (~Q(statut=StatutPrescription.NON_ENTREE) & Q(motif_non_entree__isnull=True)),
                name="prescription_motif_si_non_entree",
                violation_error_message="Une non-entrée doit avoir un motif, et seule une non-entrée en a un.",
            ),
            models.CheckConstraint(
                condition=Q(referent__isnull=True, date_preaffectation__isnull=True)
                | Q(referent__isnull=False, date_preaffectation__isnull=False),
                name="prescription_preaffectation_datee",
                violation_error_message="La pré-affectation doit être datée.",
            ),
            models.CheckConstraint(
                condition=Q(date_decision__isnull=True) | Q(date_decision__gte=F("date_prescription")),
                name="prescription_decision_apres_prescription",
                violation_error_message="La décision ne peut pas précéder la prescription.",
            ),
            models.CheckConstraint(
                condition=Q(date_preaffectation__isnull=True) | Q(date_preaffectation__gte=F("date_prescription")),
                name="prescription_preaffectation_apres_prescription",
                violation_error_message="La pré-affectation ne peut pas précéder la prescription.",
            ),
        ]

    def __str__(self):
        return f"Prescription du {_date_fr(self.date_prescription)} ({self.prescripteur})"

    def clean(self):
        errors = dates_futures(self, ("date_prescription", "date_preaffectation", "date_decision"))
        if self.contact_id and self.prescripteur_id and self.contact.prescripteur_id != self.prescripteur_id:
            errors["contact"] = "Ce contact n'appartient pas au prescripteur choisi."
        if errors:
            raise ValidationError(errors)

    @property
    def est_decidee(self) -> bool:
        return self.statut != StatutPrescription.EN_ATTENTE


# --- Parcours ----------------------------------------------------------------------------------------------


def q_file_active(*, au: datetime.date, prefixe: str = "") -> Q:
    """In the file active at ``au``: entered on or before, not exited on or before (docs/indicateurs.md).

    ``prefixe`` reaches the parcours from another model (``"parcours__"``).
    """
    return Q(**{f"{prefixe}date_entree__lte": au}) & (
        Q(**{f"{prefixe}date_sortie__isnull": True}) | Q(**{f"{prefixe}date_sortie__gt": au})
    )


def q_accompagnes(*, debut: datetime.date, fin: datetime.date, prefixe: str = "") -> Q:
    """Accompanied during [debut, fin]: entered by ``fin`` and not exited before ``debut``."""
    return Q(**{f"{prefixe}date_entree__lte": fin}) & (
        Q(**{f"{prefixe}date_sortie__isnull": True}) | Q(**{f"{prefixe}date_sortie__gte": debut})
    )


def debut_base_active(aujourdhui: datetime.date | None = None) -> datetime.date:
    """Parcours that ended before this date have left the active base (RGPD): référents no longer see them."""
    return (aujourdhui or timezone.localdate()) - relativedelta(years=settings.RGPD_BASE_ACTIVE_ANNEES)


def _referents_de(user):
    return Referent.objects.agissant_pour(user, au=timezone.localdate())


class ParcoursQuerySet(models.QuerySet):
    def ouverts(self):
        return self.filter(date_sortie__isnull=True)

    def visibles_par(self, user):
        """The parcours a user may open: all for the structure d'animation; for a référent, those of their
        portfolio (and of the portfolios they cover for), with the earlier parcours of the same people, within
        the active base; nothing for the other roles."""
        if access.est_animation(user):
            return self.all()
        if not access.est_referent(user):
            return self.none()
        referents = _referents_de(user)
        mes_participants = Parcours.objects.filter(referent__in=referents, date_sortie__isnull=True).values(
            "participant_id"
        )
        dans_la_base_active = Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut_base_active())
        return self.filter(dans_la_base_active).filter(
            Q(referent__in=referents) | Q(participant_id__in=mes_participants)
        )

    def file_active(self, *, au: datetime.date):
        return self.filter(q_file_active(au=au))

    def a_valider(self, objet: str):
        """The entries (``objet="entree"``) or exits (``"sortie"``) awaiting the commission."""
        return self.filter(**{f"{objet}_commission": StatutCommission.A_VALIDER})

    def accompagnes(self, *, debut: datetime.date, fin: datetime.date):
        return self.filter(q_accompagnes(debut=debut, fin=fin))


class Parcours(models.Model):
    """One accompaniment of a person by the PLIE, from entry to exit (sortie)."""

    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.PROTECT, related_name="parcours"
    )
    prescription = models.OneToOneField(
        Prescription, verbose_name="prescription", on_delete=models.PROTECT, related_name="parcours"
    )
    referent = models.ForeignKey(
        Referent,
        verbose_name="référent en charge",
        on_delete=models.PROTECT,
        related_name="parcours",
        help_text="Le référent actuel ; l'historique des affectations est conservé.",
    )
    date_entree = models.DateField("date d'entrée")

    # Situation at entry (FSE and indicators).
    age_entree = models.PositiveSmallIntegerField(
        "âge à l'entrée", null=True, editable=False, help_text="Calculé à l'entrée ; conservé après anonymisation."
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune de résidence à l'entrée", on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier à l'entrée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    niveau_formation = models.CharField(
        "niveau de formation", max_length=20, choices=NiveauFormation.choices, default=NiveauFormation.INCONNU
    )
    situation_emploi = models.CharField(
        "situation sur le marché du travail", max_length=20, choices=SituationEmploi.choices
    )
    inscrit_france_travail = models.BooleanField("inscrit à France Travail", default=False)
    date_inscription_france_travail = models.DateField("inscrit depuis le", null=True, blank=True)
    chomeur_longue_duree = models.BooleanField("demandeur d'emploi de longue durée", default=False)
    rsa = models.BooleanField("bénéficiaire du RSA", default=False)
    ass = models.BooleanField("bénéficiaire de l'ASS", default=False)
    aah = models.BooleanField("bénéficiaire de l'AAH", default=False)
    rqth = models.BooleanField("reconnaissance de travailleur handicapé (RQTH)", default=False)
    parent_isole = models.BooleanField("parent isolé", default=False)
    probleme_mobilite = models.BooleanField("problème de mobilité", default=False)
    probleme_logement = models.BooleanField("problème de logement", default=False)
    mesure_justice = models.BooleanField("sous main de justice", default=False)
    autorise_travailler = models.BooleanField("autorisé à travailler en France", default=True)
    criteres = models.ManyToManyField(
        CritereEligibilite, verbose_name="critères d'éligibilité", blank=True, related_name="parcours"
    )
    date_contrat_engagement = models.DateField("contrat d'engagement signé le", null=True, blank=True)
    date_information_rgpd = models.DateField(
        "notice d'information sur les données personnelles remise le", null=True, blank=True
    )

    # Sortie.
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    motif_sortie = models.ForeignKey(
        MotifSortie, verbose_name="motif de sortie", on_delete=models.PROTECT, null=True, blank=True
    )
    commentaire_sortie = texte_libre("commentaire sur la sortie", blank=True)
    # The entries-exits commission: a quality check that never changes a count.
    entree_commission = models.CharField(
        "entrée en commission", max_length=20, choices=StatutCommission.choices, default=StatutCommission.A_VALIDER
    )
    entree_commentaire_commission = texte_libre("commentaire de la commission sur l'entrée", blank=True)
    entree_validee_le = models.DateTimeField("entrée validée le", null=True, blank=True)
    entree_validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="entrée validée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entree_champs_corriges = models.JSONField(
        "données d'entrée corrigées après validation", default=list, blank=True, editable=False
    )
    sortie_commission = models.CharField(
        "sortie en commission", max_length=20, choices=StatutCommission.choices, blank=True
    )
    sortie_commentaire_commission = texte_libre("commentaire de la commission sur la sortie", blank=True)
    sortie_validee_le = models.DateTimeField("sortie validée le", null=True, blank=True)
    sortie_validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sortie validée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ParcoursQuerySet.as_manager()

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-date_entree", "-pk"]
        indexes = [
            models.Index(fields=["date_entree"], name="parcours_entree_idx"),
            models.Index(fields=["date_sortie"], name="parcours_sortie_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(date_sortie__isnull=True),
                name="un_parcours_ouvert_par_participant",
                violation_error_message="Cette personne a déjà un parcours en cours au PLIE.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True) | Q(date_sortie__gte=F("date_entree")),
                name="parcours_sortie_apres_entree",
                violation_error_message="La date de sortie ne peut pas précéder la date d'entrée.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True, motif_sortie__isnull=True)
                | Q(date_sortie__isnull=False, motif_sortie__isnull=False),
                name="parcours_sortie_motivee",
                violation_error_message="Une sortie doit avoir une date et un motif.",
            ),
            models.CheckConstraint(
                condition=Q(sortie_validee_le__isnull=True) | Q(date_sortie__isnull=False),
                name="parcours_validation_si_sortie",
                violation_error_message="Seule une sortie enregistrée peut être validée.",
            ),
            models.CheckConstraint(
                condition=Q(situation_emploi__in=SituationEmploi.values), name="parcours_situation_emploi"
            ),
            models.CheckConstraint(
                condition=Q(niveau_formation__in=NiveauFormation.values), name="parcours_niveau_formation"
            ),
        ]

    def __str__(self):
        return f"Parcours entré le {_date_fr(self.date_entree)}"

    def suivi_par(self, user) -> bool:
        """Whether ``user`` acts on this parcours today: the structure d'animation, or its référent (or the one
        covering for them). A former référent of the person does not."""
        if access.est_animation(user):
            return True
        return access.est_referent(user) and _referents_de(user).filter(pk=self.referent_id).exists()

    def clean(self):
        errors = dates_futures(
            self, ("date_entree", "date_sortie", "date_contrat_engagement", "date_information_rgpd")
        )
        if not self.autorise_travailler:
            errors["autorise_travailler"] = (
                "Une personne non autorisée à travailler en France ne peut pas entrer au PLIE."
            )
        naissance = self.participant.date_naissance if self.participant_id else None
        if naissance and self.date_entree and age_au(naissance, self.date_entree) < AGE_MINIMUM_ENTREE:
            errors.setdefault(
                "date_entree",
                f"La personne a {age_au(naissance, self.date_entree)} ans à la date d'entrée : il faut avoir "
                f"{AGE_MINIMUM_ENTREE} ans au moins pour entrer au PLIE.",
            )
        if self.prescription_id and self.date_entree and self.date_entree < self.prescription.date_prescription:
            errors["date_entree"] = (
                f"L'entrée ne peut pas précéder la prescription du {_date_fr(self.prescription.date_prescription)}."
            )
        if self.quartier_id and self.commune_id and self.quartier.commune_id != self.commune_id:
            errors["quartier"] = "Ce quartier n'est pas dans la commune de résidence indiquée."
        if (
            self.date_inscription_france_travail
            and self.date_entree
            and self.date_inscription_france_travail > self.date_entree
        ):
            errors["date_inscription_france_travail"] = "L'inscription à France Travail est postérieure à l'entrée."
        if self.participant_id and self.date_entree:
            precedent = (
                Parcours.objects.filter(participant_id=self.participant_id)
                .exclude(pk=self.pk)
                .filter(date_entree__lte=self.date_entree)
                .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=self.date_entree))
                .first()
            )
            if precedent:
                errors["date_entree"] = (
                    "Cette personne était encore accompagnée à cette date : "
                    "un nouveau parcours ne peut commencer qu'après la sortie du précédent."
                )
        if self.date_sortie and self.date_entree and self.date_sortie < self.date_entree:
            errors["date_sortie"] = f"La sortie ne peut pas précéder l'entrée du {_date_fr(self.date_entree)}."
        if errors:
            raise ValidationError(errors)

    def contient(self, date: datetime.date) -> bool:
        return self.date_entree <= date and (self.date_sortie is None or date <= self.date_sortie)


def participants_visibles_par(user):
    """The people behind the parcours a user may open; every person for the structure d'animation (a person
    recorded without a parcours included)."""
    if access.est_animation(user):
        return Participant.objects.all()
    return Participant.objects.filter(Exists(Parcours.objects.visibles_par(user).filter(participant=OuterRef("pk"))))


class AffectationReferent(models.Model):
    """The référent in charge of a parcours from ``date_debut`` on (history of transfers)."""

    parcours = models.ForeignKey(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="affectations"
    )
    referent = models.ForeignKey(
        Referent, verbose_name="référent", on_delete=models.PROTECT, related_name="affectations"
    )
    date_debut = models.DateField("à partir du")
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "affectation à un référent"
        verbose_name_plural = "affectations aux référents"
        ordering = ["parcours", "date_debut"]
        constraints = [
            models.UniqueConstraint(fields=["parcours", "date_debut"], name="affectation_une_par_date"),
        ]

    def __str__(self):
        return f"{self.referent} à partir du {_date_fr(self.date_debut)}"


class ElementDuParcours(models.Model):
    """Something that happens inside a parcours: it cannot start outside it."""

    date_champ = "date"
    dates_passees = ("date",)  # facts that cannot be dated after today (planned ends may be)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        futures = dates_futures(self, self.dates_passees)
        if futures:
            raise ValidationError(futures)
        date = getattr(self, self.date_champ)
        if not (self.parcours_id and date):
            return
        parcours = self.parcours
        if date < parcours.date_entree:
            raise ValidationError(
                {self.date_champ: f"Cette date précède l'entrée dans le parcours ({_date_fr(parcours.date_entree)})."}
            )
        if parcours.date_sortie and date > parcours.date_sortie:
            raise ValidationError(
                {self.date_champ: f"Cette date suit la sortie du parcours ({_date_fr(parcours.date_sortie)})."}
            )


# --- Diagnostic --------------------------------------------------------------------------------------------


class Diagnostic(ElementDuParcours):
    parcours = models.OneToOneField(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="diagnostic"
    )
    date = models.DateField("date du diagnostic")
    commentaire = texte_libre("commentaire", blank=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "diagnostic d'entrée"
        verbose_name_plural = "diagnostics d'entrée"

    def __str__(self):
        return f"Diagnostic du {_date_fr(self.date)}"


class FreinDiagnostic(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="diagnostic", on_delete=models.CASCADE, related_name="freins"
    )
    famille = models.CharField("famille de freins", max_length=20, choices=FamilleFrein.choices)
    degre = models.CharField("degré", max_length=10, choices=DegreFrein.choices)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "frein à l'emploi"
        verbose_name_plural = "freins à l'emploi"
        ordering = ["diagnostic", "famille"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "famille"],
                name="frein_une_fois_par_famille",
                violation_error_message="Cette famille de freins est déjà évaluée dans ce diagnostic.",
            ),
            models.CheckConstraint(condition=Q(famille__in=FamilleFrein.values), name="frein_famille_valide"),
            models.CheckConstraint(condition=Q(degre__in=DegreFrein.values), name="frein_degre_valide"),
        ]

    def __str__(self):
        return f"{self.get_famille_display()} : {self.get_degre_display()}"


class PositionnementClea(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="diagnostic", on_delete=models.CASCADE, related_name="positionnements_clea"
    )
    domaine = models.CharField("domaine CléA", max_length=20, choices=DomaineClea.choices)
    niveau = models.CharField("niveau", max_length=20, choices=NiveauClea.choices)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "positionnement CléA"
        verbose_name_plural = "positionnements CléA"
        ordering = ["diagnostic", "domaine"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "domaine"],
                name="clea_une_fois_par_domaine",
                violation_error_message="Ce domaine CléA est déjà positionné dans ce diagnostic.",
            ),
            models.CheckConstraint(condition=Q(domaine__in=DomaineClea.values), name="clea_domaine_valide"),
            models.CheckConstraint(condition=Q(niveau__in=NiveauClea.values), name="clea_niveau_valide"),
        ]

    def __str__(self):
        return f"{self.get_domaine_display()} : {self.get_niveau_display()}"


# --- Étapes ------------------------------------------------------------------------------------------------


class EtapeQuerySet(models.QuerySet):
    def en_cours_entre(self, *, debut: datetime.date, fin: datetime.date):
        """Étapes in progress at some time in [debut, fin]."""
        return self.filter(date_debut__lte=fin).filter(Q(date_fin__isnull=True) | Q(date_fin__gte=debut))


class Etape(ElementDuParcours):
    date_champ = "date_debut"
    dates_passees = ("date_debut", "date_fin")

    parcours = models.ForeignKey(Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="etapes")
    type = models.ForeignKey(TypeEtape, verbose_name="type d'étape", on_delete=models.PROTECT, related_name="etapes")
    operation = models.ForeignKey(
        Operation,
        verbose_name="opération de la programmation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="etapes",
    )
    date_debut = models.DateField("début")
    date_fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    date_fin = models.DateField("fin réelle", null=True, blank=True)
    issue = models.CharField("issue", max_length=20, choices=IssueEtape.choices, blank=True)
    employeur_organisme = models.CharField("employeur ou organisme", max_length=200, blank=True)
    intitule = models.CharField("poste ou intitulé de l'action", max_length=200, blank=True)
    heures_hebdo = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("48"))],
    )
    temps_partiel_accepte = models.BooleanField(
        "emploi de moins de 17 h 30 par semaine accepté par la personne",
        default=False,
        help_text="Permet la sortie « Emploi aidé » pour un emploi de moins d'un mi-temps.",
    )
    commentaire = texte_libre("commentaire", blank=True)

    objects = EtapeQuerySet.as_manager()

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "étape de parcours"
        verbose_name_plural = "étapes de parcours"
        ordering = ["parcours", "date_debut"]
        indexes = [models.Index(fields=["date_debut", "date_fin"], name="etape_periode_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="etape_fin_apres_debut",
                violation_error_message="La fin de l'étape ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin_prevue__isnull=True) | Q(date_fin_prevue__gte=F("date_debut")),
                name="etape_fin_prevue_apres_debut",
                violation_error_message="La fin prévue de l'étape ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True, issue="") | Q(date_fin__isnull=False, issue__in=IssueEtape.values),
                name="etape_issue_si_terminee",
                violation_error_message=(
                    "Une étape terminée doit indiquer comment elle s'est terminée, et seulement elle."
                ),
            ),
            models.CheckConstraint(
                condition=Q(heures_hebdo__isnull=True) | Q(heures_hebdo__gte=0, heures_hebdo__lte=48),
                name="etape_heures_plausibles",
                violation_error_message="Le nombre d'heures par semaine doit être compris entre 0 et 48.",
            ),
        ]

    def __str__(self):
        return f"{self.type} à partir du {_date_fr(self.date_debut)}"


# --- Entretiens, veilles, aides ----------------------------------------------------------------------------


class Entretien(ElementDuParcours):
    parcours = models.ForeignKey(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="entretiens"
    )
    referent = models.ForeignKey(
        Referent, verbose_name="référent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField("date")
    type = models.CharField("type", max_length=20, choices=TypeEntretien.choices)
    mode = models.CharField("modalité", max_length=20, choices=ModeEntretien.choices)
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    emargement_signe = models.BooleanField("feuille d'émargement signée", default=False)
    notes = texte_libre("notes", limite=TEXTE_LONG, blank=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "entretien"
        verbose_name_plural = "entretiens"
        ordering = ["parcours", "-date"]
        indexes = [models.Index(fields=["parcours", "date"], name="entretien_parcours_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gte=1, duree_minutes__lte=480),
                name="entretien_duree_plausible",
                violation_error_message="La durée d'un entretien est comprise entre 1 et 480 minutes.",
            ),
            models.CheckConstraint(condition=Q(type__in=TypeEntretien.values), name="entretien_type_valide"),
            models.CheckConstraint(condition=Q(mode__in=ModeEntretien.values), name="entretien_mode_valide"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {_date_fr(self.date)}"


class Veille(ElementDuParcours):
    """A temporary unavailability of the participant: two months at most."""

    date_champ = "date_debut"
    dates_passees = ("date_debut", "date_fin")

    parcours = models.ForeignKey(Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="veilles")
    date_debut = models.DateField("début")
    date_fin_prevue = models.DateField("fin prévue")
    date_fin = models.DateField("fin réelle", null=True, blank=True)
    motif = models.CharField("motif", max_length=200)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "veille"
        verbose_name_plural = "veilles"
        ordering = ["parcours", "date_debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin_prevue__gte=F("date_debut")),
                name="veille_fin_prevue_apres_debut",
                violation_error_message="La fin prévue de la veille ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="veille_fin_apres_debut",
                violation_error_message="La fin de la veille ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return f"Veille du {_date_fr(self.date_debut)}"

    def clean(self):
        super().clean()
        if self.date_debut and self.date_fin_prevue and self.date_fin_prevue > self.date_debut + DUREE_MAX_VEILLE:
            limite = self.date_debut + DUREE_MAX_VEILLE
            raise ValidationError(
                {"date_fin_prevue": f"Une veille dure au plus 2 mois : fin prévue au plus tard le {_date_fr(limite)}."}
            )


class AideIndividuelle(ElementDuParcours):
    """An individual aid of the enveloppe souple."""

    parcours = models.ForeignKey(Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="aides")
    date = models.DateField("date")
    nature = models.CharField("nature", max_length=20, choices=NatureAide.choices)
    objet = models.CharField("objet", max_length=20, choices=ObjetAide.choices)
    montant = models.DecimalField(
        "montant (€)", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    operation = models.ForeignKey(
        Operation,
        verbose_name="opération qui la finance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aides",
    )
    commentaire = texte_libre("commentaire", blank=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "aide individuelle"
        verbose_name_plural = "aides individuelles"
        ordering = ["parcours", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="aide_montant_positif",
                violation_error_message="Le montant de l'aide doit être positif.",
            ),
            models.CheckConstraint(condition=Q(nature__in=NatureAide.values), name="aide_nature_valide"),
            models.CheckConstraint(condition=Q(objet__in=ObjetAide.values), name="aide_objet_valide"),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} : {self.montant} €"


class DerogationSenior(models.Model):
    """The 55+ exception: a CDDI or chantier d'insertion held 6 months by a person aged 55 or more counts as an
    "Emploi aidé" exit once the entries-exits commission has validated it (who, when, why)."""

    parcours = models.OneToOneField(
        Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="derogation_senior"
    )
    etape = models.ForeignKey(
        Etape, verbose_name="étape d'insertion", on_delete=models.PROTECT, related_name="derogations"
    )
    justification = texte_libre("pourquoi cette dérogation")
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    commission = models.CharField(
        "décision de la commission",
        max_length=20,
        choices=StatutCommission.choices,
        default=StatutCommission.A_VALIDER,
    )
    commentaire_commission = texte_libre("motif de la décision de la commission", blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "dérogation 55 ans et plus"
        verbose_name_plural = "dérogations 55 ans et plus"
        constraints = [
            models.CheckConstraint(
                condition=Q(commission__in=StatutCommission.values), name="derogation_senior_statut"
            ),
        ]

    def __str__(self):
        return f"Dérogation 55 ans et plus ({self.get_commission_display().lower()})"

    @property
    def validee(self) -> bool:
        return self.commission == StatutCommission.VALIDEE


def chemin_document(instance, nom: str) -> str:
    """A random name: the original file name (which may hold a person's name) is not kept on disk."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """A document belongs to the parcours it was uploaded on: it is seen by whoever sees that parcours (a
        référent whose parcours ended does not see what a later référent uploaded)."""
        return self.filter(parcours__in=Parcours.objects.visibles_par(user))


class Document(models.Model):
    """A participant's document, uploaded on one parcours, stored privately and served only through the access
    policy."""

    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.CASCADE, related_name="documents"
    )
    parcours = models.ForeignKey(Parcours, verbose_name="parcours", on_delete=models.CASCADE, related_name="documents")
    nature = models.CharField("nature", max_length=30, choices=NatureDocument.choices)
    libelle = models.CharField("libellé", max_length=200, blank=True)
    fichier = models.FileField("fichier", upload_to=chemin_document)
    televerse_le = models.DateTimeField("déposé le", default=timezone.now)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    historique = HistoricalRecords(verbose_name_plural="historique")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["-televerse_le"]

    def __str__(self):
        return self.libelle or self.get_nature_display()

    def supprimable_par(self, user) -> bool:
        """The référent of the open parcours, or the structure d'animation whatever the parcours."""
        return access.est_animation(user) or (self.parcours.date_sortie is None and self.parcours.suivi_par(user))
