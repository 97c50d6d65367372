"""Chart specifications for the pages (drawn by static/js/graphiques.js with Chart.js): plain data, no figure
computed here."""

from parcours.enums import CategorieEtape

# The PLIE's palette, shared with the letter's matplotlib charts (reporting.lettre.graphiques).
BLEU, ORANGE, GRIS, VERT = "#1d4e89", "#e07a1f", "#9aa5b1", "#2e8540"
# One colour per étape category (the four of docs/indicateurs.md, an enum: a type added in the admin takes its
# category's colour), for the web and the PDF alike.
COULEURS_CATEGORIES = {
    CategorieEtape.EMPLOI: BLEU,
    CategorieEtape.FORMATION_NON_QUALIFIANTE: "#6fa8dc",
    CategorieEtape.FORMATION_QUALIFIANTE: VERT,
    CategorieEtape.MOBILISATION: ORANGE,
}


def serie(libelle: str, valeurs: list, *, couleur: str | None = None, type_: str | None = None, pointilles=False):
    donnees = {"label": libelle, "data": [float(v) if v is not None else None for v in valeurs]}
    if couleur:
        donnees["couleur"] = couleur
    if type_:
        donnees["type"] = type_
    if pointilles:
        donnees["pointilles"] = True
    return donnees


def graphique(libelles: list[str], series: list[dict], *, type_: str = "bar", horizontal=None, unite: str = ""):
    """A chart: bars (horizontal when the labels are many) or lines, with a unit shown after each value."""
    return {
        "type": type_,
        "horizontal": len(libelles) > 4 if horizontal is None else horizontal,
        "labels": libelles,
        "datasets": series,
        "unite": unite,
    }
