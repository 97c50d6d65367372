"""The annual statistics as people read them: the key figures' labels, one chart per table, the Excel workbook.
Figures come from ``reporting.indicateurs.annuel``; nothing is computed here."""

from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets
from reporting import graphiques_web
from reporting.indicateurs.arrondi import un_decimal

SYNTHESE = [
    ("Personnes accompagnées", "personnes_accompagnees", "nombre"),
    ("Parcours accompagnés", "parcours_accompagnes", "nombre"),
    ("Entrées (parcours)", "entrees", "nombre"),
    ("Personnes entrées", "personnes_entrees", "nombre"),
    ("Personnes en parcours au 31 décembre", "en_parcours_fin_annee", "nombre"),
    ("Sorties", "sorties", "nombre"),
    ("Sorties positives", "sorties_positives", "nombre"),
    ("Taux de sorties positives", "taux_sorties_positives", "pourcentage"),
    ("Taux hors sorties neutralisées", "taux_sorties_positives_hors_neutralisees", "pourcentage"),
    ("Durée moyenne des parcours sortis (mois)", "duree_moyenne_mois", "decimal"),
    ("Programmation (budget prévisionnel, €)", "programmation", "euros"),
    ("Coût moyen de l'accompagnement (€ par personne)", "cout_moyen", "euros"),
]


_DIMENSIONS = {"sexe": "sexe", "age": "âge", "rsa": "RSA", "niveau": "niveau", "qpv": "QPV", "quartier": "quartier"}
ONGLETS = {
    f"{population}_{cle}": f"{nom} - {libelle}"
    for population, nom in (("accompagnes", "Accompagnés"), ("entrees", "Entrées"))
    for cle, libelle in (_DIMENSIONS | {"commune": "commune"}).items()
} | {
    "entrees_prescripteur": "Entrées - prescripteur",
    "sorties_positives_type": "Sorties positives - type",
    "sorties_sexe": "Sorties - sexe",
    "autres_sorties_motif": "Autres sorties - motif",
}


def synthese(stats: dict) -> list[dict]:
    """Rows of the key figures: label, format, this year, the year before."""
    courante, precedente = stats["synthese"]["courante"], stats["synthese"]["precedente"]
    return [
        {"libelle": libelle, "format": fmt, "courante": courante[cle], "precedente": precedente[cle]}
        for libelle, cle, fmt in SYNTHESE
    ]


def pour_affichage(tableau: dict, annee: int) -> dict:
    """The table with each value paired with its column's format, and its chart."""
    formats = [c["format"] for c in tableau["colonnes"]]
    return {
        **tableau,
        "lignes": [
            {**ligne, "cellules": list(zip(ligne["valeurs"], formats, strict=True))} for ligne in tableau["lignes"]
        ],
        "cellules_total": list(zip(tableau["total"], formats, strict=True)),
        "graphique": graphique(tableau, annee),
        "id_graphique": f"graphique-{tableau['cle']}",
    }


def graphique(tableau: dict, annee: int) -> dict:
    """A bar chart of a table: the first count column of this year and of the year before."""
    colonnes = [i for i, c in enumerate(tableau["colonnes"]) if c["format"] == "nombre"]
    courante = colonnes[0]
    precedente = next(i for i in colonnes if str(annee - 1) in tableau["colonnes"][i]["libelle"])
    lignes = [ligne for ligne in tableau["lignes"] if not ligne["dont"]]
    return graphiques_web.graphique(
        [ligne["libelle"] for ligne in lignes],
        [
            graphiques_web.serie(
                tableau["colonnes"][courante]["libelle"], [ligne["valeurs"][courante] for ligne in lignes]
            ),
            graphiques_web.serie(
                tableau["colonnes"][precedente]["libelle"],
                [ligne["valeurs"][precedente] for ligne in lignes],
                couleur="#9bbbd9",
            ),
        ],
    )


def _cellule(valeur, fmt: str):
    if valeur is None:
        return None
    return un_decimal(valeur) if fmt != "nombre" else valeur


def classeur(stats: dict) -> bytes:
    """One sheet for the key figures, then one sheet per table; numbers as numbers (one decimal for shares)."""
    wb = publicite.classeur(f"Statistiques de l'année {stats['annee']}")
    annee, precedente = stats["annee"], stats["annee_precedente"]
    ajouter_feuille(
        wb,
        "Synthèse",
        ["Indicateur", str(annee), str(precedente)],
        [
            [
                ligne["libelle"],
                _cellule(ligne["courante"], ligne["format"]),
                _cellule(ligne["precedente"], ligne["format"]),
            ]
            for ligne in synthese(stats)
        ],
    )
    for numero, tableau in enumerate(stats["tableaux"], start=1):  # sheet names: 31 characters at most
        formats = [c["format"] for c in tableau["colonnes"]]
        lignes = [
            [ligne["libelle"], *(_cellule(v, f) for v, f in zip(ligne["valeurs"], formats, strict=True))]
            for ligne in tableau["lignes"]
        ]
        lignes.append(["Total", *(_cellule(v, f) for v, f in zip(tableau["total"], formats, strict=True))])
        ajouter_feuille(
            wb,
            ONGLETS.get(tableau["cle"], f"{numero}. {tableau['titre']}"),
            [tableau["entete"]] + [c["libelle"] for c in tableau["colonnes"]],
            lignes,
        )
    return classeur_en_octets(wb)
