"""The entry into the PLIE: a person (known or new) enters from their prescription; the entry data corrected."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import AffectationReferent, CritereEligibilite, Parcours, Prescription
from parcours.services.prescriptions import verifier_non_decidee
from participants.models import Participant, age_au

DEJA_ACCOMPAGNEE = "Personne déjà accompagnée par le PLIE — contactez la structure d'animation."
HORS_TERRITOIRE = "Cette commune n'est pas dans le territoire du PLIE : la personne doit y résider pour entrer."


def _verifier_personne(participant: Participant) -> None:
    if participant.anonymise_le:
        raise ValidationError("Cette personne a été anonymisée : elle ne peut pas entrer de nouveau.")
    if participant.date_naissance is None:
        raise ValidationError(
            {"date_naissance": "La date de naissance est nécessaire pour vérifier l'âge à la date d'entrée."}
        )


@transaction.atomic
def parcours_ouvrir(
    *,
    prescription: Prescription,
    participant: Participant,
    date_entree: datetime.date,
    criteres: list[CritereEligibilite] | tuple = (),
    par=None,
    **situation,
) -> Parcours:
    """Record the entry: the prescription is decided, a parcours opens with the pre-assigned référent."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    verifier_non_decidee(prescription)
    _verifier_personne(participant)
    if participant.parcours.filter(date_sortie__isnull=True).exists():
        raise ValidationError(DEJA_ACCOMPAGNEE)
    parcours = Parcours(
        participant=participant,
        prescription=prescription,
        referent_id=prescription.referent_id,
        date_entree=date_entree,
        age_entree=age_au(participant.date_naissance, date_entree) if date_entree else None,
        **situation,
    )
    parcours.full_clean()
    if not parcours.commune.dans_le_territoire:
        raise ValidationError({"commune": HORS_TERRITOIRE})
    prescription.statut = StatutPrescription.ENTREE
    prescription.date_decision = date_entree
    prescription.participant = participant
    prescription.full_clean()
    prescription.save()
    parcours.save()
    parcours.criteres.set(criteres)
    AffectationReferent.objects.create(
        parcours=parcours, referent_id=parcours.referent_id, date_debut=date_entree, cree_par=par
    )
    return parcours


@transaction.atomic
def entree_enregistrer(
    *,
    prescription: Prescription,
    participant: Participant | None,
    nouvelle_personne: dict | None,
    date_entree: datetime.date,
    criteres=(),
    par=None,
    **situation,
) -> Parcours:
    """The entry: the known person (or a new one, created here) enters; all or nothing."""
    if participant is None:
        participant = Participant(**(nouvelle_personne or {}))
        participant.full_clean()
        _verifier_personne(participant)
        participant.save()
    return parcours_ouvrir(
        prescription=prescription,
        participant=participant,
        date_entree=date_entree,
        criteres=criteres,
        par=par,
        **situation,
    )


def _valeurs(parcours: Parcours, champs) -> dict:
    return {champ: getattr(parcours, champ) for champ in champs}


@transaction.atomic
def entree_corriger(*, parcours: Parcours, date_entree: datetime.date, criteres=(), **situation) -> Parcours:
    """Correct the entry data. A validated entry that changes goes back to the commission, which sees the fields
    that changed; an entry the commission sent back goes back to it."""
    parcours = Parcours.objects.select_for_update().select_related("participant", "prescription").get(pk=parcours.pk)
    affectations = list(parcours.affectations.order_by("date_debut"))
    if len(affectations) > 1 and date_entree >= affectations[1].date_debut:
        raise ValidationError({"date_entree": "La date d'entrée doit précéder le premier transfert du parcours."})
    champs = ["date_entree", *situation]
    avant = _valeurs(parcours, champs)
    criteres_avant = set(parcours.criteres.values_list("pk", flat=True))
    commune_avant = parcours.commune_id
    for champ, valeur in situation.items():
        setattr(parcours, champ, valeur)
    parcours.date_entree = date_entree
    if parcours.participant.date_naissance:
        parcours.age_entree = age_au(parcours.participant.date_naissance, date_entree)
    parcours.full_clean()
    if parcours.commune_id != commune_avant and not parcours.commune.dans_le_territoire:
        raise ValidationError({"commune": HORS_TERRITOIRE})
    apres = _valeurs(parcours, champs)
    changes = [str(Parcours._meta.get_field(c).verbose_name) for c in champs if avant[c] != apres[c]]
    if criteres_avant != {c.pk for c in criteres}:
        changes.append(str(Parcours._meta.get_field("criteres").verbose_name))
    if parcours.entree_commission == StatutCommission.RENVOYEE:
        parcours.entree_commission = StatutCommission.A_VALIDER
    elif parcours.entree_commission == StatutCommission.VALIDEE and changes:
        parcours.entree_commission = StatutCommission.A_VALIDER
        parcours.entree_validee_le = parcours.entree_validee_par = None
        parcours.entree_champs_corriges = changes
    elif parcours.entree_commission == StatutCommission.A_VALIDER and parcours.entree_champs_corriges:
        parcours.entree_champs_corriges = list(dict.fromkeys([*parcours.entree_champs_corriges, *changes]))
    parcours.save()
    parcours.criteres.set(criteres)
    prescription = parcours.prescription
    prescription.date_decision = date_entree
    prescription.full_clean()
    prescription.save()
    if affectations:
        affectations[0].date_debut = date_entree
        affectations[0].save(update_fields=["date_debut"])
    return parcours
