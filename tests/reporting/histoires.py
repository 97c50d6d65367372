"""Small hand-built histories for the indicator engine's tests."""

import datetime

from parcours.enums import IssueEtape, StatutPrescription
from parcours.models import AffectationReferent, MotifNonEntree, MotifSortie, TypeEtape
from participants.models import GroupePrescripteur
from tests.parcours.factories import EtapeFactory, ParcoursFactory, PrescriptionFactory, VeilleFactory

J = datetime.date


def parcours(
    referent,
    entree: datetime.date,
    *,
    sortie: datetime.date | None = None,
    motif: str = "emploi_durable",
    prescrit_le: datetime.date | None = None,
    groupe: str = "france_travail",
):
    prescrit_le = prescrit_le or entree - datetime.timedelta(days=30)
    return ParcoursFactory(
        date_entree=entree,
        date_sortie=sortie,
        motif_sortie=MotifSortie.objects.get(code=motif) if sortie else None,
        prescription__referent=referent,
        prescription__date_prescription=prescrit_le,
        prescription__prescripteur__groupe=GroupePrescripteur.objects.get(code=groupe),
    )


def non_entree(referent, date: datetime.date, motif: str = "absent_rdv", groupe: str = "france_travail"):
    return PrescriptionFactory(
        referent=referent,
        date_prescription=date - datetime.timedelta(days=10),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=date,
        motif_non_entree=MotifNonEntree.objects.get(code=motif),
        prescripteur__groupe=GroupePrescripteur.objects.get(code=groupe),
    )


def etape(un_parcours, debut: datetime.date, fin: datetime.date | None = None, type_code: str = "contrat_long"):
    """An étape; a job is full time (35 h a week), as the employment-exit rule needs its hours."""
    type_etape = TypeEtape.objects.get(code=type_code)
    return EtapeFactory(
        parcours=un_parcours,
        type=type_etape,
        date_debut=debut,
        date_fin=fin,
        issue=IssueEtape.TERMINEE if fin else "",
        heures_hebdo=35 if type_etape.categorie == "emploi" else None,
    )


def veille(un_parcours, debut: datetime.date, fin: datetime.date | None = None):
    return VeilleFactory(
        parcours=un_parcours,
        date_debut=debut,
        date_fin_prevue=fin or debut + datetime.timedelta(days=60),
        date_fin=fin,
        motif="Indisponible",
    )


def transferer(un_parcours, vers, le: datetime.date):
    AffectationReferent.objects.create(parcours=un_parcours, referent=vers, date_debut=le)
    un_parcours.referent = vers
    un_parcours.save(update_fields=["referent"])
