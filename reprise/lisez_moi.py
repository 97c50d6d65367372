"""The downloadable template: a « Lisez-moi » sheet (how to fill each sheet, each column, the labels the
referentials accept) and one empty sheet per subject, headers only."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets, ecrire_ligne
from programmation.models import Operation
from reprise import modele, referentiels
from reprise.valeurs import Referentiel, ValeurInvalide

FORMATS = {
    modele.TEXTE: "texte",
    modele.DATE: "date jj/mm/aaaa (ou date Excel)",
    modele.DECIMAL: "nombre",
    modele.ENTIER: "nombre entier",
    modele.BOOLEEN: "oui / non",
    modele.HEURE: "heure hh:mm",
    modele.PARCOURS_LISTE: "identifiants séparés par « ; »",
}
INTRODUCTION = (
    "Modèle d'import des données de l'ancien outil. Une feuille par sujet ; la première ligne de chaque feuille "
    "porte les intitulés des colonnes (ni vide, ni fusionnée). Les feuilles absentes ou vides sont ignorées : on "
    "peut importer en plusieurs fois, dans l'ordre des feuilles.",
    "Chaque ligne porte l'identifiant de l'ancien outil : importer de nouveau le même fichier met à jour ce qui a "
    "changé et ne crée aucun doublon.",
    "Les libellés (motifs, types d'étape, prescripteurs, structures, communes) sont reconnus sans tenir compte des "
    "majuscules ni des accents. Les dates s'écrivent jj/mm/aaaa ; les dates Excel sont acceptées. Une cellule "
    "calculée par une formule est refusée : saisissez la valeur.",
    "Rien n'est enregistré avant l'aperçu : chaque ligne y a son statut (à créer, à mettre à jour, identique, en "
    "erreur) et chaque erreur son message. L'enregistrement se fait en une fois, tout ou rien.",
    "CSV accepté : un fichier par feuille, en UTF-8 (ou Windows-1252), séparateur « ; » ou « , », reconnu à sa "
    "ligne d'en-tête.",
)


def _format(colonne: modele.Colonne) -> str:
    if colonne.lecture in FORMATS:
        return FORMATS[colonne.lecture]
    if colonne.lecture.startswith("ref_"):
        return "identifiant"
    return "libellé du référentiel"


# The referentials whose accepted labels the sheet lists, in this order (communes: too many; quartiers and
# operations: per commune and per year, listed apart).
LISTES = (
    "structure",
    "prescripteur",
    "motif_non_entree",
    "motif_sortie",
    "type_etape",
    "criteres",
    "statut",
    "sexe",
    "nationalite",
    "niveau_formation",
    "situation_emploi",
    "issue",
    "type_entretien",
    "mode_entretien",
    "genre_fse",
    "reponse_fse",
    "categorie_activite",
    "statut_activite",
)


def exemples(refs: dict[str, Referentiel]) -> dict[tuple[str, str], str]:
    """Each column's example as the reader accepts it on this base: the template's own when the base's
    referential knows it, else the referential's first label (none when it is empty); an operation of the
    programmation and its year for the columns that name one."""
    resultat = {}
    operation = Operation.objects.order_by("-annee", "intitule").first()
    for sujet in modele.FEUILLES:
        for colonne in sujet.colonnes:
            exemple = colonne.exemple
            if colonne.lecture in refs:
                exemple = _connu(refs[colonne.lecture], exemple, plusieurs=colonne.lecture == "criteres")
            elif colonne.lecture == "operation":
                exemple = operation.intitule if operation else ""
            elif colonne.cle == "annee_operation":
                exemple = str(operation.annee) if operation else ""
            elif colonne.lecture == "quartier":
                exemple = ""  # per commune: the commune's own (listed on the screens)
            resultat[(sujet.nom, colonne.cle)] = exemple
    return resultat


def _connu(referentiel: Referentiel, exemple: str, *, plusieurs: bool) -> str:
    """``exemple`` if the referential knows it (each of its labels separated by « ; » when ``plusieurs``)."""
    morceaux = [m.strip() for m in exemple.split(";") if m.strip()] if plusieurs else [exemple]
    try:
        if morceaux and all(referentiel.trouver(m) is not None for m in morceaux):
            return exemple
    except ValeurInvalide:
        pass
    return referentiel.libelles[0] if referentiel.libelles else ""


def ajouter_lisez_moi(classeur: Workbook) -> None:
    refs = referentiels.charger()
    exemples_ = exemples(refs)
    feuille = classeur.create_sheet(modele.LISEZ_MOI)
    feuille.column_dimensions["A"].width = 38
    feuille.column_dimensions["B"].width = 14
    feuille.column_dimensions["C"].width = 26
    feuille.column_dimensions["D"].width = 70
    feuille.column_dimensions["E"].width = 26
    ecrire_ligne(feuille, ["Reprise des données de l'ancien outil"])
    feuille["A1"].font = Font(bold=True, size=14)
    for paragraphe in INTRODUCTION:
        ecrire_ligne(feuille, [paragraphe])
        feuille.merge_cells(start_row=feuille.max_row, start_column=1, end_row=feuille.max_row, end_column=5)
        feuille.cell(feuille.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        feuille.row_dimensions[feuille.max_row].height = 45
    for sujet in modele.FEUILLES:
        ecrire_ligne(feuille, [])
        ecrire_ligne(feuille, [f"Feuille « {sujet.nom} »" + (" (facultative)" if sujet.facultative else "")])
        feuille.cell(feuille.max_row, 1).font = Font(bold=True, size=12)
        ecrire_ligne(feuille, [sujet.aide])
        ecrire_ligne(feuille, ["colonne", "obligatoire", "format", "explication", "exemple"])
        for cellule in feuille[feuille.max_row]:
            cellule.font = Font(bold=True)
        for colonne in sujet.colonnes:
            ecrire_ligne(
                feuille,
                [
                    colonne.nom,
                    "oui" if colonne.obligatoire else "",
                    _format(colonne),
                    colonne.aide,
                    exemples_[(sujet.nom, colonne.cle)],
                ],
            )
    for cle_ in LISTES:
        referentiel = refs[cle_]
        ecrire_ligne(feuille, [])
        ecrire_ligne(feuille, [f"Libellés acceptés : {referentiel.nom}"])
        feuille.cell(feuille.max_row, 1).font = Font(bold=True)
        for libelle in referentiel.libelles or ["(aucun dans la base : à créer avant l'import)"]:
            ecrire_ligne(feuille, [libelle])


def modele_vierge() -> bytes:
    classeur = publicite.classeur("Modèle d'import des données d'un ancien outil")
    ajouter_lisez_moi(classeur)
    for sujet in modele.FEUILLES:
        ajouter_feuille(classeur, sujet.nom, [c.nom for c in sujet.colonnes], [])
    return classeur_en_octets(classeur)
