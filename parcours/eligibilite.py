"""The eligibility criteria at entry, each question asked once.

Two criteria follow from the record itself and are never ticked by hand: a parcours opens only for a person
allowed to work in France and living in the PLIE's territory (``Parcours.clean``, ``parcours_ouvrir``), so they
hold for every parcours (``DERIVES``). The others are the référent's to tick; the situation recorded at entry
*proposes* some of them, with the reason (``PROPOSITIONS``). The rules are data, read by the service and tests in
Python and by the entry page's script (the same JSON), so that they are written once.
"""

import datetime

from participants.enums import NiveauFormation
from plie.mois import debut_au_plus_tard

DERIVES = ("residence_territoire", "autorise_travailler")

# criterion code -> [(field of the entry form, condition, reason shown)]; a criterion is proposed when one holds.
# Conditions: "coche" (a ticked box), "parmi" (a value among ``valeurs``), "plus_d_un_an" (a date a year or more
# before the entry date).
BAS_NIVEAUX = [NiveauFormation.NIVEAU_1, NiveauFormation.NIVEAU_2, NiveauFormation.NON_RECONNU]
PROPOSITIONS = {
    "sans_activite_1_an": [
        {"champ": "chomeur_longue_duree", "condition": "coche", "raison": "chômeur de longue durée"},
        {
            "champ": "date_inscription_france_travail",
            "condition": "plus_d_un_an",
            "raison": "inscrit à France Travail depuis plus d'un an",
        },
    ],
    "minima_sociaux": [
        {"champ": "rsa", "condition": "coche", "raison": "bénéficiaire du RSA"},
        {"champ": "ass", "condition": "coche", "raison": "bénéficiaire de l'ASS"},
        {"champ": "aah", "condition": "coche", "raison": "bénéficiaire de l'AAH"},
    ],
    "qualification_insuffisante": [
        {
            "champ": "niveau_formation",
            "condition": "parmi",
            "valeurs": [str(v) for v in BAS_NIVEAUX],
            "raison": "niveau de formation 1 ou 2, ou diplôme non reconnu",
        }
    ],
    "situation_familiale": [{"champ": "parent_isole", "condition": "coche", "raison": "parent isolé"}],
    "mobilite_logement": [
        {"champ": "probleme_mobilite", "condition": "coche", "raison": "problème de mobilité"},
        {"champ": "probleme_logement", "condition": "coche", "raison": "problème de logement"},
    ],
    "sante_handicap": [
        {"champ": "rqth", "condition": "coche", "raison": "reconnu travailleur handicapé (RQTH)"},
        {"champ": "aah", "condition": "coche", "raison": "bénéficiaire de l'AAH"},
    ],
    "justice": [{"champ": "mesure_justice", "condition": "coche", "raison": "sous main de justice"}],
}


def _tient(regle: dict, situation: dict, date_entree: datetime.date | None) -> bool:
    valeur = situation.get(regle["champ"])
    if regle["condition"] == "coche":
        return bool(valeur)
    if regle["condition"] == "parmi":
        return valeur in regle["valeurs"]
    if regle["condition"] == "plus_d_un_an":
        return bool(valeur and date_entree and valeur <= debut_au_plus_tard(date_entree, 12))
    raise ValueError(regle["condition"])


def propositions(situation: dict, date_entree: datetime.date | None) -> dict[str, list[str]]:
    """The criteria the situation at entry proposes, each with its reasons."""
    resultat = {}
    for code, regles in PROPOSITIONS.items():
        raisons = [r["raison"] for r in regles if _tient(r, situation, date_entree)]
        if raisons:
            resultat[code] = raisons
    return resultat


def avec_les_derives(criteres, tous) -> list:
    """The criteria a parcours records: those ticked (a derived one ticked by hand is ignored) and the derived
    ones. ``tous``: the referential's criteria (a queryset)."""
    coches = [c for c in criteres if c.code not in DERIVES]
    return coches + list(tous.filter(code__in=DERIVES))
