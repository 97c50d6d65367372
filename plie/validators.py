"""Password rules following the CNIL recommendation (délibération n° 2022-100): about 80 bits of entropy."""

import re

from django.core.exceptions import ValidationError

CLASSES = [r"[a-zà-ÿ]", r"[A-ZÀ-Ý]", r"[0-9]", r"[^a-zA-Zà-ÿÀ-Ý0-9\s]"]


def nombre_de_classes(mot_de_passe: str) -> int:
    return sum(1 for classe in CLASSES if re.search(classe, mot_de_passe))


class ValidateurCNIL:
    """12 characters of the 4 classes, or 14 of at least 3, or a passphrase of at least 7 words."""

    message = (
        "Choisissez au moins 12 caractères mêlant minuscules, majuscules, chiffres et caractères spéciaux, "
        "ou au moins 14 caractères mêlant trois de ces types, ou une phrase de passe d'au moins 7 mots."
    )

    def validate(self, password, user=None):
        longueur, classes = len(password), nombre_de_classes(password)
        mots = [mot for mot in re.split(r"[\s\-_.,;:]+", password) if len(mot) >= 2]
        if (longueur >= 12 and classes == 4) or (longueur >= 14 and classes >= 3) or len(mots) >= 7:
            return
        raise ValidationError(self.message, code="mot_de_passe_trop_faible")

    def get_help_text(self):
        return self.message
