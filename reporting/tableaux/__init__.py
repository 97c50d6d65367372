"""The dashboards of the structure d'animation, of a structure porteuse and of a référent.

Every figure comes from the indicator engine (``calculer``) or from the alert rules; this module only chooses the
month, picks the figures each audience needs and shapes the charts.
"""

import dataclasses
import datetime
from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404

from agenda.delais import delais_de_saisie
from parcours import alertes as regles_alertes
from parcours.lectures import file_de_la_commission
from parcours.models import Parcours, Prescription
from participants.models import Referent
from reporting import alertes_comptees
from reporting import graphiques_web as g
from reporting.chiffres import calculer
from reporting.graphiques_web import BLEU, GRIS, ORANGE, VERT
from reporting.indicateurs import DonneesLettre, Periode
from reporting.indicateurs.periode import derniers_mois, fin_du_mois
from reporting.indicateurs.schema import Ligne, LigneReferent
from reporting.indicateurs.structure import LIBELLES
from reporting.models import Lettre
from reporting.templatetags.lettre import mois_court

# In the engine's order, with their labels (reporting/indicateurs/structure.py).
STRUCTURE = list(LIBELLES.items())


def periode_choisie(valeur: str | None, aujourdhui: datetime.date) -> Periode:
    """The month asked for (``AAAA-MM``), the current month by default; 404 for a malformed or future month."""
    if not valeur:
        return Periode(aujourdhui.year, aujourdhui.month)
    try:
        periode = Periode.depuis_texte(valeur)
    except ValueError:
        raise Http404("Mois invalide.") from None
    if refus := periode.refus(aujourdhui):
        raise Http404(refus)
    return periode


def choix_des_mois(periode: Periode, aujourdhui: datetime.date) -> list[Periode]:
    """The months the selector offers: the last ones, and the one shown if it is older."""
    proposes = derniers_mois(aujourdhui)
    return proposes if periode in proposes else [*proposes, periode]


def situation(periode: Periode, aujourdhui: datetime.date) -> str:
    """What the figures describe: the end of a past month, or today for the month in progress."""
    if fin_du_mois(periode.annee, periode.mois) >= aujourdhui:
        return f"{periode.libelle} (mois en cours), d'après les saisies au {aujourdhui:%d/%m/%Y}"
    return f"{periode.libelle}, situation au {fin_du_mois(periode.annee, periode.mois):%d/%m/%Y}"


def objectifs(ligne: Ligne) -> list[dict]:
    """The three objectives of a row of the letter (a référent, or the total) against what is done, with a gauge
    (the rate, 0 to 100)."""
    return [
        {**objectif, "jauge": round(min(objectif["taux"] or 0, 100)), "atteint": (objectif["taux"] or 0) >= 100}
        for objectif in _objectifs(ligne)
    ]


def _objectifs(ligne: Ligne) -> list[dict]:
    return [
        {
            "cle": "entrees",
            "libelle": "Entrées depuis le 1er janvier",
            "realise": ligne.entrees_cumul,
            "objectif": ligne.objectif_entrees_annuel,
            "objectif_a_date": ligne.objectif_entrees_a_date,
            "taux": ligne.taux_objectif_entrees,
        },
        {
            "cle": "file_active",
            "libelle": "File active en fin de mois",
            "realise": ligne.file_active,
            "objectif": ligne.objectif_file_active,
            "objectif_a_date": ligne.objectif_file_active,
            "taux": ligne.taux_file_active,
        },
        {
            "cle": "sorties_positives",
            "libelle": "Sorties positives depuis le 1er janvier",
            "realise": ligne.sorties_positives_cumul,
            "objectif": ligne.objectif_sorties_positives_annuel,
            "objectif_a_date": ligne.objectif_sorties_positives_a_date,
            "taux": ligne.taux_objectif_sorties_positives,
        },
    ]


def structure(ligne: Ligne) -> list[dict]:
    """The structure of the file active: count and share of it, in a fixed order."""
    parts = ligne.structure_file_active
    return [
        {"cle": cle, "libelle": libelle, "nombre": parts[cle].nombre, "pourcentage": parts[cle].pourcentage}
        for cle, libelle in STRUCTURE
    ]


def _mois(numeros) -> list[str]:
    return [mois_court(m) for m in numeros]


def courbes(lettre: DonneesLettre) -> dict[str, dict]:
    """Month-by-month charts of the engine's series: entries, file active, sorties positives."""
    s, mois = lettre.series, _mois(lettre.series.mois)
    tous_les_mois = _mois(range(1, 13))
    return {
        "entrees": g.graphique(
            mois,
            [
                g.serie("Entrées du mois", s.entrees_par_mois, couleur=GRIS),
                g.serie("Cumul", s.entrees_cumul, couleur=BLEU, type_="line"),
                g.serie("Objectif à date", s.objectif_entrees_cumul, couleur=ORANGE, type_="line", pointilles=True),
            ],
            horizontal=False,
        ),
        "file_active": g.graphique(
            tous_les_mois,
            [
                g.serie(str(lettre.annee - 1), s.file_active_annee_precedente, couleur=GRIS, type_="line"),
                g.serie(str(lettre.annee), s.file_active, couleur=BLEU, type_="line"),
                g.serie("Objectif", [s.objectif_file_active] * 12, couleur=ORANGE, type_="line", pointilles=True),
            ],
            type_="line",
            horizontal=False,
        ),
        "sorties": g.graphique(
            mois,
            [
                g.serie("Sorties positives du mois", s.positives_par_mois, couleur=GRIS),
                g.serie("Cumul", s.positives_cumul, couleur=VERT, type_="line"),
                g.serie("Objectif à date", s.objectif_positives_cumul, couleur=ORANGE, type_="line", pointilles=True),
            ],
            horizontal=False,
        ),
    }


def graphique_structure(ligne: Ligne) -> dict:
    parts = structure(ligne)
    return g.graphique(
        [p["libelle"] for p in parts],
        [g.serie("Part de la file active", [p["pourcentage"] for p in parts], couleur=BLEU)],
        horizontal=True,
        unite=" %",
    )


def _champs(ligne: LigneReferent) -> dict:
    """A row's fields as a dict, its values as they are (``asdict`` would copy every nested value: a third of
    the dashboard's time with a hundred référents)."""
    return {champ.name: getattr(ligne, champ.name) for champ in dataclasses.fields(ligne)}


def synthese_alertes(comptes: dict[str, Counter], referents: list[LigneReferent]) -> dict:
    """Alerts counted by rule for each référent of the letter's rows (``alertes.comptes``: no name read), busiest
    first; the prescriptions without a référent apart."""
    codes = list(regles_alertes.TITRES)
    lignes = []
    for ligne in referents:
        valeurs = [comptes[c].get(ligne.referent_id, 0) for c in codes]
        lignes.append({**_champs(ligne), "alertes": valeurs, "alertes_total": sum(valeurs)})
    sans_referent = [comptes[c].get(None, 0) for c in codes]
    total = [sum(comptes[c].values()) for c in codes]
    return {
        "titres": [regles_alertes.TITRES[c] for c in codes],
        "lignes": sorted(lignes, key=lambda ligne: (-ligne["alertes_total"], ligne["referent"])),
        "sans_referent": sans_referent,
        "sans_referent_total": sum(sans_referent),
        "total": total,
        "total_general": sum(total),
    }


REFERENTS_PAR_PAGE = 30


def tableau_animation(periode: Periode, aujourdhui: datetime.date, *, page: str | None = None) -> dict:
    """The structure d'animation's dashboard: the référents' one for the whole PLIE, with the commission's queue
    and the last letters."""
    return {
        **tableau_structures(periode, None, aujourdhui, page=page),
        "commission": file_de_la_commission(),
        "lettres": list(Lettre.objects.dernieres_versions().only("annee", "mois", "numero", "publiee_le")[:6]),
    }


def tableau_structures(
    periode: Periode, referents: list[int] | None, aujourdhui: datetime.date, *, page: str | None = None
) -> dict:
    """Référents against their objectives, their file active's structure and their alerts (counted in the
    background: ``reporting.alertes_comptees``), and their total: those of a structure porteuse (``referents``:
    their ids), or the whole PLIE (None). ``page``: the page of référents the screen shows (30 a page, both
    tables); None, every référent (the Excel export)."""
    lettre = calculer(periode, perimetre=referents, structure=True)
    comptes, actualisation = alertes_comptees.lire(referents)
    total = lettre.total
    pagine = Paginator(lettre.referents, REFERENTS_PAR_PAGE).get_page(page) if page is not None else None
    montres = list(pagine.object_list) if pagine is not None else lettre.referents
    alertes = synthese_alertes(comptes, lettre.referents) if comptes is not None else None
    if alertes is not None and pagine is not None:
        debut = (pagine.number - 1) * REFERENTS_PAR_PAGE
        alertes["lignes"] = alertes["lignes"][debut : debut + REFERENTS_PAR_PAGE]
    delais = delais_de_saisie(periode.annee, periode.mois, [ligne.referent_id for ligne in montres])
    return {
        "lettre": lettre,
        "total": total,
        "objectifs": objectifs(total),
        "structure": structure(total),
        "lignes": [
            {
                **_champs(ligne),
                "objectifs": objectifs(ligne),
                "parts": structure(ligne),
                "delais": delais.get(ligne.referent_id),
            }
            for ligne in montres
        ],
        "page_referents": pagine,
        "alertes": alertes,
        "alertes_actualisation": actualisation,
        "graphiques": {**courbes(lettre), "structure": graphique_structure(total)},
    }


def tableau_referent(
    referent: Referent, periode: Periode, aujourdhui: datetime.date, *, alertes: list | None = None
) -> dict:
    """One référent's dashboard: their objectives against what is done, their file active's structure, their
    alerts (the parcours and prescriptions in their charge today), counted without reading any name.
    ``alertes``: the detailed alerts already computed for the référent's home page (which also lists those of
    the portfolios they cover for); their own are counted from it."""
    lettre = calculer(periode, perimetre=[referent.pk], structure=True)
    total = lettre.total
    if alertes is None:
        comptes = regles_alertes.comptes(
            Parcours.objects.filter(referent=referent), Prescription.objects.filter(referent=referent), au=aujourdhui
        )
        compte = Counter({code: par_referent.get(referent.pk, 0) for code, par_referent in comptes.items()})
    else:
        compte = Counter(alerte.code for alerte in alertes if alerte.referent_id == referent.pk)
    return {
        "referent": referent,
        "delais": delais_de_saisie(periode.annee, periode.mois, [referent.pk]).get(referent.pk),
        "lettre": lettre,
        "ligne": total,
        "objectifs": objectifs(total),
        "structure": structure(total),
        "graphiques": {**courbes(lettre), "structure": graphique_structure(total)},
        "alertes_comptes": [
            {"code": code, "titre": titre, "nombre": compte[code]} for code, titre in regles_alertes.TITRES.items()
        ],
    }
