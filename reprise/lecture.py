"""Reading an old tool's file into the template's sheets: an .xlsx (one sheet per subject) or CSV files (one subject
each, recognised by their header), checked by content and size before anything is read. Formula cells are kept as
formulas (their cached value is never read), so that the preview flags them."""

import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from plie import publicite
from plie.fichiers import MEGA, XLSX, type_reel, verifier_archive
from plie.formats import milliers
from reprise.modele import FEUILLES, LISEZ_MOI, Feuille, feuille_nommee
from reprise.valeurs import cle, vide

ENCODAGES = ("utf-8-sig", "cp1252")  # UTF-8 with or without BOM, then Windows-1252
SEPARATEURS = (";", ",", "\t")


@dataclass
class Cellule:
    valeur: object
    formule: bool = False


@dataclass
class FeuilleLue:
    feuille: Feuille
    source: str  # the sheet's title, or the CSV file's name
    lignes: list[tuple[int, dict[str, Cellule]]]  # (row number in the file, column key -> cell)
    colonnes_ignorees: list[str] = field(default_factory=list)
    encodage: str = ""
    colonnes: set[str] = field(default_factory=set)  # the template's columns the file has


@dataclass
class Lecture:
    feuilles: dict[str, FeuilleLue] = field(default_factory=dict)  # by template sheet name
    ignorees: list[str] = field(default_factory=list)  # sheets that are not in the template
    lignes_vides: int = 0

    @property
    def vide(self) -> bool:
        return not any(f.lignes for f in self.feuilles.values())


def taille_max() -> int:
    return settings.REPRISE_TAILLE_MAX_MO * MEGA


def _trop_de_lignes(nom: str) -> ValidationError:
    return ValidationError(
        f"« {nom} » dépasse {milliers(settings.REPRISE_LIGNES_MAX)} lignes, le maximum d'un fichier : découpez-le "
        "(par exemple une année de parcours par fichier) et déposez les parties l'une après l'autre."
    )


DIMENSION = re.compile(rb'<dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def _lignes_annoncees(contenu: bytes) -> int:
    """The rows a workbook's sheets declare (their ``dimension``, read from the first bytes of each sheet of the
    archive), before openpyxl loads anything; 0 for those that declare none (counted while reading)."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as feuille:
                    trouvee = DIMENSION.search(feuille.read(4096))
                if trouvee:
                    total += max(int(trouvee.group(1)) - 1, 0)
    return total


def lire(fichiers: list[tuple[str, bytes]]) -> Lecture:
    """Read one .xlsx, or CSV files; refuse (ValidationError, in French) a file that is neither, is too large, is
    a zip bomb, or whose header row is empty or merged. Nothing is written."""
    lecture = Lecture()
    if not fichiers:
        raise ValidationError("Aucun fichier n'a été déposé.")
    for nom, contenu in fichiers:
        if len(contenu) > taille_max():
            raise ValidationError(
                f"« {nom} » dépasse la taille maximale de {settings.REPRISE_TAILLE_MAX_MO} Mo : découpez-le."
            )
        if not contenu:
            raise ValidationError(f"« {nom} » est vide.")
        reel = type_reel(contenu)
        if reel == XLSX:
            if _lignes_annoncees(contenu) > settings.REPRISE_LIGNES_MAX:
                raise _trop_de_lignes(nom)
            _lire_xlsx(nom, contenu, lecture)
        elif reel is not None:  # a PDF or an image, whatever its name
            raise ValidationError(
                f"« {nom} » est un fichier {reel.libelle}, pas un classeur .xlsx ni un fichier CSV (son contenu a "
                "été vérifié)."
            )
        elif contenu.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(io.BytesIO(contenu)) as archive:  # a zip bomb says so; another zip is not one
                    verifier_archive(archive)
            except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
                raise ValidationError(
                    f"« {nom} » est une archive endommagée ou tronquée : enregistrez-le de nouveau."
                ) from None
            raise ValidationError(
                f"« {nom} » n'est pas un classeur .xlsx ni un fichier CSV (son contenu a été vérifié)."
            )
        else:
            _lire_csv(nom, contenu, lecture)
    return lecture


def _entetes(nom: str, feuille: Feuille, valeurs: list) -> tuple[dict[int, str], list[str]]:
    """Column index -> column key, and the headers that are not in the template."""
    if all(vide(v) for v in valeurs):
        raise ValidationError(
            f"« {nom} » : la première ligne est vide ; elle doit porter les intitulés des colonnes du modèle."
        )
    par_cle = {cle(c.nom): c.cle for c in feuille.colonnes}
    colonnes, ignorees, vues = {}, [], set()
    for indice, valeur in enumerate(valeurs):
        if vide(valeur):
            continue
        cle_colonne = par_cle.get(cle(valeur))
        if cle_colonne is None:
            ignorees.append(str(valeur))
        elif cle_colonne in vues:
            raise ValidationError(f"« {nom} » : la colonne « {valeur} » apparaît deux fois.")
        else:
            colonnes[indice] = cle_colonne
            vues.add(cle_colonne)
    manquantes = [c.nom for c in feuille.obligatoires if c.cle not in vues]
    if manquantes:
        raise ValidationError(
            f"« {nom} » ({feuille.nom}) : colonnes obligatoires absentes : "
            + ", ".join(f"« {m} »" for m in manquantes)
            + ". La première ligne doit porter les intitulés des colonnes du modèle."
        )
    return colonnes, ignorees


def _ajouter(lecture: Lecture, lue: FeuilleLue) -> None:
    if lue.feuille.nom in lecture.feuilles:
        raise ValidationError(f"La feuille « {lue.feuille.nom} » est fournie deux fois.")
    lecture.feuilles[lue.feuille.nom] = lue


def _lignes(colonnes: dict[int, str], rangees, lecture: Lecture, debut: int = 2, *, nom: str = ""):
    lignes = []
    for numero, rangee in enumerate(rangees, start=debut):
        if numero - debut >= settings.REPRISE_LIGNES_MAX:  # a workbook that declared fewer rows than it has
            raise _trop_de_lignes(nom)
        cellules = {colonnes[i]: c for i, c in enumerate(rangee) if i in colonnes}
        if all(vide(c.valeur) for c in cellules.values()):
            lecture.lignes_vides += 1
            continue
        lignes.append((numero, cellules))
    return lignes


def _lire_xlsx(nom: str, contenu: bytes, lecture: Lecture) -> None:
    try:
        classeur = load_workbook(io.BytesIO(contenu), data_only=False)  # formulas stay formulas
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds of errors on a damaged file)
        raise ValidationError(f"« {nom} » ne peut pas être lu comme un classeur Excel : est-il endommagé ?") from None
    for onglet in classeur.worksheets:
        feuille = feuille_nommee(onglet.title)
        if feuille is None:
            if cle(onglet.title) not in (cle(LISEZ_MOI), cle(publicite.FEUILLE)):
                lecture.ignorees.append(onglet.title)
            continue
        if any(plage.min_row <= 1 for plage in onglet.merged_cells.ranges):
            raise ValidationError(
                f"Feuille « {onglet.title} » : la ligne d'en-tête contient des cellules fusionnées ; "
                "défusionnez-les pour qu'il y ait un intitulé par colonne."
            )
        rangees = onglet.iter_rows()
        premiere = next(rangees, None)
        if premiere is None:
            continue  # an empty sheet of the template: nothing to import from it
        colonnes, ignorees = _entetes(f"Feuille {onglet.title}", feuille, [c.value for c in premiere])
        cellules = ([Cellule(c.value, c.data_type == "f") for c in rangee] for rangee in rangees)
        lignes = _lignes(colonnes, cellules, lecture, nom=nom)
        _ajouter(lecture, FeuilleLue(feuille, onglet.title, lignes, ignorees, colonnes=set(colonnes.values())))


def _decoder(nom: str, contenu: bytes) -> tuple[str, str]:
    if b"\x00" in contenu[:4096]:
        raise ValidationError(f"« {nom} » n'est pas un classeur .xlsx ni un fichier CSV (son contenu a été vérifié).")
    for encodage in ENCODAGES:
        try:
            return contenu.decode(encodage), encodage
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"« {nom} » n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8.")


def _lire_csv(nom: str, contenu: bytes, lecture: Lecture) -> None:
    texte, encodage = _decoder(nom, contenu)
    if texte.count("\n", 0, len(texte.rstrip())) > settings.REPRISE_LIGNES_MAX:  # rows after the header,
        # counted before pandas reads anything (a quoted cell over several lines counts each: a margin)
        raise _trop_de_lignes(nom)
    premiere_ligne = texte.splitlines()[0] if texte.strip() else ""
    separateur = max(SEPARATEURS, key=premiere_ligne.count)
    if not premiere_ligne.strip() or premiere_ligne.count(separateur) == 0:
        raise ValidationError(
            f"« {nom} » : la première ligne doit porter les intitulés des colonnes, séparés par « ; » ou « , »."
        )
    try:
        tableau = pd.read_csv(
            io.StringIO(texte), sep=separateur, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, ValueError):
        raise ValidationError(
            f"« {nom} » n'est pas un fichier CSV lisible : une ligne a plus de colonnes que l'en-tête, ou un "
            "guillemet n'est pas fermé."
        ) from None
    rangees = tableau.to_numpy().tolist()
    entetes = rangees[0]
    feuille = _feuille_du_csv(nom, entetes)
    colonnes, ignorees = _entetes(nom, feuille, entetes)
    cellules = ([Cellule(v, isinstance(v, str) and v.startswith("=")) for v in rangee] for rangee in rangees[1:])
    lignes = _lignes(colonnes, cellules, lecture)
    _ajouter(lecture, FeuilleLue(feuille, nom, lignes, ignorees, encodage, set(colonnes.values())))


def _feuille_du_csv(nom: str, entetes: list) -> Feuille:
    """The template sheet a CSV file is, from its header: the one whose columns it names most."""
    lues = {cle(e) for e in entetes if not vide(e)}

    def score(feuille: Feuille) -> tuple[int, int]:
        noms = {cle(c.nom) for c in feuille.colonnes}
        complete = all(cle(c.nom) in lues for c in feuille.obligatoires)
        return complete, len(noms & lues)

    meilleure = max(FEUILLES, key=score)
    if score(meilleure) == (0, 0) or not score(meilleure)[0]:
        raise ValidationError(
            f"« {nom} » ne correspond à aucune feuille du modèle : sa première ligne doit porter les intitulés des "
            "colonnes d'une feuille (Référents, Prescriptions, Personnes, Parcours…)."
        )
    return meilleure
