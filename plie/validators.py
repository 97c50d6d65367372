"""Password rules: the CNIL composition rules (délibération n° 2022-100, about 80 bits of entropy), beside a
maintained strength estimator (zxcvbn) that refuses what composition rules let through ("Password123!",
"aa aa aa aa aa aa aa")."""

import re

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

CLASSES = [r"[a-zà-ÿ]", r"[A-ZÀ-Ý]", r"[0-9]", r"[^a-zA-Zà-ÿÀ-Ý0-9\s]"]
MOTS_PHRASE_DE_PASSE = 7
SCORE_MINIMUM = 3  # zxcvbn's scale 0..4: 3 is "safely unguessable" (about 10^10 guesses)
LONGUEUR_ESTIMEE = 100  # zxcvbn's cost grows with the length: what it reads is bounded


def nombre_de_classes(mot_de_passe: str) -> int:
    return sum(1 for classe in CLASSES if re.search(classe, mot_de_passe))


def mots_distincts(mot_de_passe: str) -> set[str]:
    """The distinct words of a passphrase: runs of at least 2 letters (digits and repeats do not count)."""
    mots = re.split(r"[\s\-_.,;:/+]+", mot_de_passe.casefold())
    return {mot for mot in mots if len(re.findall(r"[^\W\d_]", mot)) >= 2 and len(set(mot)) >= 2}


class ValidateurCNIL:
    """12 characters of the 4 classes, or 14 of at least 3, or a passphrase of at least 7 distinct words; and in
    every case a strength the estimator rates 3 out of 4 at least."""

    message = (
        "Choisissez au moins 12 caractères mêlant minuscules, majuscules, chiffres et caractères spéciaux, "
        "ou au moins 14 caractères mêlant trois de ces types, ou une phrase de passe d'au moins 7 mots différents."
    )
    message_previsible = (
        "Ce mot de passe est trop facile à deviner (mot courant, suite, répétition, nom ou adresse du compte) : "
        "choisissez-en un moins prévisible, par exemple une phrase de passe de 7 mots sans lien entre eux."
    )

    def validate(self, password, user=None):
        longueur, classes = len(password), nombre_de_classes(password)
        composition = (
            (longueur >= 12 and classes == 4)
            or (longueur >= 14 and classes >= 3)
            or len(mots_distincts(password)) >= MOTS_PHRASE_DE_PASSE
        )
        if not composition:
            raise ValidationError(self.message, code="mot_de_passe_trop_faible")
        connus = [v for v in (getattr(user, "email", ""), getattr(user, "prenom", ""), getattr(user, "nom", "")) if v]
        connus += [partie for v in connus for partie in re.split(r"[@.\-_ ]+", v) if len(partie) >= 3]
        if zxcvbn(password[:LONGUEUR_ESTIMEE], user_inputs=connus)["score"] < SCORE_MINIMUM:
            raise ValidationError(self.message_previsible, code="mot_de_passe_previsible")

    def get_help_text(self):
        return self.message
