"""What a response shows, files included, as a reader would see it."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader


def texte(reponse) -> str:
    """What a response shows, files included: the text of a PDF, the cells of a workbook."""
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    if contenu.startswith(b"%PDF-"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
    if contenu.startswith(b"PK"):
        classeur = load_workbook(io.BytesIO(contenu))
        return "\n".join(str(v) for f in classeur for ligne in f.iter_rows(values_only=True) for v in ligne)
    return contenu.decode(errors="replace")
