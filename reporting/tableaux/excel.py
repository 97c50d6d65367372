"""The référents' table of a dashboard as an Excel workbook: objectives, file active structure, alerts (counts
only, no participant)."""

from django.utils import timezone

from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets
from reporting.indicateurs.arrondi import arrondir
from reporting.tableaux import STRUCTURE


def _objectifs(ligne: dict) -> list:
    valeurs = [ligne["etp"]]
    for objectif in ligne["objectifs"]:
        valeurs += [objectif["realise"], objectif["objectif_a_date"], objectif["objectif"], objectif["taux"]]
    return valeurs + [part["pourcentage"] for part in ligne["parts"]]


def classeur(tableau: dict, *, situation: str) -> bytes:
    actualisation = tableau.get("alertes_actualisation")
    total = {"etp": tableau["total"].etp, "objectifs": tableau["objectifs"], "parts": tableau["structure"]}
    # one decimal, as the letter's files
    tableau = arrondir({"lignes": tableau["lignes"], "total": total, "alertes": tableau["alertes"]})
    wb = publicite.classeur(f"Tableau des référents — {situation}")
    entete = ["Référent", "Structure", "ETP"]
    for libelle in ("Entrées (cumul)", "File active", "Sorties positives (cumul)"):
        entete += [libelle, "Objectif à date", "Objectif annuel", "% de l'objectif à date"]
    entete += [f"% {libelle}" for _, libelle in STRUCTURE]
    lignes = [[ligne["referent"], ligne["structure"], *_objectifs(ligne)] for ligne in tableau["lignes"]]
    lignes.append(["Total", "", *_objectifs(tableau["total"])])
    feuille = ajouter_feuille(wb, "Objectifs par référent", entete, lignes)
    feuille.cell(row=len(lignes) + 3, column=1, value=situation)

    alertes = tableau["alertes"]
    if alertes is None:  # the first count is still running
        feuille = wb.create_sheet("Alertes par référent")
        feuille.cell(row=1, column=1, value="Les nombres d'alertes sont en cours de calcul : exportez à nouveau.")
        return classeur_en_octets(wb)
    lignes = [
        [ligne["referent"], ligne["structure"], *ligne["alertes"], ligne["alertes_total"]]
        for ligne in alertes["lignes"]
    ]
    if alertes["sans_referent_total"]:
        lignes.append(["Sans référent pré-affecté", "", *alertes["sans_referent"], alertes["sans_referent_total"]])
    lignes.append(["Total", "", *alertes["total"], alertes["total_general"]])
    feuille = ajouter_feuille(
        wb, "Alertes par référent", ["Référent", "Structure", *alertes["titres"], "Total"], lignes
    )
    if actualisation is not None and actualisation.calculee_le is not None:
        heure = timezone.localtime(actualisation.calculee_le)
        feuille.cell(row=len(lignes) + 3, column=1, value=f"Alertes calculées le {heure:%d/%m/%Y à %H h %M}")
    return classeur_en_octets(wb)
