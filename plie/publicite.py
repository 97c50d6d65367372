"""The FSE+ publicity every document the product produces carries (Regulation (EU) 2021/1060, art. 47 and 50;
annex IX): the EU emblem, « Cofinancé par l'Union européenne » beside it, and the programme's name. One source for
the PDFs, the pages and the workbooks' first sheet."""

import base64
import functools
from pathlib import Path

from django.conf import settings
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

MENTION = "Cofinancé par l'Union européenne"
FONDS = "Fonds social européen plus (FSE+)"
FEUILLE = "FSE+"  # the first sheet of every workbook; the import skips it


def embleme() -> Path:
    """The emblem as a PNG (a raster the PDFs embed as an image, which a controller's tool and our tests find)."""
    return Path(settings.BASE_DIR) / "static" / "img" / "embleme-ue.png"


@functools.cache
def embleme_en_ligne() -> str:
    """The emblem as a data URI: the same markup serves a page (the CSP allows data: images) and WeasyPrint."""
    return "data:image/png;base64," + base64.b64encode(embleme().read_bytes()).decode()


def programme() -> str:
    return settings.FSE_PROGRAMME


def bandeau() -> dict:
    """What the banner template (``templates/plie/_bandeau_fse.html``) shows."""
    return {"embleme": embleme_en_ligne(), "mention": MENTION, "fonds": FONDS, "programme": programme()}


def classeur(titre: str) -> Workbook:
    """A new workbook whose first sheet carries the emblem, the mention and the programme, with the document's
    title and the PLIE's name; the caller adds its sheets after it."""
    resultat = Workbook()
    feuille = resultat.active
    feuille.title = FEUILLE
    image = Image(str(embleme()))
    image.width, image.height = 90, 60
    feuille.add_image(image, "A1")
    feuille.row_dimensions[1].height = 48
    feuille.column_dimensions["A"].width = 16
    feuille.column_dimensions["B"].width = 90
    feuille["B1"] = MENTION
    feuille["B1"].font = Font(bold=True, size=14)
    lignes = (FONDS, programme(), settings.PLIE_NOM, titre)
    for rang, texte in enumerate(lignes, start=2):
        feuille.cell(row=rang, column=2, value=texte)
    return resultat
