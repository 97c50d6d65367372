"""The letter's charts, drawn with matplotlib as SVG (vector) from the letter's series; they compute nothing."""

import base64
import hashlib
import io
import json
import textwrap
import threading

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reporting.graphiques_web import BLEU, COULEURS_CATEGORIES, GRIS, ORANGE, VERT  # noqa: E402
from reporting.indicateurs import DonneesLettre  # noqa: E402

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "plie",  # identical output for identical figures
    }
)


def _svg(figure) -> str:
    tampon = io.StringIO()
    figure.savefig(tampon, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(tampon.getvalue().encode()).decode()


def _figure(titre: str):
    figure, axe = plt.subplots(figsize=(3.6, 2.2))
    axe.set_title(titre, fontsize=9, loc="left")
    axe.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    axe.set_axisbelow(True)
    return figure, axe


# One letter per month on the axis: twelve abbreviations do not fit the width of a chart without touching.
INITIALES = "JFMAMJJASOND"


def _abscisses(axe, mois):
    axe.set_xticks(range(len(mois)))
    axe.set_xticklabels([INITIALES[m - 1] for m in mois], rotation=0, fontsize=6)


def _par_mois_et_cumul(lettre: DonneesLettre, titre: str, cle: str, libelle_mois: str, couleur_cumul: str) -> str:
    """Bars of the month, the cumul and its objective: ``cle`` names the series (``{cle}_par_mois``, …)."""
    s = lettre.series
    mois, x = s.mois, list(range(len(s.mois)))
    figure, axe = _figure(titre)
    axe.bar(x, getattr(s, f"{cle}_par_mois"), color=GRIS, label=libelle_mois)
    axe.plot(x, getattr(s, f"{cle}_cumul"), color=couleur_cumul, marker="o", markersize=3, label="Cumul")
    axe.plot(x, getattr(s, f"objectif_{cle}_cumul"), color=ORANGE, linestyle="--", label="Objectif")
    _abscisses(axe, mois)
    axe.legend(fontsize=6, frameon=False)
    return _svg(figure)


def entrees(lettre: DonneesLettre) -> str:
    return _par_mois_et_cumul(lettre, "Entrées par mois et cumul", "entrees", "Entrées du mois", BLEU)


def file_active(lettre: DonneesLettre) -> str:
    s = lettre.series
    x = list(range(len(s.mois)))
    figure, axe = _figure("File active, mois par mois")
    axe.plot(
        range(12),
        s.file_active_annee_precedente,
        color=GRIS,
        marker="o",
        markersize=2,
        label=str(lettre.annee - 1),
    )
    axe.plot(x, s.file_active, color=BLEU, marker="o", markersize=3, label=str(lettre.annee))
    axe.axhline(s.objectif_file_active, color=ORANGE, linestyle="--", label="Objectif")
    _abscisses(axe, list(range(1, 13)))
    axe.legend(fontsize=6, frameon=False)
    return _svg(figure)


def prescriptions(lettre: DonneesLettre) -> str:
    s = lettre.series
    mois, x = s.mois, list(range(len(s.mois)))
    figure, axe = _figure("France Travail + Conseil départemental (cumul)")
    axe.plot(x, s.prescriptions_ft_cd_cumul, color=BLEU, marker="o", markersize=3, label="Prescriptions")
    axe.plot(x, s.objectif_prescriptions_ft_cd_cumul, color=BLEU, linestyle="--", label="Objectif prescriptions")
    axe.plot(x, s.entrees_ft_cd_cumul, color=VERT, marker="o", markersize=3, label="Entrées")
    axe.plot(x, s.objectif_entrees_ft_cd_cumul, color=VERT, linestyle="--", label="Objectif entrées")
    _abscisses(axe, mois)
    axe.legend(fontsize=6, frameon=False)
    return _svg(figure)


def etapes(lettre: DonneesLettre) -> str:
    s = lettre.series
    mois, x = s.mois, list(range(len(s.mois)))
    figure, axe = _figure("Étapes en cours par catégorie")
    bas = [0] * len(mois)
    for categorie in lettre.etapes.par_categorie:
        valeurs = s.etapes_par_categorie[categorie.categorie]
        couleur = COULEURS_CATEGORIES[categorie.categorie]
        axe.bar(x, valeurs, bottom=bas, color=couleur, label=textwrap.fill(categorie.libelle, 34))
        bas = [a + b for a, b in zip(bas, valeurs, strict=True)]
    _abscisses(axe, mois)
    axe.legend(fontsize=5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    return _svg(figure)


def sorties(lettre: DonneesLettre) -> str:
    return _par_mois_et_cumul(lettre, "Sorties positives par mois et cumul", "positives", "Du mois", VERT)


# pyplot keeps global state: one drawing at a time (the embedded mode's background thread draws beside requests).
_pyplot = threading.Lock()
# Raised when the drawing changes, so that charts cached with the previous drawing are not reused.
VERSION_DESSIN = 2
EN_CACHE = 24 * 3600


def graphiques(lettre: DonneesLettre) -> dict[str, str]:
    """Data-URI SVG images, keyed by chart, cached by the data they draw: a draft shown again, and the files of
    every audience of a publication (they share the series), draw them once."""
    donnees = {
        "dessin": VERSION_DESSIN,
        "annee": lettre.annee,
        "series": lettre.series.en_json(),
        "categories": [(c.categorie, c.libelle) for c in lettre.etapes.par_categorie],
    }
    cle = "lettre-graphiques:" + hashlib.sha256(json.dumps(donnees, sort_keys=True).encode()).hexdigest()
    images = cache.get(cle)
    if images is None:
        with _pyplot:
            images = dessiner(lettre)
        cache.set(cle, images, EN_CACHE)
    return images


def dessiner(lettre: DonneesLettre) -> dict[str, str]:
    return {
        "entrees": entrees(lettre),
        "file_active": file_active(lettre),
        "prescriptions": prescriptions(lettre),
        "etapes": etapes(lettre),
        "sorties": sorties(lettre),
    }
