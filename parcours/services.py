"""Writes that touch several models: each validates, then runs in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import (
    AffectationReferent,
    CritereEligibilite,
    MotifNonEntree,
    MotifSortie,
    Parcours,
    Prescription,
)
from participants.models import Participant, Referent, Remplacement, age_au

DEJA_ACCOMPAGNEE = "Personne déjà accompagnée par le PLIE — contactez la structure d'animation."


def _verifier_non_decidee(prescription: Prescription) -> None:
    if prescription.est_decidee:
        raise ValidationError(
            f"Cette prescription a déjà été décidée ({prescription.get_statut_display().lower()} "
            f"le {prescription.date_decision:%d/%m/%Y}) : une prescription ne se décide qu'une fois."
        )
    if prescription.referent_id is None:
        raise ValidationError("Cette prescription doit d'abord être pré-affectée à un référent.")


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
    _verifier_non_decidee(prescription)
    prescription.statut = StatutPrescription.NON_ENTREE
    prescription.date_decision = date
    prescription.motif_non_entree = motif
    prescription.commentaire_decision = commentaire
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def parcours_ouvrir(
    *,
    prescription: Prescription,
    participant: Participant,
    date_entree: datetime.date,
    criteres: list[CritereEligibilite] | tuple = (),
    **situation,
) -> Parcours:
    """Record the entry: the prescription is decided, a parcours opens with the pre-assigned référent."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    _verifier_non_decidee(prescription)
    parcours = Parcours(
        participant=participant,
        prescription=prescription,
        referent_id=prescription.referent_id,
        date_entree=date_entree,
        age_entree=age_au(participant.date_naissance, date_entree) if participant.date_naissance else None,
        **situation,
    )
    parcours.full_clean()
    prescription.statut = StatutPrescription.ENTREE
    prescription.date_decision = date_entree
    prescription.participant = participant
    prescription.full_clean()
    prescription.save()
    parcours.save()
    parcours.criteres.set(criteres)
    AffectationReferent.objects.create(parcours=parcours, referent_id=parcours.referent_id, date_debut=date_entree)
    return parcours


@transaction.atomic
def parcours_transferer(*, parcours: Parcours, referent: Referent, date: datetime.date) -> Parcours:
    """Hand a parcours over to another référent from ``date`` on; the history keeps the earlier one."""
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    if referent.pk == parcours.referent_id:
        raise ValidationError("Ce parcours est déjà suivi par ce référent.")
    if not parcours.contient(date):
        raise ValidationError("La date du transfert doit être comprise dans le parcours.")
    derniere = parcours.affectations.order_by("-date_debut").first()
    if derniere and date <= derniere.date_debut:
        raise ValidationError(
            f"La date du transfert doit suivre la dernière affectation ({derniere.date_debut:%d/%m/%Y})."
        )
    AffectationReferent.objects.create(parcours=parcours, referent=referent, date_debut=date)
    parcours.referent = referent
    parcours.save(update_fields=["referent"])
    return parcours


@transaction.atomic
def sortie_enregistrer(
    *, parcours: Parcours, date_sortie: datetime.date, motif: MotifSortie, commentaire: str = ""
) -> Parcours:
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    if parcours.date_sortie:
        raise ValidationError(f"Ce parcours est déjà sorti le {parcours.date_sortie:%d/%m/%Y}.")
    parcours.date_sortie = date_sortie
    parcours.motif_sortie = motif
    parcours.commentaire_sortie = commentaire
    parcours.sortie_commission = StatutCommission.A_VALIDER
    parcours.full_clean()
    parcours.save()
    return parcours


@transaction.atomic
def sortie_corriger(
    *, parcours: Parcours, date_sortie: datetime.date, motif: MotifSortie, commentaire: str = ""
) -> Parcours:
    """The référent corrects an exit the commission sent back; it goes back to the commission."""
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    if parcours.sortie_commission != StatutCommission.RENVOYEE:
        raise ValidationError("Seule une sortie renvoyée par la commission se corrige.")
    parcours.date_sortie, parcours.motif_sortie, parcours.commentaire_sortie = date_sortie, motif, commentaire
    parcours.sortie_commission = StatutCommission.A_VALIDER
    parcours.full_clean()
    parcours.save()
    return parcours


@transaction.atomic
def commission_decider(*, parcours: Parcours, objet: str, valider: bool, par, commentaire: str = "") -> Parcours:
    """Validate the entry or the exit, or send it back with a comment. No date and no count changes."""
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    if objet not in ("entree", "sortie"):
        raise ValidationError("La commission examine une entrée ou une sortie.")
    if getattr(parcours, f"{objet}_commission") != StatutCommission.A_VALIDER:
        raise ValidationError("Cette décision n'attend pas la commission (déjà validée ou renvoyée).")
    if not valider and not commentaire.strip():
        raise ValidationError("Indiquez au référent ce qu'il doit corriger.")
    setattr(parcours, f"{objet}_commission", StatutCommission.VALIDEE if valider else StatutCommission.RENVOYEE)
    setattr(parcours, f"{objet}_commentaire_commission", commentaire)
    if valider:
        setattr(parcours, f"{objet}_validee_le", timezone.now())
        setattr(parcours, f"{objet}_validee_par", par)
    parcours.save()
    return parcours


@transaction.atomic
def prescription_creer(**donnees) -> Prescription:
    prescription = Prescription(**donnees)
    if prescription.referent_id and not prescription.date_preaffectation:
        prescription.date_preaffectation = prescription.date_prescription
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def entree_enregistrer(
    *,
    prescription: Prescription,
    participant: Participant | None,
    nouvelle_personne: dict | None,
    date_entree: datetime.date,
    criteres=(),
    **situation,
) -> Parcours:
    """The entry: the known person (or a new one, created here) enters; all or nothing."""
    if participant is None:
        participant = Participant(**(nouvelle_personne or {}))
        participant.full_clean()
        participant.save()
    elif participant.parcours.filter(date_sortie__isnull=True).exists():
        raise ValidationError(DEJA_ACCOMPAGNEE)
    return parcours_ouvrir(
        prescription=prescription, participant=participant, date_entree=date_entree, criteres=criteres, **situation
    )


@transaction.atomic
def element_enregistrer(*, element):
    """Save an étape, entretien, veille or aide of an open parcours, after every model rule."""
    element.full_clean()
    element.save()
    return element


@transaction.atomic
def portefeuille_transferer(*, de: Referent, vers: Referent, date: datetime.date) -> tuple[int, int]:
    """When a référent leaves: every open parcours and every waiting prescription goes to another, from ``date``.

    All or nothing; returns (parcours, prescriptions) transferred.
    """
    if de.pk == vers.pk:
        raise ValidationError("Choisissez deux référents différents.")
    ouverts = list(Parcours.objects.select_for_update().filter(referent=de, date_sortie__isnull=True))
    trop_recents = [p for p in ouverts if p.date_entree >= date]
    if trop_recents:
        raise ValidationError(
            f"{len(trop_recents)} parcours sont entrés à cette date ou après : choisissez une date de transfert "
            "postérieure à leur entrée."
        )
    for parcours in ouverts:
        parcours_transferer(parcours=parcours, referent=vers, date=date)
    en_attente = list(
        Prescription.objects.select_for_update().filter(referent=de, statut=StatutPrescription.EN_ATTENTE)
    )
    for prescription in en_attente:
        prescription.referent = vers
        prescription.date_preaffectation = max(date, prescription.date_prescription)
        prescription.full_clean()
        prescription.save()
    return len(ouverts), len(en_attente)


@transaction.atomic
def remplacement_creer(*, remplacant: Referent, remplace: Referent, date_debut, date_fin, motif: str = ""):
    """A temporary cover: the remplaçant handles the remplacé's portfolio between the two dates, included."""
    remplacement = Remplacement(
        remplacant=remplacant, remplace=remplace, date_debut=date_debut, date_fin=date_fin, motif=motif
    )
    remplacement.full_clean()
    remplacement.save()
    return remplacement


@transaction.atomic
def entree_corriger(*, parcours: Parcours, date_entree: datetime.date, criteres=(), **situation) -> Parcours:
    """Correct the entry data; an entry the commission sent back goes back to it."""
    parcours = Parcours.objects.select_for_update().select_related("participant", "prescription").get(pk=parcours.pk)
    affectations = list(parcours.affectations.order_by("date_debut"))
    if len(affectations) > 1 and date_entree >= affectations[1].date_debut:
        raise ValidationError("La date d'entrée doit précéder le premier transfert du parcours.")
    for champ, valeur in situation.items():
        setattr(parcours, champ, valeur)
    parcours.date_entree = date_entree
    if parcours.participant.date_naissance:
        parcours.age_entree = age_au(parcours.participant.date_naissance, date_entree)
    if parcours.entree_commission == StatutCommission.RENVOYEE:
        parcours.entree_commission = StatutCommission.A_VALIDER
    parcours.full_clean()
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
