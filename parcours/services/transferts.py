"""Who is in charge: transfers of a parcours or of a whole portfolio, the cancelling of a mistaken transfer, and
temporary covers. A transfer keeps its date, so that past months stay as they were."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours import droits
from parcours.enums import StatutPrescription
from parcours.models import AffectationReferent, Parcours, Prescription
from participants.models import Referent, Remplacement


@transaction.atomic
def parcours_transferer(*, parcours: Parcours, referent: Referent, date: datetime.date, par) -> Parcours:
    """Hand a parcours over to another référent from ``date`` on; the history keeps the earlier one."""
    droits.verifier_animation(par, "transfère un parcours")
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    droits.verifier_modifiable(par, parcours)
    if referent.pk == parcours.referent_id:
        raise ValidationError("Ce parcours est déjà suivi par ce référent.")
    if not parcours.contient(date):
        raise ValidationError("La date du transfert doit être comprise dans le parcours.")
    derniere = parcours.affectations.order_by("-date_debut").first()
    if derniere and date <= derniere.date_debut:
        raise ValidationError(
            f"La date du transfert doit suivre la dernière affectation ({derniere.date_debut:%d/%m/%Y})."
        )
    AffectationReferent.objects.create(parcours=parcours, referent=referent, date_debut=date, cree_par=par)
    parcours.referent = referent
    parcours.save(update_fields=["referent"])
    return parcours


@transaction.atomic
def transfert_annuler(*, parcours: Parcours, par) -> Parcours:
    """Cancel the last transfer of a parcours (a mistake): the previous référent is in charge again, as if the
    transfer had never happened; the history keeps the cancelled assignment."""
    droits.verifier_animation(par, "annule un transfert")
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    droits.verifier_modifiable(par, parcours)
    affectations = list(parcours.affectations.order_by("-date_debut")[:2])
    if len(affectations) < 2:
        raise ValidationError("Ce parcours n'a jamais été transféré : il n'y a pas de transfert à annuler.")
    derniere, precedente = affectations
    derniere.delete()
    parcours.referent_id = precedente.referent_id
    parcours.save(update_fields=["referent"])
    return parcours


@transaction.atomic
def portefeuille_transferer(*, de: Referent, vers: Referent, date: datetime.date, par) -> tuple[int, int]:
    """When a référent leaves: every open parcours and every waiting prescription goes to another, from ``date``.

    All or nothing; returns (parcours, prescriptions) transferred.
    """
    droits.verifier_animation(par, "transfère un portefeuille")
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
        parcours_transferer(parcours=parcours, referent=vers, date=date, par=par)
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
def remplacement_creer(*, remplacant: Referent, remplace: Referent, date_debut, date_fin, motif: str = "", par):
    """A temporary cover: the remplaçant handles the remplacé's portfolio between the two dates, included."""
    droits.verifier_animation(par, "organise un remplacement")
    remplacement = Remplacement(
        remplacant=remplacant, remplace=remplace, date_debut=date_debut, date_fin=date_fin, motif=motif
    )
    remplacement.full_clean()
    remplacement.save()
    return remplacement
