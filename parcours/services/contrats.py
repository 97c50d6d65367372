"""The contrat d'engagement's one door: signed on screen by the participant and the référent, or printed, signed on
paper and filed; either way a document of the parcours typed « Contrat d'engagement signé », and the parcours'
date of signature. Signing is not correcting the entry: the commission's decision is untouched."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from parcours import droits, pieces
from parcours.contrat.contenu import contenu, rendre
from parcours.models import Document, Parcours, TypePiece
from parcours.services.documents import document_ajouter

CHANGE = "Le contrat a changé pendant la signature (son texte ou le dossier) : relisez-le et faites signer de nouveau."


def peut_faire_signer(user, parcours: Parcours) -> bool:
    """The référent of an open parcours (or their cover) and the structure d'animation."""
    return parcours.date_sortie is None and droits.peut_deposer(user, parcours)


def _verifier(par, parcours: Parcours) -> None:
    if parcours.date_sortie:
        raise ValidationError("Ce parcours est sorti : le contrat d'engagement se signe pendant le parcours.")
    if not droits.peut_deposer(par, parcours):
        raise PermissionDenied("Seuls le référent du parcours et la structure d'animation font signer son contrat.")


def _type() -> TypePiece:
    return TypePiece.objects.get(code=pieces.CONTRAT_ENGAGEMENT)


def _dater(parcours: Parcours, le: datetime.date) -> None:
    """The day of signature; the contract tells of the FSE+ support: the person is informed that day at the
    latest."""
    parcours.date_contrat_engagement = le
    champs = ["date_contrat_engagement"]
    if parcours.date_information_fse is None or parcours.date_information_fse > le:
        parcours.date_information_fse = le
        champs.append("date_information_fse")
    parcours.save(update_fields=champs)


def contrat_signer(
    *, parcours: Parcours, signature_participant: bytes, signature_referent: bytes, par, empreinte: str
) -> Document:
    """Sign on screen: ``empreinte`` is the fingerprint of the contract the page showed (a change since is
    refused). The PDF is rendered first, outside any transaction; the parcours is then locked and checked
    unchanged, the PDF filed and the date of signature set."""
    _verifier(par, parcours)
    attendu = contenu(parcours)
    if empreinte != attendu.empreinte():
        raise ValidationError(CHANGE)
    maintenant = timezone.localtime()
    pdf = rendre(
        attendu, signe={"participant": signature_participant, "referent": signature_referent}, etabli=maintenant
    )
    with transaction.atomic():
        verrouille = Parcours.objects.select_for_update().select_related("participant", "referent").get(pk=parcours.pk)
        if contenu(verrouille).empreinte() != attendu.empreinte():
            raise ValidationError(CHANGE)
        _verifier(par, verrouille)
        document = document_ajouter(
            parcours=verrouille,
            fichier=ContentFile(pdf, name="contrat.pdf"),
            type_piece=_type(),
            libelle=f"Contrat d'engagement signé à l'écran le {maintenant:%d/%m/%Y}",
            par=par,
            chemin_reserve=True,
        )
        _dater(verrouille, maintenant.date())
    return document


@transaction.atomic
def contrat_deposer(*, parcours: Parcours, fichier, signe_le: datetime.date, par) -> Document:
    """The contract printed, signed by hand and filed (PDF or image, checked by content), with the day it was
    signed: not in the future, not before the prescription."""
    parcours = Parcours.objects.select_for_update().select_related("prescription").get(pk=parcours.pk)
    _verifier(par, parcours)
    if signe_le > timezone.localdate():
        raise ValidationError({"signe_le": "Cette date ne peut pas être postérieure à aujourd'hui."})
    debut = parcours.prescription.date_prescription if parcours.prescription_id else parcours.date_entree
    if signe_le < debut:
        raise ValidationError(
            {"signe_le": f"Le contrat ne peut pas être signé avant la prescription (le {debut:%d/%m/%Y})."}
        )
    document = document_ajouter(
        parcours=parcours,
        fichier=fichier,
        type_piece=_type(),
        libelle=f"Contrat d'engagement signé sur papier le {signe_le:%d/%m/%Y}",
        par=par,
        chemin_reserve=True,
    )
    _dater(parcours, signe_le)
    return document
