"""RGPD: at the end of the archive period, identity and free text are replaced, irreversibly.

Every field that an indicator uses stays (sex, age at entry, nationality group, commune, quartier, the situation
at entry, dates, motifs, étapes, durations, amounts), so that every figure is the same before and after. The
history tables are scrubbed the same way; the read journal holds identifiers only.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from parcours.enums import StatutPrescription
from parcours.models import (
    AideIndividuelle,
    Diagnostic,
    Document,
    Entretien,
    Etape,
    Parcours,
    Prescription,
    Veille,
)
from participants.models import Participant
from plie import contacts

ANONYME = "Anonymisé"
IDENTITE_PRESCRIPTION = {
    "nom": ANONYME,
    "prenom": ANONYME,
    "date_naissance": None,
    "telephone": "",
    "email": "",
    "observations": "",
    "commentaire_decision": "",
}
# Free text of the parcours' content: it may hold anything, health and justice included.
TEXTES_LIBRES = [
    (Parcours, "pk", {"commentaire_sortie": ""}),
    (Diagnostic, "parcours_id", {"commentaire": ""}),
    (Etape, "parcours_id", {"commentaire": ""}),
    (Entretien, "parcours_id", {"notes": ""}),
    (Veille, "parcours_id", {"motif": ANONYME}),
    (AideIndividuelle, "parcours_id", {"commentaire": ""}),
]


def fin_archive(aujourdhui: datetime.date | None = None) -> datetime.date:
    """Parcours ended before this date have passed their archive period."""
    return (aujourdhui or timezone.localdate()) - relativedelta(years=settings.RGPD_ARCHIVE_ANNEES)


def participants_a_anonymiser(aujourdhui: datetime.date | None = None):
    """People not yet anonymised whose every parcours ended before the end of the archive period."""
    limite = fin_archive(aujourdhui)
    recent = Parcours.objects.filter(participant=OuterRef("pk")).filter(
        Q(date_sortie__isnull=True) | Q(date_sortie__gte=limite)
    )
    ancien = Parcours.objects.filter(participant=OuterRef("pk"))
    return Participant.objects.filter(anonymise_le__isnull=True).filter(Exists(ancien)).exclude(Exists(recent))


def prescriptions_sans_entree_a_anonymiser(aujourdhui: datetime.date | None = None):
    return Prescription.objects.filter(
        statut=StatutPrescription.NON_ENTREE, date_decision__lt=fin_archive(aujourdhui)
    ).exclude(nom=ANONYME)


def _remplacer(modele, filtre: Q, valeurs: dict) -> int:
    """Update the rows and their history rows alike."""
    ids = list(modele.objects.filter(filtre).values_list("pk", flat=True))
    if not ids:
        return 0
    modele.objects.filter(pk__in=ids).update(**valeurs)
    modele.historique.model.objects.filter(id__in=ids).update(**valeurs)
    return len(ids)


@transaction.atomic
def anonymiser_participants(participant_ids: list[int]) -> None:
    _remplacer(
        Participant,
        Q(pk__in=participant_ids),
        {
            "nom": ANONYME,
            "nom_naissance": "",
            "prenom": ANONYME,
            "date_naissance": None,
            "adresse": "",
            "code_postal": "",
            "telephone": "",
            "email": "",
        },
    )
    Participant.objects.filter(pk__in=participant_ids).update(anonymise_le=timezone.now())
    parcours_ids = list(Parcours.objects.filter(participant_id__in=participant_ids).values_list("pk", flat=True))
    _remplacer(
        Prescription, Q(participant_id__in=participant_ids) | Q(parcours__pk__in=parcours_ids), IDENTITE_PRESCRIPTION
    )
    for modele, champ, valeurs in TEXTES_LIBRES:
        _remplacer(modele, Q(**{f"{champ}__in": parcours_ids}), valeurs)
    documents = Document.objects.filter(participant_id__in=participant_ids)
    for document in documents:
        # The files go once the transaction has committed, so that a rollback loses nothing.
        transaction.on_commit(lambda fichier=document.fichier: fichier.delete(save=False))
    Document.historique.model.objects.filter(participant_id__in=participant_ids).delete()
    documents.delete()
    contacts.personnes_effacees(parcours_ids)  # their émargement signatures and sheets' files (agenda)


@transaction.atomic
def anonymiser_prescriptions(prescription_ids: list[int]) -> None:
    _remplacer(Prescription, Q(pk__in=prescription_ids), IDENTITE_PRESCRIPTION)


@dataclass
class Bilan:
    participants: int = 0
    prescriptions: int = 0


def anonymiser(*, executer: bool, lot: int = 500, aujourdhui: datetime.date | None = None) -> Bilan:
    """What is due, anonymised by batches (each in its transaction) when ``executer``; a dry run otherwise."""
    bilan = Bilan(
        participants=participants_a_anonymiser(aujourdhui).count(),
        prescriptions=prescriptions_sans_entree_a_anonymiser(aujourdhui).count(),
    )
    if not executer:
        return bilan
    while ids := list(participants_a_anonymiser(aujourdhui).values_list("pk", flat=True)[:lot]):
        anonymiser_participants(ids)
    while ids := list(prescriptions_sans_entree_a_anonymiser(aujourdhui).values_list("pk", flat=True)[:lot]):
        anonymiser_prescriptions(ids)
    return bilan
