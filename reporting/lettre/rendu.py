"""The letter as HTML (the page and the PDF share one template), as PDF (WeasyPrint) and as Excel (openpyxl)."""

import base64
import datetime
import mimetypes
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from plie.pdf import ecrire_pdf
from reporting.indicateurs import DonneesLettre
from reporting.indicateurs.periode import MOIS
from reporting.lettre.graphiques import graphiques

CSS = Path(settings.BASE_DIR) / "static" / "css" / "lettre.css"


def logo_du_plie() -> str:
    chemin = Path(settings.PLIE_LOGO)
    if not chemin.is_file():
        return ""
    type_mime = mimetypes.guess_type(chemin.name)[0] or "image/png"
    return f"data:{type_mime};base64," + base64.b64encode(chemin.read_bytes()).decode()


def contexte(lettre: DonneesLettre) -> dict:
    """What the letter's template needs; the figures are the letter's, untouched."""
    fin = datetime.date.fromisoformat(lettre.fin_mois)
    return {
        "l": lettre,
        "fin_mois": f"{fin:%d/%m/%Y}",
        "nom_mois": MOIS[lettre.mois - 1],
        "nom_plie": settings.PLIE_NOM,
        "logo": logo_du_plie(),
        "version_financeurs": lettre.variante in ("financeurs", "prescripteurs"),
        # Charts from the second quarter on, as in the 2017 letters.
        "graphiques": graphiques(lettre) if lettre.mois >= 4 else None,
    }


def html(lettre: DonneesLettre) -> str:
    return render_to_string("reporting/lettre/document.html", contexte(lettre))


def pdf(lettre: DonneesLettre) -> bytes:
    document = render_to_string("reporting/lettre/pdf.html", {**contexte(lettre), "css": CSS.as_uri()})
    return ecrire_pdf(document)
