"""The one text folding of the product: how names and labels are compared, whatever their accents, ligatures and
case. The duplicate check, the import's labels, the password's words and the demo's addresses all read it."""

import re

from anyascii import anyascii


def plier(texte: str) -> str:
    """``texte`` in lower-case ASCII, each letter transliterated (« Lœuillet » → « loeuillet », « Æ » → « ae »,
    « é » → « e »), not dropped."""
    return anyascii(str(texte)).lower()


def lettres(texte: str) -> str:
    """Only the letters of the folded text: « Le Goff-Lœuillet » → « legoffloeuillet »."""
    return "".join(c for c in plier(texte) if c.isalpha())


def alphanumerique(texte: str) -> str:
    """Letters and digits of the folded text, nothing else."""
    return "".join(c for c in plier(texte) if c.isalnum())


def mots(texte: str) -> str:
    """The folded text's letters and digits as words one space apart: « Cœur-de-Ville  (QPV) » → « coeur de
    ville qpv »."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plier(texte)).split())
