"""How soon each contact is recorded: an entretien's date against the day it was recorded (its first history row),
and the share recorded within a week — the référent's obligation « compléter le dossier dans un délai d'une
semaine maximum après chaque relation avec le participant » (seed 002, annex 3). Counted by the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from agenda.temps import bornes
from parcours.models import RAISON_REPRISE, Entretien

SEMAINE = datetime.timedelta(days=7)


@dataclass
class Delais:
    contacts: int  # the month's entretiens whose recording is known (their creation in the history)
    dans_la_semaine: int

    @property
    def part(self) -> float | None:
        return 100 * self.dans_la_semaine / self.contacts if self.contacts else None

    @property
    def en_retard(self) -> int:
        return self.contacts - self.dans_la_semaine


def delais_de_saisie(annee: int, mois: int, referents: list[int] | None = None) -> dict[int, Delais]:
    """Per référent: the month's contacts (the entretiens dated in it, in their référent's agenda) and those
    recorded within seven days of their date (the day of their creation in the history); ``referents`` None: every
    référent. An entretien taken over from the old tool, or written without history (the demo's generator), has no
    recording day of its own and is left out."""
    debut, fin = bornes(annee, mois)
    creation = Entretien.historique.model.objects.filter(id=OuterRef("pk"), history_type="+").exclude(
        history_change_reason=RAISON_REPRISE
    )
    contacts = Entretien.objects.filter(date__range=(debut, fin), referent__isnull=False)
    if referents is not None:
        contacts = contacts.filter(referent_id__in=referents)
    lignes = (
        contacts.annotate(saisi_le=Subquery(creation.order_by("history_date").values("history_date")[:1]))
        .filter(saisi_le__isnull=False)
        .annotate(jour_saisie=TruncDate("saisi_le"))
        .values("referent_id")
        .annotate(
            contacts=Count("pk"),
            dans_la_semaine=Count("pk", filter=Q(jour_saisie__lte=F("date") + SEMAINE)),
        )
        .order_by()
    )
    return {
        ligne["referent_id"]: Delais(ligne["contacts"], ligne["dans_la_semaine"])
        for ligne in lignes
        if ligne["referent_id"] is not None
    }


def total(delais: dict[int, Delais]) -> Delais:
    return Delais(sum(d.contacts for d in delais.values()), sum(d.dans_la_semaine for d in delais.values()))
