"""A signature drawn on screen (static/vendor/signature_pad, static/js/emargement.js), sent as a PNG data URL:
read and checked once (``lire``), then cropped to its ink for a document (``en_image``). Shared by the attendance
sheets and the contrat d'engagement."""

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from plie.fichiers import PNG, type_reel

TAILLE_MAX = 200 * 1024  # a drawn signature is a few kilobytes
PIXELS_MAX = (4000, 1500)  # a pad as wide as a large screen, at its pixel density
PREFIXE_PNG = "data:image/png;base64,"


def encre(dessin: Image.Image) -> tuple[int, int, int, int] | None:
    """The box of what was drawn on the white pad; None when nothing was."""
    return ImageOps.invert(dessin.convert("L")).getbbox()


def lire(donnee: str) -> bytes:
    """The PNG's bytes, or a French refusal (not a PNG, too heavy, too large once decoded, unreadable, blank)."""
    if not donnee.startswith(PREFIXE_PNG):
        raise ValidationError("La signature n'est pas une image PNG.")
    if len(donnee) > TAILLE_MAX * 4 // 3 + len(PREFIXE_PNG) + 4:
        raise ValidationError("La signature est trop lourde.")
    try:
        png = base64.b64decode(donnee[len(PREFIXE_PNG) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("La signature est illisible.") from None
    if len(png) > TAILLE_MAX or type_reel(png) is not PNG:
        raise ValidationError("La signature n'est pas une image PNG.")
    largeur_max, hauteur_max = PIXELS_MAX
    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.width > largeur_max or image.height > hauteur_max:
                raise ValidationError("La signature est une image trop grande.")
            image.verify()
        with Image.open(io.BytesIO(png)) as image:
            vide = encre(image.convert("RGB")) is None
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError("La signature est illisible.") from None
    if vide:
        raise ValidationError("Le cadre de signature est vide.")
    return png


def en_image(png: bytes) -> str:
    """The signature as drawn, cropped to its ink (the pad is as wide as the screen), as a data URI for a
    document's cell."""
    with Image.open(io.BytesIO(png)) as image:
        dessin = image.convert("RGB")
    boite = encre(dessin)
    if boite:
        marge = 8
        gauche, haut, droite, bas = boite
        dessin = dessin.crop(
            (
                max(gauche - marge, 0),
                max(haut - marge, 0),
                min(droite + marge, dessin.width),
                min(bas + marge, dessin.height),
            )
        )
    tampon = io.BytesIO()
    dessin.save(tampon, format="PNG")
    return "data:image/png;base64," + base64.b64encode(tampon.getvalue()).decode()
