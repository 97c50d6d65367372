"""What a sheet says — the PLIE, the operation, the date and times, the participants, the référent — its
fingerprint, and its A4 PDF, blank (to print) or signed on screen."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from agenda.enums import StatutActivite
from agenda.models import Activite, FeuilleEmargement
from agenda.portage import operation_par_defaut
from parcours.enums import ModeEntretien
from parcours.models import Entretien
from plie.pdf import ecrire_pdf
from plie.signatures import en_image

ENTRETIEN = "entretien"
SEANCE = "seance"
GENRES = (ENTRETIEN, SEANCE)


@dataclass(frozen=True)
class Ligne:
    parcours_id: int
    nom: str


@dataclass(frozen=True)
class Contenu:
    """What the sheet of one contact attests. Its fingerprint reads the facts, not the names: a typo corrected in
    a participant's name does not ask for a new signature; a changed date, time, duration or attendance does."""

    genre: str
    pk: int
    nature: str
    faits: tuple  # what the sheet attests besides its date, times, référent and participants: its kind
    date: datetime.date
    debut: datetime.time | None
    fin: datetime.time | None
    duree_minutes: int
    referent_id: int
    referent: str
    structure: str
    operation_id: int | None
    operation: str
    lignes: tuple[Ligne, ...]

    def empreinte(self) -> str:
        faits = {
            "genre": self.genre,
            "pk": self.pk,
            "faits": list(self.faits),
            "date": self.date.isoformat(),
            "debut": self.debut.isoformat() if self.debut else None,
            "fin": self.fin.isoformat() if self.fin else None,
            "duree": self.duree_minutes,
            "referent": self.referent_id,
            "participants": sorted(ligne.parcours_id for ligne in self.lignes),
        }
        return hashlib.sha256(json.dumps(faits, sort_keys=True).encode()).hexdigest()

    @property
    def horaires(self) -> str:
        duree = f"{self.duree_minutes // 60} h {self.duree_minutes % 60:02d}" if self.duree_minutes >= 60 else ""
        duree = duree or f"{self.duree_minutes} min"
        if self.debut and self.fin:
            return f"de {self.debut:%H:%M} à {self.fin:%H:%M} ({duree})"
        return f"durée : {duree}"


def _operation(operation) -> str:
    return f"{operation.intitule} ({operation.porteur})" if operation is not None else "Aucune opération"


def _contenu_entretien(entretien: Entretien) -> Contenu:
    referent = entretien.referent
    operation = operation_par_defaut(referent, entretien.date.year) if referent else None
    return Contenu(
        genre=ENTRETIEN,
        pk=entretien.pk,
        nature=entretien.get_type_display(),
        faits=(entretien.type, entretien.mode),
        date=entretien.date,
        debut=None,
        fin=None,
        duree_minutes=entretien.duree_minutes,
        referent_id=entretien.referent_id or 0,
        referent=str(referent) if referent else "—",
        structure=str(referent.structure) if referent else "",
        operation_id=operation.pk if operation else None,
        operation=_operation(operation),
        lignes=(Ligne(entretien.parcours_id, str(entretien.parcours.participant)),),
    )


def _contenu_seance(activite: Activite) -> Contenu:
    referent = activite.referent
    parcours = sorted(
        activite.participants.select_related("participant"), key=lambda p: (str(p.participant).lower(), p.pk)
    )
    nature = activite.categorie.libelle + (f" — {activite.intitule}" if activite.intitule else "")
    return Contenu(
        genre=SEANCE,
        pk=activite.pk,
        nature=nature,
        faits=(activite.categorie_id, activite.operation_id, activite.statut),
        date=activite.date,
        debut=activite.debut,
        fin=activite.fin,
        duree_minutes=activite.duree_minutes,
        referent_id=activite.referent_id,
        referent=str(referent),
        structure=str(referent.structure),
        operation_id=activite.operation_id,
        operation=_operation(activite.operation),
        lignes=tuple(Ligne(p.pk, str(p.participant)) for p in parcours),
    )


def contenu(objet) -> Contenu:
    if isinstance(objet, Entretien):
        return _contenu_entretien(objet)
    return _contenu_seance(objet)


def demande_une_feuille(objet) -> bool:
    """A physical contact: an entretien in person, or a collective session not cancelled (its blank sheet prints
    before it takes place)."""
    if isinstance(objet, Entretien):
        return objet.mode == ModeEntretien.PRESENTIEL
    return objet.categorie.collective and objet.statut != StatutActivite.ANNULEE


def a_eu_lieu(objet) -> bool:
    """A contact that took place — an entretien recorded, a session marked done — and not after today: the only
    ones signed (the board counts the same: ``lectures``)."""
    if objet.date > timezone.localdate():
        return False
    return isinstance(objet, Entretien) or objet.statut == StatutActivite.REALISEE


def rendre(contenu_: Contenu, *, signatures: dict | None = None, etablie=None) -> bytes:
    """The A4 sheet. ``signatures``: parcours id → (PNG, time) or None (absent) for the sheet signed on screen;
    without it, a blank sheet to print and sign by hand."""
    lignes = []
    for ligne in contenu_.lignes:
        signe = (signatures or {}).get(ligne.parcours_id)
        lignes.append(
            {
                "nom": ligne.nom,
                "signee": signatures is not None,
                "absent": signatures is not None and signe is None,
                "image": en_image(signe[0]) if signe else None,
                "le": signe[1] if signe else None,
            }
        )
    document = render_to_string(
        "agenda/emargement_pdf.html",
        {
            "contenu": contenu_,
            "lignes": lignes,
            "signee": signatures is not None,
            "etablie": etablie,
            "plie_nom": settings.PLIE_NOM,
        },
    )
    return ecrire_pdf(document)


def empreinte_fichier(contenu_binaire: bytes) -> str:
    return hashlib.sha256(contenu_binaire).hexdigest()


def feuille_de(objet) -> FeuilleEmargement | None:
    return FeuilleEmargement.objects.filter(
        **{"entretien" if isinstance(objet, Entretien) else "activite": objet}
    ).first()
