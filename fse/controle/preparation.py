"""The readiness board: for an FSE operation and a period, each participation with what a controller would find
missing — the pieces the referential asks (parcours/pieces.py), the attendance sheets of the period's physical
contacts, the Annex I data, the day the person was told of the FSE+ support. The counts over the operation are
the database's (one query); the rows are the page's (a fixed number of queries, whatever the page's size)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from agenda.emargement import lectures as emargements
from fse.enums import EtatDonnees
from fse.models import Participation
from parcours import pieces
from parcours.models import Document


@dataclass
class Ligne:
    participation: Participation
    pieces: pieces.Pieces
    contacts: int  # physical contacts of the period
    feuilles: int  # of which a sheet proves

    @property
    def emargements_manquants(self) -> int:
        return self.contacts - self.feuilles

    @property
    def informee(self) -> datetime.date | None:
        return self.participation.parcours.date_information_fse

    @property
    def annexe_complete(self) -> bool:
        p = self.participation
        return p.etat_entree == EtatDonnees.COMPLETES and p.etat_sortie in (
            EtatDonnees.COMPLETES,
            EtatDonnees.SANS_OBJET,
        )

    @property
    def prete(self) -> bool:
        return (
            self.pieces.complet
            and not self.emargements_manquants
            and self.informee is not None
            and self.annexe_complete
        )


def participations(perimetre, operation, debut: datetime.date, fin: datetime.date, referent=None) -> QuerySet:
    """The operation's participations present in the period, within ``perimetre`` (the user's)."""
    qs = perimetre.comptees().filter(operation=operation).presentes_entre(debut, fin)
    return qs.filter(parcours__referent=referent) if referent is not None else qs


CONTRAT = Document.objects.filter(parcours=OuterRef("parcours"), type_piece__code=pieces.CONTRAT_ENGAGEMENT)


def comptes(qs) -> dict[str, int]:
    """Over the whole selection, in one query: the participations, those whose person was not told of the FSE+
    support, those without a signed contrat d'engagement, those whose entry or exit data are not complete."""
    return qs.order_by().aggregate(
        participations=Count("pk"),
        sans_information=Count("pk", filter=Q(parcours__date_information_fse__isnull=True)),
        sans_contrat=Count("pk", filter=~Exists(CONTRAT)),
        entree_incomplete=Count("pk", filter=~Q(etat_entree=EtatDonnees.COMPLETES)),
        sortie_incomplete=Count("pk", filter=Q(etat_sortie__in=(EtatDonnees.A_COMPLETER, EtatDonnees.EN_RETARD))),
    )


def lignes(page: list[Participation], debut: datetime.date, fin: datetime.date) -> list[Ligne]:
    """The page's rows: the participations given (with ``parcours__participant`` and ``parcours__referent``),
    their pieces and their sheets of the period."""
    ids = [p.parcours_id for p in page]
    requises = pieces.pieces(ids)
    contacts = emargements.par_parcours(ids, debut, fin)
    resultat = []
    for participation in page:
        compte = contacts.get(participation.parcours_id, {"contacts": 0, "probantes": 0})
        resultat.append(
            Ligne(participation, requises[participation.parcours_id], compte["contacts"], compte["probantes"])
        )
    return resultat
