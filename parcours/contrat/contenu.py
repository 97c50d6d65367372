"""What a contrat d'engagement says: the PLIE, the person and their référent, the entry, the PLIE's accompaniment
and what it expects of the person (``TexteContrat``, written by the structure d'animation), the FSE+ information
and the personal-data notice — and the fingerprint of all that, which the signing page sends back so that a
contract whose text or facts changed meanwhile is not signed."""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.template.loader import render_to_string

from parcours.models import Parcours, TexteContrat
from plie import publicite, signatures
from plie.pdf import ecrire_pdf


@dataclass(frozen=True)
class Contenu:
    parcours_id: int
    plie: str
    nom: str
    prenom: str
    date_naissance: datetime.date | None
    referent: str
    structure: str
    date_entree: datetime.date
    date_information_fse: datetime.date | None
    accompagnement: str
    attentes: str
    notice_rgpd: str
    programme: str

    def empreinte(self) -> str:
        faits = {cle: (v.isoformat() if isinstance(v, datetime.date) else v) for cle, v in asdict(self).items()}
        return hashlib.sha256(json.dumps(faits, sort_keys=True).encode()).hexdigest()


def contenu(parcours: Parcours) -> Contenu:
    textes = TexteContrat.actuel()
    personne, referent = parcours.participant, parcours.referent
    return Contenu(
        parcours_id=parcours.pk,
        plie=settings.PLIE_NOM,
        nom=personne.nom,
        prenom=personne.prenom,
        date_naissance=personne.date_naissance,
        referent=f"{referent.prenom} {referent.nom}",
        structure=str(referent.structure),
        date_entree=parcours.date_entree,
        date_information_fse=parcours.date_information_fse,
        accompagnement=textes.accompagnement,
        attentes=textes.attentes,
        notice_rgpd=textes.notice_rgpd,
        programme=publicite.programme(),
    )


def rendre(contenu_: Contenu, *, signe: dict | None = None, etabli: datetime.datetime | None = None) -> bytes:
    """The A4 contract. ``signe``: the participant's and the référent's PNG drawn on screen, with the time; without
    it, the contract to print and sign by hand."""
    images = {qui: signatures.en_image(png) for qui, png in (signe or {}).items()}
    document = render_to_string(
        "parcours/contrat_pdf.html",
        {"c": contenu_, "signe": signe is not None, "images": images, "etabli": etabli},
    )
    return ecrire_pdf(document)
