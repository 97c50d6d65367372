"""Reading one cell of the old tool's file: French dates and Excel serials, numbers with a decimal comma, yes/no,
and labels matched to the referentials ignoring case and accents (an unknown one names the closest known ones)."""

import datetime
import difflib
import re
from decimal import Decimal, InvalidOperation

from plie.texte import mots

EPOQUE_EXCEL = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
SERIE_MIN, SERIE_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31
OUI = {"oui", "o", "x", "1", "vrai", "true", "yes", "y"}
NON = {"non", "n", "0", "faux", "false", "no"}


class ValeurInvalide(ValueError):
    """A cell that cannot be read: its message is shown beside the cell, in French."""


def cle(texte) -> str:
    """How labels are compared: without accents, case or punctuation; spaces collapsed."""
    return mots(texte)


def vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def texte(valeur) -> str:
    if vide(valeur):
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)  # a phone number or an id typed as a number
    if isinstance(valeur, datetime.datetime):
        valeur = valeur.date()
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, datetime.time):
        return f"{valeur:%H:%M}"
    return " ".join(str(valeur).split())


def date(valeur) -> datetime.date | None:
    """jj/mm/aaaa (or jj-mm-aaaa, jj.mm.aaaa, two-digit years refused), aaaa-mm-jj, an Excel date or serial."""
    if vide(valeur):
        return None
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        return _serie(valeur)
    brut = str(valeur).strip()
    if re.fullmatch(r"\d+([.,]0+)?", brut):
        return _serie(float(brut.replace(",", ".")))
    trouve = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", brut)
    if trouve:
        jour, mois, annee = (int(x) for x in trouve.groups())
    else:
        trouve = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?", brut)
        if not trouve:
            raise ValeurInvalide(f"date illisible : « {brut} » (attendu jj/mm/aaaa)")
        annee, mois, jour = (int(x) for x in trouve.groups())
    try:
        return datetime.date(annee, mois, jour)
    except ValueError:
        raise ValeurInvalide(f"date impossible : « {brut} »") from None


def heure(valeur) -> datetime.time | None:
    """hh:mm (or 9h30, 9 h 30, hh:mm:ss), an Excel time (a time cell, or a fraction of a day)."""
    if vide(valeur):
        return None
    if isinstance(valeur, datetime.datetime):
        return valeur.time().replace(second=0, microsecond=0)
    if isinstance(valeur, datetime.time):
        return valeur.replace(second=0, microsecond=0)
    if isinstance(valeur, float) and 0 <= valeur < 1:
        minutes = round(valeur * 24 * 60)
        return datetime.time(minutes // 60 % 24, minutes % 60)
    brut = str(valeur).strip().lower()
    trouve = re.fullmatch(r"(\d{1,2})\s*[:h]\s*(\d{2})?(?::\d{2})?", brut)
    if not trouve:
        raise ValeurInvalide(f"heure illisible : « {texte(valeur)} » (attendu hh:mm)")
    heures, minutes = int(trouve.group(1)), int(trouve.group(2) or 0)
    if heures > 23 or minutes > 59:
        raise ValeurInvalide(f"heure impossible : « {texte(valeur)} »")
    return datetime.time(heures, minutes)


def _serie(nombre: float) -> datetime.date:
    if not float(nombre).is_integer() or not SERIE_MIN <= nombre <= SERIE_MAX:
        raise ValeurInvalide(f"date illisible : « {texte(nombre)} » (attendu jj/mm/aaaa)")
    return EPOQUE_EXCEL + datetime.timedelta(days=int(nombre))


def decimal(valeur) -> Decimal | None:
    if vide(valeur):
        return None
    if isinstance(valeur, bool):
        raise ValeurInvalide(f"nombre illisible : « {valeur} »")
    brut = str(valeur).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if len(brut) > 20 or "e" in brut.lower():  # no honest cell of the template holds 1e999999
        raise ValeurInvalide(f"nombre illisible : « {texte(valeur)[:30]} »")
    try:
        nombre = Decimal(brut)
    except (InvalidOperation, ArithmeticError):
        raise ValeurInvalide(f"nombre illisible : « {texte(valeur)} »") from None
    if not nombre.is_finite():
        raise ValeurInvalide(f"nombre illisible : « {texte(valeur)} »")
    return nombre.normalize() if nombre == nombre.to_integral() else nombre


def entier(valeur) -> int | None:
    nombre = decimal(valeur)
    if nombre is None:
        return None
    if nombre != nombre.to_integral():
        raise ValeurInvalide(f"nombre entier attendu : « {texte(valeur)} »")
    return int(nombre)


def booleen(valeur, *, defaut: bool = False) -> bool:
    if vide(valeur):
        return defaut
    if isinstance(valeur, bool):
        return valeur
    brut = cle(texte(valeur))
    if brut in OUI:
        return True
    if brut in NON:
        return False
    raise ValeurInvalide(f"« {texte(valeur)} » : attendu oui ou non")


class Referentiel:
    """Labels (and codes) of a referential, matched ignoring case and accents."""

    def __init__(self, nom: str, entrees: dict[str, object], *, alias: dict[str, object] | None = None, feminin=False):
        self.nom = nom  # "motif de sortie"
        self.feminin = feminin
        self.libelles = list(entrees)
        self._par_cle = {cle(libelle): valeur for libelle, valeur in entrees.items()}
        for libelle, valeur in (alias or {}).items():
            self._par_cle.setdefault(cle(libelle), valeur)

    def trouver(self, valeur):
        if vide(valeur):
            return None
        brut = texte(valeur)
        cle_lue = cle(brut)
        if cle_lue in self._par_cle:
            return self._par_cle[cle_lue]
        raise ValeurInvalide(self.inconnu(brut))

    def inconnu(self, brut: str) -> str:
        proches = self.proches(brut)
        message = f"{self.nom} {'inconnue' if self.feminin else 'inconnu'} : « {brut} »"
        if proches:
            message += " — proches : " + ", ".join(f"« {p} »" for p in proches)
        return message

    def proches(self, brut: str, n: int = 3) -> list[str]:
        """The closest labels: by spelling, by their beginning (« Emploi CDI » is close to « Emploi durable (CDI
        …) »), or by words in common."""
        lu = cle(brut)
        mots = set(lu.split())

        def score(libelle: str) -> float:
            connu = cle(libelle)
            debut = connu[: len(lu) + 3]
            communs = len(mots & set(connu.split())) / max(len(mots), 1)
            return max(
                difflib.SequenceMatcher(None, lu, connu).ratio(),
                difflib.SequenceMatcher(None, lu, debut).ratio(),
                communs,
            )

        notes = sorted(((score(libelle), libelle) for libelle in self.libelles), key=lambda x: -x[0])
        return [libelle for note, libelle in notes[:n] if note >= 0.5]


def choix(nom: str, choices, *, feminin=False, **alias) -> Referentiel:
    """A referential of a Django ``TextChoices``: its labels, and its stored values as aliases."""
    return Referentiel(
        nom,
        {str(libelle): valeur for valeur, libelle in choices.choices if valeur},
        alias={**{valeur: valeur for valeur in choices.values if valeur}, **alias},
        feminin=feminin,
    )
