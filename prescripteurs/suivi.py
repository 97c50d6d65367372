"""What a prescriber may learn of one of their organisation's prescriptions: what was sent, and its progress —
reçue, pré-affectée, entrée (its date) or non-entrée (a group of motifs, never the motif), then whether the
parcours is in progress or ended (positive or not). Nothing from the person's record: the prescription's own
fields only, as the prescriber sent them."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

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
    # The last day the prescriber sees a non-entry (its decision's date is shown anyway). An ended parcours says
    # « six months after its end » without a date: the date would give the exit's.
    suivi_jusquau: datetime.date | None
    termine: bool = False

    @property
    def mois_de_suivi(self) -> int:
        return settings.PRESCRIPTEUR_SUIVI_MOIS

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


def _tel_qu_envoye(champ: str):
    """A field as the prescription was first recorded (its first history row): a later correction by the PLIE —
    aligning a name on the person's record, say — never reaches the prescriber. Rows written in bulk (the demo)
    have no history: their value is the recorded one."""
    premier = Prescription.historique.model.objects.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    return Coalesce(Subquery(premier.values(champ)[:1]), F(champ))


def prescriptions_suivies(user, *, au: datetime.date | None = None, avec: tuple[str, ...] = ()):
    """The prescriptions a prescriber's account follows, read as plain values (never a model with its relations)."""
    champs = [c for c in CHAMPS if c not in ("nom", "prenom", "date_prescription")]
    return (
        Prescription.objects.du_prescripteur(user, au=au)
        .annotate(
            nom_envoye=_tel_qu_envoye("nom"),
            prenom_envoye=_tel_qu_envoye("prenom"),
            date_envoi=_tel_qu_envoye("date_prescription"),
        )
        .values(*champs, "nom_envoye", "prenom_envoye", "date_envoi", *avec)
    )


ENVOYE = (
    "date_naissance",
    "sexe",
    "telephone",
    "email",
    "commune_id",
    "situation",
    "observations",
    "contact_id",
    "piece_jointe",
)


def tel_qu_envoye(pk: int) -> dict:
    """What was sent, from the prescription's first history row (or the record, without history)."""
    premier = (
        Prescription.historique.model.objects.filter(id=pk).order_by("history_date", "history_id").values(*ENVOYE)
    ).first()
    return premier or Prescription.objects.filter(pk=pk).values(*ENVOYE).get()


def suivi(ligne: dict) -> Suivi:
    statut = ligne["statut"]
    origine = "En ligne" if ligne["origine"] == "en_ligne" else "Transmise au PLIE"
    groupe = parcours = ""
    jusquau = None
    mois = relativedelta(months=settings.PRESCRIPTEUR_SUIVI_MOIS)
    if statut == StatutPrescription.EN_ATTENTE:
        etape = Etape.PREAFFECTEE if ligne["referent_id"] else Etape.RECUE
        date = ligne["date_preaffectation"] or ligne["date_envoi"]
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
    return Suivi(
        pk=ligne["pk"],
        date_prescription=ligne["date_envoi"],
        nom=ligne["nom_envoye"],
        prenom=ligne["prenom_envoye"],
        origine=origine,
        etape=etape,
        date_etape=date,
        groupe=groupe,
        parcours=parcours,
        suivi_jusquau=jusquau,
        termine=bool(parcours) and parcours != "Parcours en cours",
    )
