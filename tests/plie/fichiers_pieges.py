"""Files built to trap a reader: a workbook that inflates when unzipped."""

import io
import zipfile


def classeur_piege(taille: int, *, membres: int = 1) -> bytes:
    """A workbook whose members unpack to ``taille`` bytes of zeros each (a zip bomb when large)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for numero in range(membres):
            archive.writestr(f"xl/worksheets/feuille{numero}.xml", b"\0" * taille)
    return tampon.getvalue()
