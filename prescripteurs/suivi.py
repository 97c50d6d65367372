"""What a prescriber may learn of one of their organisation's prescriptions: what was sent, and its progress —
reçue, pré-affectée, entrée (its date) or non-entrée (a group of motifs, never the motif), then whether the
parcours is in progress or ended (positive or not). Nothing from the person's record: the prescription's own
fields only, as the prescriber sent them."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

from parcours.enums import GroupeMotifPrescripteur, StatutPrescription
from parcours.models import Prescription


class Etape:
    RECUE = "Reçue"
    PREAFFECTEE = "Pré-affectée"
    ENTREE = "Entrée"
    NON_ENTREE = "Non-entrée"


@dataclass(frozen=True)
class Suivi:
    pk: int
    date_prescription: datetime.date
    nom: str
    prenom: str
    origine: str
    etape: str
    date_etape: datetime.date
    groupe: str  # a non-entry's group of motifs
    parcours: str  # after an entry: "en cours", "terminé — sortie positive", "terminé"
    suivi_jusquau: datetime.date | None  # the last day the prescriber sees it (None: while it waits or runs)

    @property
    def classe(self) -> str:
        return {
            Etape.RECUE: "secondary",
            Etape.PREAFFECTEE: "info",
            Etape.ENTREE: "success",
            Etape.NON_ENTREE: "warning",
        }[self.etape]


CHAMPS = (
    "pk",
    "date_prescription",
    "nom",
    "prenom",
    "origine",
    "statut",
    "referent_id",
    "date_preaffectation",
    "date_decision",
    "motif_non_entree__groupe_prescripteur",
    "parcours__date_sortie",
    "parcours__motif_sortie__positive",
)


def prescriptions_suivies(user, *, au: datetime.date | None = None):
    """The prescriptions a prescriber's account follows, read as plain values (never a model with its relations)."""
    return Prescription.objects.du_prescripteur(user, au=au).values(*CHAMPS)


def suivi(ligne: dict) -> Suivi:
    statut = ligne["statut"]
    origine = "En ligne" if ligne["origine"] == "en_ligne" else "Transmise au PLIE"
    groupe = parcours = ""
    jusquau = None
    mois = relativedelta(months=settings.PRESCRIPTEUR_SUIVI_MOIS)
    if statut == StatutPrescription.EN_ATTENTE:
        etape = Etape.PREAFFECTEE if ligne["referent_id"] else Etape.RECUE
        date = ligne["date_preaffectation"] or ligne["date_prescription"]
    elif statut == StatutPrescription.NON_ENTREE:
        etape, date = Etape.NON_ENTREE, ligne["date_decision"]
        groupe = GroupeMotifPrescripteur(ligne["motif_non_entree__groupe_prescripteur"]).label
        jusquau = date + mois
    else:
        etape, date = Etape.ENTREE, ligne["date_decision"]
        sortie = ligne["parcours__date_sortie"]
        if sortie is None:
            parcours = "Parcours en cours"
        else:
            positive = ligne["parcours__motif_sortie__positive"]
            parcours = "Parcours terminé — sortie positive" if positive else "Parcours terminé"
            jusquau = sortie + mois
    return Suivi(
        pk=ligne["pk"],
        date_prescription=ligne["date_prescription"],
        nom=ligne["nom"],
        prenom=ligne["prenom"],
        origine=origine,
        etape=etape,
        date_etape=date,
        groupe=groupe,
        parcours=parcours,
        suivi_jusquau=jusquau,
    )
