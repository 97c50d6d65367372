"""The prescription: a request that a person be accompanied."""

import datetime
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import OriginePrescription, SituationPrescription, StatutPrescription
from parcours.models.communs import (
    _date_fr,
    _referents_de,
    dates_futures,
    debut_base_active,
)
from parcours.models.referentiels import MotifNonEntree
from participants.enums import Sexe
from participants.models import (
    Commune,
    ContactPrescripteur,
    Participant,
    Prescripteur,
    Referent,
)
from plie import access
from plie.champs import texte_libre
from plie.contraintes import ContraintesGroupees

# --- Prescription ------------------------------------------------------------------------------------------


def chemin_piece_jointe(instance, nom: str) -> str:
    """A random name: the original file name (which may hold the person's name) is not kept on disk."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"prescriptions/{uuid.uuid4().hex}.{extension}"


Q_A_RAPPROCHER = Q(rapprochement_demande_le__isnull=False, statut=StatutPrescription.EN_ATTENTE)


class PrescriptionQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=StatutPrescription.EN_ATTENTE)

    def a_rapprocher(self):
        """Waiting for the structure d'animation to match the person with those the PLIE knows."""
        return self.filter(Q_A_RAPPROCHER)

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

    def du_prescripteur(self, user, *, au: datetime.date | None = None):
        """For a prescriber's account: the prescriptions of their organisation while they are followed — waiting,
        then until PRESCRIPTEUR_SUIVI_MOIS months after the non-entry or after the end of the parcours. Nothing of
        them is shown afterwards but counts (reporting/indicateurs/prescripteurs.py)."""
        if not access.est_prescripteur(user):
            return self.none()
        limite = (au or timezone.localdate()) - relativedelta(months=settings.PRESCRIPTEUR_SUIVI_MOIS)
        suivie = (
            Q(statut=StatutPrescription.EN_ATTENTE)
            | Q(statut=StatutPrescription.NON_ENTREE, date_decision__gte=limite)
            | Q(statut=StatutPrescription.ENTREE, parcours__date_sortie__isnull=True)
            | Q(statut=StatutPrescription.ENTREE, parcours__date_sortie__gte=limite)
        )
        organisation = ContactPrescripteur.objects.filter(utilisateur=user).values("prescripteur_id")
        return self.filter(suivie, prescripteur_id__in=organisation)


class Prescription(ContraintesGroupees):
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
    origine = models.CharField(
        "origine", max_length=20, choices=OriginePrescription.choices, default=OriginePrescription.SAISIE
    )
    situation = models.CharField(
        "situation décrite par le prescripteur", max_length=30, choices=SituationPrescription.choices, blank=True
    )
    personne_informee = models.BooleanField(
        "la personne est informée et accepte d'être contactée",
        default=False,
        help_text="Obligatoire pour une prescription envoyée en ligne.",
    )
    envoyee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    piece_jointe = models.FileField(
        "pièce jointe",
        upload_to=chemin_piece_jointe,
        blank=True,
        help_text="Jointe par le prescripteur : versée aux documents de la personne à l'entrée, effacée après une "
        "non-entrée.",
    )

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
                condition=~Q(origine=OriginePrescription.EN_LIGNE) | Q(personne_informee=True),
                name="prescription_en_ligne_personne_informee",
                violation_error_message=(
                    "La personne doit être informée de la prescription et accepter d'être contactée."
                ),
            ),
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
        errors = dates_futures(self, ("date_prescription", "date_preaffectation", "date_decision", "date_naissance"))
        if self.contact_id and self.prescripteur_id and self.contact.prescripteur_id != self.prescripteur_id:
            errors["contact"] = "Ce contact n'appartient pas au prescripteur choisi."
        if errors:
            raise ValidationError(errors)

    @property
    def est_decidee(self) -> bool:
        return self.statut != StatutPrescription.EN_ATTENTE
