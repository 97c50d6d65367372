"""The one-page activity sheet of a référent for the semestrial tripartite meeting (référent, structure
porteuse, structure d'animation): the référent's dashboard, as a PDF (WeasyPrint), counts only."""

import datetime
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from plie.pdf import ecrire_pdf
from reporting.lettre import graphiques
from reporting.lettre.rendu import logo_du_plie

CSS = Path(settings.BASE_DIR) / "static" / "css" / "fiche.css"


def contexte(tableau: dict, *, situation: str, aujourdhui: datetime.date) -> dict:
    lettre = tableau["lettre"]
    return {
        **tableau,
        "situation": situation,
        "etablie_le": aujourdhui,
        "nom_plie": settings.PLIE_NOM,
        "logo": logo_du_plie(),
        "graphiques": {
            "entrees": graphiques.entrees(lettre),
            "file_active": graphiques.file_active(lettre),
            "sorties": graphiques.sorties(lettre),
        },
    }


def html(tableau: dict, *, situation: str, aujourdhui: datetime.date) -> str:
    return render_to_string(
        "reporting/fiche/pdf.html",
        {**contexte(tableau, situation=situation, aujourdhui=aujourdhui), "css": CSS.as_uri()},
    )


def pdf(tableau: dict, *, situation: str, aujourdhui: datetime.date) -> bytes:
    document = html(tableau, situation=situation, aujourdhui=aujourdhui)
    return ecrire_pdf(document)
