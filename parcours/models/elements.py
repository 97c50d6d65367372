"""The elements of a parcours: diagnostic, étapes, entretiens, veilles, aides, the 55+ exception."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import (
    DegreFrein,
    DomaineClea,
    FamilleFrein,
    IssueEtape,
    ModeEntretien,
    NatureAide,
    NiveauClea,
    ObjetAide,
    StatutCommission,
    TypeEntretien,
)
from parcours.models.communs import (
    DUREE_MAX_VEILLE,
    _date_fr,
)
from parcours.models.parcours import (
    ElementDuParcours,
    Parcours,
)
from parcours.models.referentiels import TypeEtape
from participants.models import Referent
from plie.champs import TEXTE_LONG, texte_libre
from plie.contraintes import ContraintesGroupees
from programmation.models import Operation

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


class FreinDiagnostic(ContraintesGroupees):
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


class PositionnementClea(ContraintesGroupees):
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
    notes = texte_libre("notes", limite=TEXTE_LONG, blank=True)

    historique = HistoricalRecords(verbose_name_plural="historique")

    class Meta:
        verbose_name = "entretien"
        verbose_name_plural = "entretiens"
        ordering = ["parcours", "-date"]
        indexes = [
            models.Index(fields=["parcours", "date"], name="entretien_parcours_date_idx"),
            models.Index(fields=["referent", "date"], name="entretien_referent_date_idx"),  # the agenda's week
        ]
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
        # The « veille dépassée » alert reads the open veilles only.
        indexes = [
            models.Index(fields=["date_fin_prevue"], condition=Q(date_fin__isnull=True), name="veille_ouverte_idx")
        ]
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


DECIDEES = [StatutCommission.VALIDEE, StatutCommission.RENVOYEE]


class DerogationSenior(ContraintesGroupees):
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
            models.CheckConstraint(
                condition=Q(commission__in=DECIDEES, decidee_le__isnull=False)
                | (~Q(commission__in=DECIDEES) & Q(decidee_le__isnull=True)),
                name="derogation_senior_decision_datee",
                violation_error_message="Une dérogation décidée a sa date de décision ; aucune autre n'en a.",
            ),
        ]

    def __str__(self):
        return f"Dérogation 55 ans et plus ({self.get_commission_display().lower()})"

    @property
    def validee(self) -> bool:
        return self.commission == StatutCommission.VALIDEE
