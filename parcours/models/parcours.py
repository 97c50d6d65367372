"""The parcours, its assignments to référents, and the base of its elements."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from parcours.enums import (
    SituationEmploi,
    StatutCommission,
)
from parcours.models.communs import (
    AGE_MINIMUM_ENTREE,
    _date_fr,
    _referents_de,
    dates_futures,
    debut_base_active,
    q_accompagnes,
    q_file_active,
)
from parcours.models.prescriptions import Prescription
from parcours.models.referentiels import (
    CritereEligibilite,
    MotifSortie,
)
from participants.enums import NiveauFormation
from participants.models import (
    Commune,
    Participant,
    Quartier,
    Referent,
    age_au,
)
from plie import access
from plie.champs import texte_libre
from plie.contraintes import ContraintesGroupees

# --- Parcours ----------------------------------------------------------------------------------------------


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
        # A union of two indexed lookups, not « référent IN … OR participant IN … »: PostgreSQL misestimates the
        # OR over two columns and scans the whole table (and every entretien joined to it) to apply it.
        perimetre = (
            Parcours.objects.filter(referent__in=referents)
            .order_by()
            .values("pk")
            .union(Parcours.objects.filter(participant_id__in=mes_participants).order_by().values("pk"))
        )
        dans_la_base_active = Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut_base_active())
        return self.filter(dans_la_base_active).filter(pk__in=perimetre)

    def file_active(self, *, au: datetime.date):
        return self.filter(q_file_active(au=au))

    def a_valider(self, objet: str):
        """The entries (``objet="entree"``) or exits (``"sortie"``) awaiting the commission."""
        return self.filter(**{f"{objet}_commission": StatutCommission.A_VALIDER})

    def accompagnes(self, *, debut: datetime.date, fin: datetime.date):
        return self.filter(q_accompagnes(debut=debut, fin=fin))


class Parcours(ContraintesGroupees):
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
    # The participant told that the FSE+ cofinances their accompaniment (Regulation (EU) 2021/1060, art. 50).
    date_information_fse = models.DateField("informé(e) du cofinancement par le FSE+ le", null=True, blank=True)

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
            # A référent's open parcours, latest entries first (their home page, their file active).
            models.Index(
                "referent",
                models.F("date_entree").desc(),
                condition=Q(date_sortie__isnull=True),
                name="parcours_ouverts_referent_idx",
            ),
            # The commission's queue and the sent-back decisions: a few hundred rows, read without a scan.
            models.Index(
                fields=["entree_commission"],
                condition=Q(entree_commission__in=["a_valider", "renvoyee"]),
                name="parcours_entree_a_traiter_idx",
            ),
            models.Index(
                fields=["sortie_commission"],
                condition=Q(sortie_commission__in=["a_valider", "renvoyee"]),
                name="parcours_sortie_a_traiter_idx",
            ),
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
            # Each commission status with its date (parcours/statuts.py moves them together).
            models.CheckConstraint(
                condition=Q(entree_commission=StatutCommission.VALIDEE, entree_validee_le__isnull=False)
                | (~Q(entree_commission=StatutCommission.VALIDEE) & Q(entree_validee_le__isnull=True)),
                name="parcours_entree_validee_datee",
                violation_error_message="Une entrée validée a sa date de validation ; aucune autre n'en a.",
            ),
            models.CheckConstraint(
                condition=Q(sortie_commission=StatutCommission.VALIDEE, sortie_validee_le__isnull=False)
                | (~Q(sortie_commission=StatutCommission.VALIDEE) & Q(sortie_validee_le__isnull=True)),
                name="parcours_sortie_validee_datee",
                violation_error_message="Une sortie validée a sa date de validation ; aucune autre n'en a.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True, sortie_commission="")
                | (Q(date_sortie__isnull=False) & ~Q(sortie_commission="")),
                name="parcours_sortie_en_commission",
                violation_error_message="Une sortie enregistrée passe en commission ; sans sortie, rien n'y passe.",
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
            self,
            ("date_entree", "date_sortie", "date_contrat_engagement", "date_information_rgpd", "date_information_fse"),
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


class ElementDuParcours(ContraintesGroupees):
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
