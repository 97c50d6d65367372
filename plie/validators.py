"""Password rules: the CNIL composition rules (délibération n° 2022-100, about 80 bits of entropy), beside a
maintained strength estimator (zxcvbn) that refuses what composition rules let through ("Password123!",
"aa aa aa aa aa aa aa").

zxcvbn's dictionaries are English: the estimator also reads the 30 000 most frequent French words (wordfreq, a
maintained word-frequency package), and the account's e-mail, names and the PLIE's name as words an attacker
knows. A passphrase's words are counted without the closed lists an attacker tries first — days, months,
numbers, articles and other small words — nor the account's own words: « lundi mardi … dimanche » has no word
that counts."""

import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from zxcvbn import matching, zxcvbn

from plie.texte import plier

CLASSES = [r"[a-zà-ÿ]", r"[A-ZÀ-Ý]", r"[0-9]", r"[^a-zA-Zà-ÿÀ-Ý0-9\s]"]
MOTS_PHRASE_DE_PASSE = 7
SCORE_MINIMUM = 3  # zxcvbn's scale 0..4: 3 is "safely unguessable" (about 10^10 guesses)
LONGUEUR_ESTIMEE = 72  # what zxcvbn reads: it refuses a longer password (ValueError), and its cost grows with it


MOTS_FRANCAIS = 30_000

# Closed lists, without accents: what a passphrase's words do not count.
JOURS = "lundi mardi mercredi jeudi vendredi samedi dimanche"
MOIS = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
NOMBRES = (
    "zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt "
    "trente quarante cinquante soixante cent cents mille million milliard premier premiere second seconde "
    "deuxieme troisieme quatrieme cinquieme sixieme septieme huitieme neuvieme dixieme"
)
PETITS_MOTS = (
    "le la les l un une des du de d au aux ce cet cette ces mon ton son ma ta sa mes tes ses notre votre leur nos "
    "vos leurs et ou ni mais donc or car a en y dans sur sous par pour avec sans chez vers je j tu il elle on nous "
    "vous ils elles me m te t se s moi toi lui eux qui que qu quoi dont ne n pas plus tout tous toute toutes est "
    "sont"
)
LISTES_FERMEES = frozenset(" ".join((JOURS, MOIS, NOMBRES, PETITS_MOTS)).split())


@functools.cache
def _dictionnaire_francais() -> None:
    """Give zxcvbn the French words, once per process (about 0.2 s)."""
    from wordfreq import top_n_list

    matching.add_frequency_lists({"francais": top_n_list("fr", MOTS_FRANCAIS)})


def mots_du_compte(user) -> list[str]:
    """What an attacker knows of the account: its e-mail, names, and the PLIE's name, whole and in parts."""
    connus = [getattr(user, "email", ""), getattr(user, "prenom", ""), getattr(user, "nom", ""), settings.PLIE_NOM]
    connus = [v for v in connus if v]
    return connus + [partie for v in connus for partie in re.split(r"[@.\-_ ']+", v) if len(partie) >= 2]


def nombre_de_classes(mot_de_passe: str) -> int:
    return sum(1 for classe in CLASSES if re.search(classe, mot_de_passe))


def mots_distincts(mot_de_passe: str, exclus: frozenset[str] = frozenset()) -> set[str]:
    """The distinct words of a passphrase: runs of at least 2 letters (digits and repeats do not count), none of
    ``exclus`` (compared without case nor accents)."""
    mots = re.split(r"[\s\-_.,;:/+']+", plier(mot_de_passe))
    return {mot for mot in mots if len(re.findall(r"[^\W\d_]", mot)) >= 2 and len(set(mot)) >= 2 and mot not in exclus}


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

    message_phrase = (
        "Dans une phrase de passe, les jours, les mois, les nombres, les petits mots (le, la, un, des, et…), votre "
        "nom, votre adresse et le nom du PLIE ne comptent pas : il faut au moins 7 autres mots différents "
        "(la vôtre en a {n})."
    )

    def validate(self, password, user=None):
        longueur, classes = len(password), nombre_de_classes(password)
        connus = mots_du_compte(user)
        mots = mots_distincts(password)
        comptes = mots_distincts(password, LISTES_FERMEES | {plier(m) for m in connus})
        # A phrase (7 words, or 4 from the closed lists or the account's own): its other words must make 7.
        if (len(mots) >= MOTS_PHRASE_DE_PASSE or len(mots - comptes) >= 4) and len(comptes) < MOTS_PHRASE_DE_PASSE:
            raise ValidationError(self.message_phrase.format(n=len(comptes)), code="phrase_de_passe_previsible")
        composition = (
            (longueur >= 12 and classes == 4)
            or (longueur >= 14 and classes >= 3)
            or len(comptes) >= MOTS_PHRASE_DE_PASSE
        )
        if not composition:
            raise ValidationError(self.message, code="mot_de_passe_trop_faible")
        _dictionnaire_francais()
        if zxcvbn(password[:LONGUEUR_ESTIMEE], user_inputs=connus)["score"] < SCORE_MINIMUM:
            raise ValidationError(self.message_previsible, code="mot_de_passe_previsible")

    def get_help_text(self):
        return self.message
