"""What a response shows, files included, as a reader would see it."""

import io
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.errors import PyPdfError


def texte(reponse) -> str:
    """What a response shows, files included: the text of a PDF, the cells of a workbook, every file of a ZIP."""
    return texte_de(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content)


def texte_de(contenu: bytes) -> str:
    if contenu.startswith(b"%PDF-"):
        try:
            return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
        except PyPdfError:  # a test's stand-in for an uploaded PDF: its bytes are its text
            return contenu.decode(errors="replace")
    if contenu.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                return "\n".join(texte_de(archive.read(nom)) for nom in archive.namelist())
        classeur = load_workbook(io.BytesIO(contenu))
        return "\n".join(str(v) for f in classeur for ligne in f.iter_rows(values_only=True) for v in ligne)
    return contenu.decode(errors="replace")
