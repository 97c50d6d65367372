"""Prescriptions: recorded, pre-assigned, corrected while they wait, and decided once (entry or non-entry)."""

import datetime
import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parcours import champs, droits, pieces, statuts
from parcours.enums import OriginePrescription, StatutPrescription
from parcours.models import Document, MotifNonEntree, Parcours, Prescription, TypePiece
from participants.models import ContactPrescripteur, Referent
from plie import access
from plie.fichiers import JPEG, MEGA, PDF, PNG, verifier_fichier
from plie.statuts import AUCUN

CHAMPS_MODIFIABLES = champs.PRESCRIPTION


def verifier_non_decidee(prescription: Prescription) -> None:
    if prescription.est_decidee:
        raise ValidationError(
            f"Cette prescription a déjà été décidée ({prescription.get_statut_display().lower()} "
            f"le {prescription.date_decision:%d/%m/%Y}) : une prescription ne se décide qu'une fois."
        )
    if prescription.referent_id is None:
        raise ValidationError("Cette prescription doit d'abord être pré-affectée à un référent.")


@transaction.atomic
def prescription_rapprochement_demander(*, prescription: Prescription, par=None, identite: dict | None = None):
    """Send a waiting prescription to the structure d'animation's queue: the person looks like someone known to the
    PLIE outside the référent's scope, or the référent typed another identity at entry (``identite``: recorded on
    the prescription, whose history keeps what the prescriber sent); the structure d'animation links them, or
    creates a new person, at entry."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.est_decidee:
        return prescription
    champs = []
    if identite:
        for champ in ("nom", "prenom", "date_naissance"):
            if identite.get(champ) and getattr(prescription, champ) != identite[champ]:
                setattr(prescription, champ, identite[champ])
                champs.append(champ)
    if champs:  # the identity typed is checked; the rest of the prescription is not this act's
        prescription.full_clean(exclude=[f.name for f in Prescription._meta.fields if f.name not in champs])
    if prescription.rapprochement_demande_le is None:
        prescription.rapprochement_demande_le = timezone.now()
        champs.append("rapprochement_demande_le")
    if champs:
        prescription.save(update_fields=champs)
    return prescription


@transaction.atomic
def prescription_creer(*, par, **donnees) -> Prescription:
    """A prescription typed by the PLIE (or imported), waiting for its decision."""
    droits.verifier_animation(par, "saisit une prescription")
    prescription = Prescription(**donnees, statut=AUCUN)
    statuts.PRESCRIPTION.passer(prescription, StatutPrescription.EN_ATTENTE, par=par)
    if prescription.referent_id and not prescription.date_preaffectation:
        prescription.date_preaffectation = prescription.date_prescription
    prescription.full_clean()
    prescription.save()
    return prescription


CHAMPS_EN_LIGNE = champs.PRESCRIPTION_EN_LIGNE
TYPES_PIECE_JOINTE = (PDF, PNG, JPEG)
TAILLE_PIECE_JOINTE = 10 * MEGA


@transaction.atomic
def prescription_envoyer(*, par, piece_jointe=None, **donnees) -> Prescription:
    """A prescription sent online by a prescriber's account: dated today, from their organisation and contact
    record, waiting for the structure d'animation to pre-assign it. Nothing is checked against the people the PLIE
    knows here — the duplicate check happens on the PLIE's side, and the prescriber learns nothing of it."""
    contact = ContactPrescripteur.objects.select_related("prescripteur").filter(utilisateur=par).first()
    if not access.est_prescripteur(par) or contact is None:
        raise PermissionDenied("Seul un compte prescripteur rattaché à son organisation prescrit en ligne.")
    if not contact.prescripteur.actif:
        raise PermissionDenied(
            "Votre organisation n'est plus active auprès du PLIE : contactez la structure d'animation."
        )
    inconnus = set(donnees) - set(CHAMPS_EN_LIGNE)
    if inconnus:
        raise ValidationError(f"Champs non prévus : {', '.join(sorted(inconnus))}.")
    erreurs: dict[str, str | list[str]] = {}
    if not donnees.get("personne_informee"):
        erreurs["personne_informee"] = (
            "La personne doit être informée de la prescription et accepter d'être contactée par le PLIE."
        )
    if not (donnees.get("telephone") or donnees.get("email")):
        erreurs["telephone"] = "Indiquez un téléphone ou une adresse électronique pour joindre la personne."
    if not donnees.get("commune"):
        erreurs["commune"] = "Indiquez la commune où réside la personne."
    elif not donnees["commune"].dans_le_territoire:
        erreurs["commune"] = "Cette commune n'est pas dans le territoire du PLIE : la personne doit y résider."
    if not donnees.get("date_naissance"):
        erreurs["date_naissance"] = "Indiquez la date de naissance de la personne."
    if piece_jointe:
        try:
            verifier_fichier(piece_jointe, types=TYPES_PIECE_JOINTE, taille_max=TAILLE_PIECE_JOINTE)
        except ValidationError as erreur:
            erreurs["piece_jointe"] = erreur.messages
    if erreurs:
        raise ValidationError(erreurs)
    prescription = Prescription(
        **donnees,
        date_prescription=timezone.localdate(),
        prescripteur=contact.prescripteur,
        contact=contact,
        origine=OriginePrescription.EN_LIGNE,
        envoyee_par=par,
        statut=AUCUN,
    )
    statuts.PRESCRIPTION.passer(prescription, StatutPrescription.EN_ATTENTE, par=par)
    if piece_jointe:
        prescription.piece_jointe = piece_jointe
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_modifier(*, prescription: Prescription, par, **donnees) -> Prescription:
    """Correct a prescription that still waits for its decision (what the prescriber sent)."""
    droits.verifier_animation(par, "corrige une prescription")
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.est_decidee:
        raise ValidationError("Cette prescription est déjà décidée : elle ne se modifie plus.")
    inconnus = set(donnees) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    if prescription.origine == OriginePrescription.EN_LIGNE:
        for champ in ("prescripteur", "contact"):
            if champ in donnees and getattr(prescription, champ) != donnees[champ]:
                raise ValidationError(
                    {champ: "Une prescription envoyée en ligne garde l'organisation et le contact qui l'ont envoyée."}
                )
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
def prescription_preaffecter(
    *, prescription: Prescription, referent: Referent, date: datetime.date, par
) -> Prescription:
    droits.verifier_animation(par, "pré-affecte une prescription")
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
    *, prescription: Prescription, motif: MotifNonEntree, date: datetime.date, commentaire: str = "", par
) -> Prescription:
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    verifier_non_decidee(prescription)
    statuts.PRESCRIPTION.passer(prescription, StatutPrescription.NON_ENTREE, par=par)
    prescription.date_decision = date
    prescription.motif_non_entree = motif
    prescription.commentaire_decision = commentaire
    prescription.full_clean()
    prescription.save()
    return prescription


def piece_jointe_verser(*, prescription: Prescription, parcours: Parcours) -> Document | None:
    """At entry, the prescriber's attachment becomes one of the person's documents, on the parcours that opens (the
    stored file is the same: it changes owner, not place). Called by the entry, inside its transaction."""
    if not prescription.piece_jointe:
        return None
    document = Document(
        participant_id=parcours.participant_id,
        parcours=parcours,
        type_piece=TypePiece.objects.get(code=pieces.PRESCRIPTION),
        libelle=f"Pièce jointe à la prescription du {prescription.date_prescription:%d/%m/%Y}",
        fichier=prescription.piece_jointe.name,
        televerse_par=prescription.envoyee_par,
    )
    document.full_clean()
    document.save()
    Prescription.objects.filter(pk=prescription.pk).update(piece_jointe="")
    prescription.piece_jointe = ""
    return document


def pieces_jointes_a_effacer(au: datetime.date | None = None):
    """The attachments of non-entries decided PRESCRIPTION_PIECE_JOINTE_JOURS days ago or more."""
    limite = (au or timezone.localdate()) - datetime.timedelta(days=settings.PRESCRIPTION_PIECE_JOINTE_JOURS)
    return Prescription.objects.filter(statut=StatutPrescription.NON_ENTREE, date_decision__lte=limite).exclude(
        piece_jointe=""
    )


def pieces_jointes_purger(*, au: datetime.date | None = None) -> int:
    """Erase those attachments, file and reference (nightly task); running it twice erases nothing more."""
    effacees = 0
    for pk in pieces_jointes_a_effacer(au).values_list("pk", flat=True):
        with transaction.atomic():
            prescription = Prescription.objects.select_for_update().get(pk=pk)
            if not prescription.piece_jointe:
                continue
            nom, stockage = prescription.piece_jointe.name, prescription.piece_jointe.storage
            prescription.piece_jointe = ""
            prescription.save(update_fields=["piece_jointe"])
            transaction.on_commit(functools.partial(stockage.delete, nom))
            effacees += 1
    return effacees
