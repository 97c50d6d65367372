"""Building the files a PLIE would bring: workbooks of the template's sheets, CSV files."""

import io

from openpyxl import Workbook

from reprise import modele


def entetes(feuille: modele.Feuille) -> list[str]:
    return [c.nom for c in feuille.colonnes]


def classeur(feuilles: dict[str, list[list]], *, fusion: str | None = None) -> bytes:
    """``feuilles``: sheet title -> rows, the header first. A text starting with "=" is written as a formula."""
    wb = Workbook()
    wb.remove(wb.active)
    for titre, lignes in feuilles.items():
        ws = wb.create_sheet(titre)
        for ligne in lignes:
            ws.append(ligne)
        if fusion and titre == fusion:
            ws.merge_cells("A1:B1")
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()


def ligne(feuille: modele.Feuille, **valeurs) -> list:
    """A row of ``feuille`` from column keys."""
    inconnues = set(valeurs) - {c.cle for c in feuille.colonnes}
    assert not inconnues, inconnues
    return [valeurs.get(c.cle) for c in feuille.colonnes]
