"""What every document the product produces carries (plie/publicite.py): the EU emblem, « Cofinancé par l'Union
européenne » and the programme — read from the file itself: a PDF's text and images, a workbook's first sheet and
its image, a page's markup."""

import io
import re
from html import unescape

from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from plie import publicite


def _espaces(texte: str) -> str:
    return re.sub(r"\s+", " ", texte)


def _taille_embleme() -> tuple[int, int]:
    with Image.open(publicite.embleme()) as image:
        return image.size


def pdf(contenu: bytes) -> None:
    """The first page shows the mention and the programme as text and the emblem as an image."""
    premiere = PdfReader(io.BytesIO(contenu)).pages[0]
    texte = _espaces(premiere.extract_text())
    assert publicite.MENTION in texte, texte[:300]
    assert _espaces(publicite.programme()) in texte, texte[:300]
    assert _taille_embleme() in [image.image.size for image in premiere.images]


def classeur(contenu: bytes) -> None:
    """The first sheet is the publicity's: the emblem as an image, the mention and the programme."""
    feuille = load_workbook(io.BytesIO(contenu)).worksheets[0]
    assert feuille.title == publicite.FEUILLE
    textes = [c for (_a, c, *_r) in feuille.iter_rows(values_only=True)]
    assert textes[0] == publicite.MENTION and publicite.programme() in textes
    assert len(feuille._images) == 1  # openpyxl reads the drawing back


def page(html: str) -> None:
    """The markup shows the mention, the programme and the emblem (as the data URI of the same PNG)."""
    texte = unescape(html)
    assert publicite.MENTION in texte and publicite.programme() in texte
    assert f'<img src="{publicite.embleme_en_ligne()}" alt="Emblème de l\'Union européenne">' in texte
