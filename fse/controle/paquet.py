"""The controller's package (``PaquetControle``): one ZIP with an index PDF and, for each participation drawn, a
folder holding its PDF summary — identity as the controller needs it, eligibility criteria and their pieces, the
Annex I data the managing authority receives, the contacts and attendance sheets of the period, the time, the
étapes with their proofs, the exit — and the files themselves: every document of the parcours and every sheet of
the period. What is missing is listed, never invented: the summary says « manquante » where the referential asks a
piece the record does not hold."""

import datetime
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone

from agenda.emargement import lectures as emargements
from agenda.enums import FEUILLES_PROBANTES
from fse import indicateurs
from fse.export import CHAMPS
from fse.models import PaquetControle, Participation
from parcours import pieces
from parcours.models import Document, Entretien, Etape
from plie.pdf import ecrire_pdf


@dataclass
class Dossier:
    """What the package says of one participation."""

    rang: int
    participation: Participation
    annexe: list[tuple[str, object]]
    pieces: pieces.Pieces
    documents: list[Document] = field(default_factory=list)
    etapes: list[Etape] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)

    @property
    def dossier(self) -> str:
        return f"{self.rang:02d}-participant-{self.participation.parcours.participant_id}"

    @property
    def minutes(self) -> int:
        return sum(c["minutes"] or 0 for c in self.contacts)

    @property
    def feuilles_manquantes(self) -> int:
        return sum(1 for c in self.contacts if c["physique"] and not c["probante"])

    def chemin(self, document: Document) -> str:
        extension = document.fichier.name.rsplit(".", 1)[-1]
        return f"{self.dossier}/pieces/{document.type_piece.code}-{document.pk}.{extension}"

    def chemin_feuille(self, contact: dict) -> str:
        extension = contact["feuille"].fichier.name.rsplit(".", 1)[-1]
        return f"{self.dossier}/emargements/{contact['date']:%Y%m%d}-{contact['genre']}-{contact['pk']}.{extension}"


def _contacts(parcours_ids, debut: datetime.date, fin: datetime.date) -> dict[int, list[dict]]:
    """Each parcours' contacts of the period, entretiens and collective sessions, with their sheets."""
    resultat: dict[int, list[dict]] = defaultdict(list)
    periode = {"parcours_id__in": parcours_ids, "date__range": (debut, fin)}
    physiques = set(Entretien.objects.filter(emargements.ENTRETIEN_PHYSIQUE, **periode).values_list("pk", flat=True))
    entretiens = Entretien.objects.filter(**periode).select_related("feuille_emargement").order_by("date", "pk")
    for entretien in entretiens:
        feuille = getattr(entretien, "feuille_emargement", None)
        resultat[entretien.parcours_id].append(
            {
                "genre": "entretien",
                "pk": entretien.pk,
                "date": entretien.date,
                "libelle": f"{entretien.get_type_display()} ({entretien.get_mode_display().lower()})",
                "minutes": entretien.duree_minutes,
                "physique": entretien.pk in physiques,
                "feuille": feuille if feuille and feuille.fichier else None,
                "probante": bool(feuille and feuille.statut in FEUILLES_PROBANTES),
                "statut": emargements.libelle_feuille(feuille) if entretien.pk in physiques else "Sans objet",
            }
        )
    presences = (
        emargements.presences(parcours_ids, debut, fin)
        .select_related("activite__categorie", "activite__feuille_emargement")
        .order_by("activite__date", "activite_id")
    )
    for presence in presences:
        seance = presence.activite
        feuille = getattr(seance, "feuille_emargement", None)
        resultat[presence.parcours_id].append(
            {
                "genre": "seance",
                "pk": seance.pk,
                "date": seance.date,
                "libelle": f"{seance.categorie} — {seance.intitule}" if seance.intitule else str(seance.categorie),
                "minutes": seance.duree_minutes,
                "physique": True,
                "feuille": feuille if feuille and feuille.fichier else None,
                "probante": bool(feuille and feuille.statut in FEUILLES_PROBANTES),
                "statut": emargements.libelle_feuille(feuille),
            }
        )
    for liste in resultat.values():
        liste.sort(key=lambda c: (c["date"], c["genre"], c["pk"]))
    return resultat


def dossiers(paquet: PaquetControle) -> list[Dossier]:
    qs = Participation.objects.filter(pk__in=paquet.participations).select_related(
        "parcours__participant__commune", "parcours__referent__structure", "parcours__motif_sortie", "operation"
    )
    lignes = sorted(indicateurs.avec_lignes(qs), key=lambda r: (r[0].parcours.participant_id, r[0].pk))
    ids = [p.parcours_id for p, _v in lignes]
    requises = pieces.pieces(ids)
    documents: dict[int, list[Document]] = defaultdict(list)
    for document in Document.objects.filter(parcours_id__in=ids).select_related("type_piece", "etape__type"):
        documents[document.parcours_id].append(document)
    etapes: dict[int, list[Etape]] = defaultdict(list)
    for etape in Etape.objects.filter(parcours_id__in=ids).select_related("type").order_by("date_debut", "pk"):
        etapes[etape.parcours_id].append(etape)
    contacts = _contacts(ids, paquet.debut, paquet.fin)
    resultat = []
    for rang, (participation, valeurs) in enumerate(lignes, start=1):
        annexe = [(libelle, lire(participation, valeurs)) for libelle, lire in CHAMPS.values()]
        resultat.append(
            Dossier(
                rang,
                participation,
                annexe,
                requises[participation.parcours_id],
                documents[participation.parcours_id],
                etapes[participation.parcours_id],
                contacts[participation.parcours_id],
            )
        )
    return resultat


def _preuves(dossier: Dossier) -> list[dict]:
    """Each required piece with the files that prove it in the package (none: « manquante »)."""
    par_pk = {d.pk: d for d in dossier.documents}
    return [
        {"exigence": exigence, "fichiers": [dossier.chemin(par_pk[pk]) for pk in preuves if pk in par_pk]}
        for exigence, preuves in dossier.pieces.exigences
    ]


def _synthese(paquet: PaquetControle, dossier: Dossier, produit_le) -> bytes:
    document = render_to_string(
        "fse/controle_synthese_pdf.html",
        {
            "paquet": paquet,
            "d": dossier,
            "p": dossier.participation,
            "preuves": _preuves(dossier),
            "produit_le": produit_le,
            "plie": settings.PLIE_NOM,
        },
    )
    return ecrire_pdf(document)


def _index(paquet: PaquetControle, liste: list[Dossier], produit_le) -> bytes:
    document = render_to_string(
        "fse/controle_index_pdf.html",
        {"paquet": paquet, "dossiers": liste, "produit_le": produit_le, "plie": settings.PLIE_NOM},
    )
    return ecrire_pdf(document)


def _copier(zip_: zipfile.ZipFile, fichier, nom: str) -> None:
    """A stored file into the archive by chunks: a piece is never held whole in memory."""
    with fichier.open("rb") as source, zip_.open(nom, "w") as cible:
        shutil.copyfileobj(source, cible, 1024 * 1024)


def produire(paquet: PaquetControle) -> tuple[File, list[int]]:
    """The ZIP (a temporary file: the pieces may weigh) and the people it holds."""
    produit_le = timezone.localtime()
    liste = dossiers(paquet)
    archive = tempfile.TemporaryFile()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        zip_.writestr("00-index.pdf", _index(paquet, liste, produit_le))
        for dossier in liste:
            zip_.writestr(f"{dossier.dossier}/synthese.pdf", _synthese(paquet, dossier, produit_le))
            for document in dossier.documents:
                _copier(zip_, document.fichier, dossier.chemin(document))
            for contact in dossier.contacts:
                if contact["feuille"] is not None:
                    _copier(zip_, contact["feuille"].fichier, dossier.chemin_feuille(contact))
    archive.seek(0)
    return File(archive, name=f"{paquet.jeton}.zip"), sorted({d.participation.parcours.participant_id for d in liste})
