"""Files in and out: uploads checked by content (not by name), spreadsheets written without formula injection."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MEGA = 1024 * 1024


@dataclass(frozen=True)
class TypeFichier:
    libelle: str
    extensions: tuple[str, ...]


PDF = TypeFichier("PDF", (".pdf",))
PNG = TypeFichier("image PNG", (".png",))
JPEG = TypeFichier("image JPEG", (".jpg", ".jpeg"))
XLSX = TypeFichier("classeur Excel (.xlsx)", (".xlsx",))


def type_reel(contenu: bytes) -> TypeFichier | None:
    """What the bytes are, whatever the file is called."""
    if contenu.startswith(b"%PDF-"):
        return PDF
    if contenu.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if contenu.startswith(b"\xff\xd8\xff"):
        return JPEG
    if contenu.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
                verifier_archive(archive)
                noms = set(archive.namelist())
                if "[Content_Types].xml" in noms and "xl/workbook.xml" in noms and archive.testzip() is None:
                    return XLSX
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
            return None
    return None


ARCHIVE_TAILLE_MAX = 100 * MEGA  # what a workbook may hold once unpacked
ARCHIVE_ELEMENTS_MAX = 10_000
ARCHIVE_RATIO_MAX = 200  # a spreadsheet's XML compresses about 10 to 1; a zip bomb, thousands to 1


def verifier_archive(archive: zipfile.ZipFile, *, taille_max: int = ARCHIVE_TAILLE_MAX) -> None:
    """Refuse a zip (an .xlsx is one) from its directory alone, before anything is unpacked: too many members, a
    declared unpacked size too large, or a compression ratio no honest file has. Unpacking afterwards is bounded by
    the declared sizes (``zipfile`` stops at them). The import reuses it."""
    membres = archive.infolist()
    if len(membres) > ARCHIVE_ELEMENTS_MAX:
        raise ValidationError("Ce fichier contient trop d'éléments pour un classeur.")
    total = sum(m.file_size for m in membres)
    compresse = sum(m.compress_size for m in membres)
    if total > taille_max:
        raise ValidationError(
            f"Ce classeur occuperait plus de {taille_max // MEGA} Mo une fois décompressé : il est refusé."
        )
    if total > MEGA and total > ARCHIVE_RATIO_MAX * max(compresse, 1):
        raise ValidationError("Ce fichier est anormalement compressé (archive piégée) : il est refusé.")


def verifier_fichier(fichier, *, types: tuple[TypeFichier, ...], taille_max: int = 10 * MEGA) -> TypeFichier:
    """Refuse, with a French message, an empty, oversized or mislabelled file. The file is read whole."""
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > taille_max:
        raise ValidationError(f"Le fichier dépasse la taille maximale de {taille_max // MEGA} Mo.")
    fichier.seek(0)
    contenu = fichier.read(taille_max + 1)
    fichier.seek(0)
    if not contenu:
        raise ValidationError("Le fichier est vide.")
    if len(contenu) > taille_max:
        raise ValidationError(f"Le fichier dépasse la taille maximale de {taille_max // MEGA} Mo.")
    reel = type_reel(contenu)
    attendus = " ou ".join(t.libelle for t in types)
    if reel not in types:
        raise ValidationError(f"Ce fichier n'est pas un {attendus} valide (son contenu a été vérifié).")
    nom = (getattr(fichier, "name", "") or "").lower()
    if nom and not nom.endswith(reel.extensions):
        raise ValidationError(f"Le nom du fichier ne correspond pas à son contenu ({reel.libelle}).")
    return reel


DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def ecrire_ligne(feuille: Worksheet, valeurs: list) -> None:
    """Append a row where no text can become a formula (a participant named "=HYPERLINK(…)" stays text)."""
    valeurs = list(valeurs)
    feuille.append(valeurs)
    ligne = feuille._current_row  # the row just appended (``max_row`` would scan every cell: quadratic)
    for colonne, valeur in enumerate(valeurs, start=1):
        if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
            feuille.cell(row=ligne, column=colonne).data_type = "s"


TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ajouter_feuille(classeur: Workbook, titre: str, colonnes: list[str], lignes, *, colonnes_dates=()) -> Worksheet:
    """A sheet with a bold, frozen header row, rows written formula-safe, French date format on the given columns
    (0-based)."""
    feuille = classeur.create_sheet(titre[:31])
    ecrire_ligne(feuille, colonnes)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    feuille.freeze_panes = "A2"
    for valeurs in lignes:
        ecrire_ligne(feuille, list(valeurs))
    for indice in colonnes_dates:
        for (cellule,) in feuille.iter_rows(min_row=2, min_col=indice + 1, max_col=indice + 1):
            cellule.number_format = "DD/MM/YYYY"
    for indice, libelle in enumerate(colonnes, start=1):
        feuille.column_dimensions[get_column_letter(indice)].width = max(12, min(45, len(libelle) + 4))
    return feuille


def classeur_en_octets(classeur: Workbook) -> bytes:
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def tableau_excel(titre: str, colonnes: list[str], lignes, *, colonnes_dates: tuple[int, ...] = ()) -> bytes:
    """A workbook of one sheet, after the FSE+ sheet (plie/publicite.py)."""
    from plie import publicite

    classeur = publicite.classeur(titre)
    ajouter_feuille(classeur, titre, colonnes, lignes, colonnes_dates=colonnes_dates)
    return classeur_en_octets(classeur)


def telechargement(fichier, *, nom: str) -> FileResponse:
    """A stored private file as a download that no cache keeps, under ``nom`` and the stored file's extension
    (never the name it was uploaded with)."""
    extension = fichier.name.rsplit(".", 1)[-1]
    reponse = FileResponse(fichier.open("rb"), as_attachment=True, filename=f"{nom}.{extension}")
    reponse["Cache-Control"] = "no-store"
    return reponse


def reponse_fichier(contenu: bytes, *, nom: str, type_contenu: str = TYPE_XLSX) -> HttpResponse:
    """A download that no cache keeps."""
    reponse = HttpResponse(contenu, content_type=type_contenu)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Cache-Control"] = "no-store"
    return reponse
