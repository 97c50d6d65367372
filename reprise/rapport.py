"""The import's report (.xlsx): the summary, then every row with its outcome and messages."""

from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets
from reprise.moteur import STATUTS, Bilan, Resultat


def rapport(nom_fichier: str, bilan: Bilan, resultats: list[Resultat], *, quand: str) -> bytes:
    classeur = publicite.classeur("Rapport de l'import des données d'un ancien outil")
    lignes = [
        ["Fichier", nom_fichier],
        ["Vérifié le", quand],
        ["Enregistré", "oui" if bilan.enregistre else "non"],
        ["Lignes lues", bilan.lignes],
        ["Lignes en erreur", bilan.erreurs],
        ["Reprises sous exception (règle non vérifiée)", bilan.exceptions],
        ["Lignes vides ignorées", bilan.lignes_vides],
        ["Feuilles ignorées", ", ".join(bilan.feuilles_ignorees)],
    ]
    for feuille, colonnes in bilan.colonnes_ignorees.items():
        lignes.append([f"Colonnes ignorées ({feuille})", ", ".join(colonnes)])
    lignes.append([])
    lignes.append(["Feuille", *STATUTS.values()])
    for feuille, compte in bilan.par_feuille.items():
        lignes.append([feuille, *(compte.get(s, 0) for s in STATUTS)])
    ajouter_feuille(classeur, "Bilan", ["Import", ""], lignes)
    ajouter_feuille(
        classeur,
        "Lignes",
        ["feuille", "ligne", "identifiant", "statut", "exception", "colonne", "message", "note"],
        (
            [
                r.feuille,
                r.ligne,
                _identifiant(r),
                STATUTS[r.statut],
                "oui" if r.exception else "",
                colonne,
                message,
                r.note,
            ]
            for r in resultats
            for colonne, message in (r.erreurs or [("", "")])
        ),
    )
    return classeur_en_octets(classeur)


def _identifiant(r: Resultat) -> str:
    for cle in ("identifiant référent", "identifiant prescription", "identifiant personne", "identifiant parcours"):
        if r.feuille != "Parcours" or cle == "identifiant parcours":
            if r.valeurs.get(cle):
                return r.valeurs[cle]
    return next((v for k, v in r.valeurs.items() if k.startswith("identifiant")), "")
