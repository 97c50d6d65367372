"""The downloadable template: a « Lisez-moi » sheet (how to fill each sheet, each column, the labels the
referentials accept) and one empty sheet per subject, headers only."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parcours.models import CritereEligibilite, MotifNonEntree, MotifSortie, TypeEtape
from participants.models import Prescripteur, StructurePorteuse
from plie.fichiers import ajouter_feuille, classeur_en_octets, ecrire_ligne
from reprise import modele

FORMATS = {
    modele.TEXTE: "texte",
    modele.DATE: "date jj/mm/aaaa (ou date Excel)",
    modele.DECIMAL: "nombre",
    modele.ENTIER: "nombre entier",
    modele.BOOLEEN: "oui / non",
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


def ajouter_lisez_moi(classeur: Workbook) -> None:
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
                [colonne.nom, "oui" if colonne.obligatoire else "", _format(colonne), colonne.aide, colonne.exemple],
            )
    for titre, libelles in (
        ("Structures porteuses", StructurePorteuse.objects.values_list("nom", flat=True)),
        ("Prescripteurs", Prescripteur.objects.values_list("nom", flat=True)),
        ("Motifs de non-entrée", MotifNonEntree.objects.values_list("libelle", flat=True)),
        ("Motifs de sortie", MotifSortie.objects.values_list("libelle", flat=True)),
        ("Types d'étape", TypeEtape.objects.values_list("libelle", flat=True)),
        ("Critères d'éligibilité", CritereEligibilite.objects.values_list("libelle", flat=True)),
    ):
        ecrire_ligne(feuille, [])
        ecrire_ligne(feuille, [f"Libellés acceptés : {titre.lower()}"])
        feuille.cell(feuille.max_row, 1).font = Font(bold=True)
        for libelle in libelles:
            ecrire_ligne(feuille, [libelle])


def modele_vierge() -> bytes:
    classeur = Workbook()
    classeur.remove(classeur.active)
    ajouter_lisez_moi(classeur)
    for sujet in modele.FEUILLES:
        ajouter_feuille(classeur, sujet.nom, [c.nom for c in sujet.colonnes], [])
    return classeur_en_octets(classeur)
