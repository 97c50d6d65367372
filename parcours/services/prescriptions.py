"""Prescriptions: recorded, pre-assigned, corrected while they wait, and decided once (entry or non-entry)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parcours.enums import StatutPrescription
from parcours.models import MotifNonEntree, Prescription
from participants.models import Referent

# What a waiting prescription's correction may change (its decision and pre-assignment have their own services).
CHAMPS_MODIFIABLES = (
    "date_prescription",
    "prescripteur",
    "contact",
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "telephone",
    "email",
    "commune",
    "observations",
)


def verifier_non_decidee(prescription: Prescription) -> None:
    if prescription.est_decidee:
        raise ValidationError(
            f"Cette prescription a déjà été décidée ({prescription.get_statut_display().lower()} "
            f"le {prescription.date_decision:%d/%m/%Y}) : une prescription ne se décide qu'une fois."
        )
    if prescription.referent_id is None:
        raise ValidationError("Cette prescription doit d'abord être pré-affectée à un référent.")


@transaction.atomic
def prescription_rapprochement_demander(*, prescription: Prescription, par=None) -> Prescription:
    """Send a waiting prescription to the structure d'animation's queue: the person looks like someone known to the
    PLIE outside the référent's scope; the structure d'animation links them, or creates a new person, at entry."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if not prescription.est_decidee and prescription.rapprochement_demande_le is None:
        prescription.rapprochement_demande_le = timezone.now()
        prescription.save(update_fields=["rapprochement_demande_le"])
    return prescription


@transaction.atomic
def prescription_creer(**donnees) -> Prescription:
    prescription = Prescription(**donnees)
    if prescription.referent_id and not prescription.date_preaffectation:
        prescription.date_preaffectation = prescription.date_prescription
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_modifier(*, prescription: Prescription, **donnees) -> Prescription:
    """Correct a prescription that still waits for its decision (what the prescriber sent)."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.est_decidee:
        raise ValidationError("Cette prescription est déjà décidée : elle ne se modifie plus.")
    inconnus = set(donnees) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    for champ, valeur in donnees.items():
        setattr(prescription, champ, valeur)
    if prescription.date_preaffectation and prescription.date_preaffectation < prescription.date_prescription:
        raise ValidationError(
            {
                "date_prescription": "La prescription ne peut pas suivre sa pré-affectation du "
                f"{prescription.date_preaffectation:%d/%m/%Y}."
            }
        )
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_preaffecter(*, prescription: Prescription, referent: Referent, date: datetime.date) -> Prescription:
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.est_decidee:
        raise ValidationError("Cette prescription est déjà décidée : sa pré-affectation ne peut plus changer.")
    prescription.referent = referent
    prescription.date_preaffectation = date
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_non_entree(
    *, prescription: Prescription, motif: MotifNonEntree, date: datetime.date, commentaire: str = ""
) -> Prescription:
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    verifier_non_decidee(prescription)
    prescription.statut = StatutPrescription.NON_ENTREE
    prescription.date_decision = date
    prescription.motif_non_entree = motif
    prescription.commentaire_decision = commentaire
    prescription.full_clean()
    prescription.save()
    return prescription
