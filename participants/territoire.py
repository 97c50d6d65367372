"""The PLIE's territory loaded from a file: its communes, and their priority neighbourhoods (QPV) and quartiers de
veille. One row per commune, or per quartier of a commune (the commune's columns repeated):

``commune ; code_insee ; code_postal ; quartier ; type_quartier ; code_quartier``

``type_quartier`` is ``qpv`` or ``veille`` (or their labels). The file is read with pandas (CSV in UTF-8 or
Windows-1252, ``;`` or ``,``; or .xlsx), checked whole, and written in one transaction: a file with one wrong row
changes nothing. Dijon Métropole's file (``participants/territoires/dijon-metropole.csv``) is the demo's.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction

from participants.enums import TypeQuartier
from participants.models import Commune, Quartier

COLONNES = ["commune", "code_insee", "code_postal", "quartier", "type_quartier", "code_quartier"]
OBLIGATOIRES = ["commune", "code_insee", "code_postal"]
TYPES = {
    **{t.value: t.value for t in TypeQuartier},
    **{t.label.lower(): t.value for t in TypeQuartier},
    "quartier prioritaire": TypeQuartier.QPV,
    "veille": TypeQuartier.VEILLE,
}


@dataclass
class Rapport:
    communes_creees: int = 0
    communes_mises_a_jour: int = 0
    communes_retirees: list[str] = field(default_factory=list)
    quartiers_crees: int = 0
    quartiers_mis_a_jour: int = 0


def lire(fichier: Path | bytes, *, nom: str = "") -> pd.DataFrame:
    """The table as text cells, whatever the file's format; a French message when it cannot be read."""
    nom = nom or (fichier.name if isinstance(fichier, Path) else "")
    contenu = fichier.read_bytes() if isinstance(fichier, Path) else fichier
    try:
        if nom.lower().endswith(".xlsx"):
            tableau = pd.read_excel(io.BytesIO(contenu), dtype=str)
        else:
            for encodage in ("utf-8-sig", "cp1252"):
                try:
                    texte = contenu.decode(encodage)
                    break
                except UnicodeDecodeError:
                    continue
            separateur = ";" if texte.splitlines()[0].count(";") >= texte.splitlines()[0].count(",") else ","
            tableau = pd.read_csv(io.StringIO(texte), sep=separateur, dtype=str, keep_default_na=False)
    except (ValueError, IndexError, pd.errors.ParserError) as erreur:
        raise ValidationError(f"Le fichier du territoire ne peut pas être lu : {erreur}.") from None
    tableau.columns = [re.sub(r"\s+", "_", str(c).strip().lower()) for c in tableau.columns]
    manquantes = [c for c in OBLIGATOIRES if c not in tableau.columns]
    if manquantes:
        raise ValidationError(f"Colonnes manquantes : {', '.join(manquantes)} (attendues : {', '.join(COLONNES)}).")
    for colonne in COLONNES:
        if colonne not in tableau.columns:
            tableau[colonne] = ""
    return tableau[COLONNES].fillna("").map(lambda v: str(v).strip())


def _verifier(tableau: pd.DataFrame) -> list[str]:
    erreurs = []
    for numero, ligne in enumerate(tableau.itertuples(index=False), start=2):  # line 1: the header
        if not ligne.commune:
            erreurs.append(f"Ligne {numero} : le nom de la commune manque.")
        if not re.fullmatch(r"\d[\dAB]\d{3}", ligne.code_insee):
            erreurs.append(f"Ligne {numero} : code INSEE « {ligne.code_insee} » invalide (5 caractères, 21231).")
        if not re.fullmatch(r"\d{5}", ligne.code_postal):
            erreurs.append(f"Ligne {numero} : code postal « {ligne.code_postal} » invalide (5 chiffres).")
        if ligne.quartier and ligne.type_quartier.lower() not in TYPES:
            erreurs.append(
                f"Ligne {numero} : type de quartier « {ligne.type_quartier} » inconnu (qpv ou veille attendu)."
            )
    communes = tableau.drop_duplicates(["commune", "code_insee", "code_postal"])
    for colonne in ("commune", "code_insee"):
        doubles = communes[communes.duplicated(colonne, keep=False)][colonne].unique()
        for valeur in doubles:
            erreurs.append(f"La commune « {valeur} » a des lignes qui se contredisent ({colonne}).")
    quartiers = tableau[tableau.quartier != ""]
    for (commune, quartier), _ in quartiers[quartiers.duplicated(["code_insee", "quartier"])].groupby(
        ["commune", "quartier"]
    ):
        erreurs.append(f"Le quartier « {quartier} » de {commune} apparaît deux fois.")
    return erreurs


@transaction.atomic
def territoire_charger(tableau: pd.DataFrame, *, retirer_absentes: bool = False) -> Rapport:
    """Create or update the communes (by INSEE code) and their quartiers (by name within the commune); the
    communes of the base absent from the file leave the territory if ``retirer_absentes`` (their people and
    history stay)."""
    erreurs = _verifier(tableau)
    if erreurs:
        raise ValidationError(erreurs)
    rapport = Rapport()
    communes = {}
    for ligne in tableau.drop_duplicates("code_insee").itertuples(index=False):
        commune = Commune.objects.filter(code_insee=ligne.code_insee).first()
        if commune is None:
            commune = Commune(code_insee=ligne.code_insee)
            rapport.communes_creees += 1
        elif (commune.nom, commune.code_postal, commune.dans_le_territoire) != (
            ligne.commune,
            ligne.code_postal,
            True,
        ):
            rapport.communes_mises_a_jour += 1
        commune.nom, commune.code_postal, commune.dans_le_territoire = ligne.commune, ligne.code_postal, True
        commune.full_clean()
        commune.save()
        communes[ligne.code_insee] = commune
    for ligne in tableau[tableau.quartier != ""].itertuples(index=False):
        type_ = TYPES[ligne.type_quartier.lower()]
        quartier = Quartier.objects.filter(commune=communes[ligne.code_insee], nom=ligne.quartier).first()
        if quartier is None:
            quartier = Quartier(commune=communes[ligne.code_insee], nom=ligne.quartier)
            rapport.quartiers_crees += 1
        elif (quartier.type, quartier.code) != (type_, ligne.code_quartier):
            rapport.quartiers_mis_a_jour += 1
        quartier.type, quartier.code = type_, ligne.code_quartier
        quartier.full_clean()
        quartier.save()
    if retirer_absentes:
        absentes = Commune.objects.filter(dans_le_territoire=True).exclude(code_insee__in=list(communes))
        rapport.communes_retirees = list(absentes.order_by("nom").values_list("nom", flat=True))
        absentes.update(dans_le_territoire=False)
    return rapport
