"""The pieces a control asks of a parcours (seed 002: eligibility, accompaniment, étapes, exit), from the
referential: the types every parcours needs, those each of its eligibility criteria, each of its étapes' types and
its exit motif require (``TypePiece`` and the ``pieces`` of the referentials), against the documents recorded.

Set-based: the missing pieces of any number of parcours in five queries (the dossier, the readiness board, the
control package read the same function)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from parcours.models import Document, Etape, Parcours, TypePiece

# The types the product itself files documents under: filed by their own paths only (the contract's page, the
# entry), never by the general upload; their code and their activity are not the admin's to change.
PRESCRIPTION = "prescription"
CONTRAT_ENGAGEMENT = "contrat_engagement"
RESERVES = (PRESCRIPTION, CONTRAT_ENGAGEMENT)


class Categorie:
    PARCOURS = "parcours"
    ELIGIBILITE = "eligibilite"
    ETAPE = "etape"
    SORTIE = "sortie"


LIBELLES = {
    Categorie.PARCOURS: "Tout parcours",
    Categorie.ELIGIBILITE: "Éligibilité",
    Categorie.ETAPE: "Étape",
    Categorie.SORTIE: "Sortie",
}


@dataclass
class Exigence:
    """One piece a parcours needs: its type, what asks for it, and the étape it must be filed on."""

    categorie: str
    type_piece: TypePiece
    pour: str  # the criterion, étape or exit motif that asks for it (empty: every parcours does)
    etape_id: int | None = None
    etape_debut: datetime.date | None = None

    @property
    def libelle_categorie(self) -> str:
        return LIBELLES[self.categorie]


@dataclass
class Pieces:
    """A parcours' required pieces, each with the documents that prove it (none: missing)."""

    exigences: list[tuple[Exigence, list[int]]]

    @property
    def manquantes(self) -> list[Exigence]:
        return [exigence for exigence, documents in self.exigences if not documents]

    @property
    def complet(self) -> bool:
        return not self.manquantes


class _Liste(dict):
    """A parcours' requirements, one per type and étape: a type two reasons ask for is listed once, with both."""

    def ajouter(self, exigence: Exigence) -> None:
        cle = (exigence.type_piece.pk, exigence.etape_id)
        if cle in self:
            self[cle].pour = " ; ".join(p for p in (self[cle].pour, exigence.pour) if p)
        else:
            self[cle] = exigence


def _exigences(ids) -> dict[int, list[Exigence]]:
    types = {t.pk: t for t in TypePiece.objects.all()}
    toujours = [t for t in types.values() if t.toujours_exigee]
    par_parcours: dict[int, _Liste] = defaultdict(_Liste)
    sorties = {}
    for pk, motif in Parcours.objects.filter(pk__in=ids).values_list("pk", "motif_sortie__libelle"):
        for type_piece in toujours:
            par_parcours[pk].ajouter(Exigence(Categorie.PARCOURS, type_piece, ""))
        sorties[pk] = motif
    criteres = Parcours.criteres.through.objects.filter(
        parcours_id__in=ids, critereeligibilite__pieces__isnull=False
    ).values_list("parcours_id", "critereeligibilite__libelle", "critereeligibilite__pieces")
    for pk, libelle, type_id in criteres.order_by("critereeligibilite__serie", "critereeligibilite__ordre"):
        par_parcours[pk].ajouter(Exigence(Categorie.ELIGIBILITE, types[type_id], libelle))
    etapes = Etape.objects.filter(parcours_id__in=ids, type__pieces__isnull=False).values_list(
        "parcours_id", "pk", "type__libelle", "date_debut", "type__pieces"
    )
    for pk, etape_id, libelle, debut, type_id in etapes.order_by("date_debut", "pk"):
        par_parcours[pk].ajouter(
            Exigence(Categorie.ETAPE, types[type_id], f"{libelle} du {debut:%d/%m/%Y}", etape_id, debut)
        )
    motifs = Parcours.objects.filter(pk__in=ids, motif_sortie__pieces__isnull=False).values_list(
        "pk", "motif_sortie__pieces"
    )
    for pk, type_id in motifs:
        par_parcours[pk].ajouter(Exigence(Categorie.SORTIE, types[type_id], sorties[pk]))
    return {pk: list(liste.values()) for pk, liste in par_parcours.items()}


def pieces(parcours_ids: Iterable[int]) -> dict[int, Pieces]:
    """Each parcours' required pieces and the documents proving each: a parcours-wide piece by any document of
    its type on the parcours, an étape's by one filed on that étape."""
    ids = list(parcours_ids)
    exigences = _exigences(ids)
    par_type: dict[tuple[int, int], list[int]] = defaultdict(list)
    par_etape: dict[tuple[int, int], list[int]] = defaultdict(list)
    documents = Document.objects.filter(parcours_id__in=ids).values_list(
        "pk", "parcours_id", "type_piece_id", "etape_id"
    )
    for pk, parcours_id, type_id, etape_id in documents.order_by("televerse_le", "pk"):
        par_type[parcours_id, type_id].append(pk)
        if etape_id:
            par_etape[etape_id, type_id].append(pk)
    resultat = {}
    for pk in ids:
        lignes = []
        for exigence in exigences.get(pk, []):
            if exigence.etape_id:
                preuves = par_etape[exigence.etape_id, exigence.type_piece.pk]
            else:
                preuves = par_type[pk, exigence.type_piece.pk]
            lignes.append((exigence, preuves))
        resultat[pk] = Pieces(lignes)
    return resultat
