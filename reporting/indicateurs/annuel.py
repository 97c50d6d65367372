"""The annual activity statistics (activity report, parts 2 and 3), for a year and the year before.

People are counted once: a person with two parcours in the year is one "personne accompagnée", described by the
latest of their parcours of the year (age at that entry, RSA, niveau, residence at that entry); the number of
parcours stands beside. Exits count parcours (a sortie closes a parcours). Each population is one query per year
grouped by all its dimensions, each exit table one grouped query per year: the number of queries does not depend
on the data.
"""

import datetime
from decimal import Decimal

from django.db.models import Avg, Case, Count, DurationField, ExpressionWrapper, F, Q, Value, When, Window
from django.db.models import CharField as CharFieldExpr
from django.db.models.functions import RowNumber

from parcours.enums import TypePositive
from parcours.models import Parcours, q_accompagnes
from participants.enums import NiveauFormation, Sexe, TypeQuartier
from reporting.indicateurs.arrondi import taux
from reporting.indicateurs.programmation import cout_moyen, total_programmation

JOURS_PAR_MOIS = Decimal("365.25") / 12

TRANCHE_AGE = Case(
    When(age_entree__isnull=True, then=Value("inconnu")),
    When(age_entree__lt=26, then=Value("moins_26")),
    When(age_entree__lt=45, then=Value("26_44")),
    When(age_entree__lt=55, then=Value("45_54")),
    default=Value("55_plus"),
    output_field=CharFieldExpr(),
)


def _bornes(annee: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(annee, 1, 1), datetime.date(annee, 12, 31)


def _accompagnes(annee: int):
    debut, fin = _bornes(annee)
    return Parcours.objects.accompagnes(debut=debut, fin=fin)


def _entrees(annee: int):
    debut, fin = _bornes(annee)
    return Parcours.objects.filter(date_entree__gte=debut, date_entree__lte=fin)


def _sorties(annee: int):
    debut, fin = _bornes(annee)
    return Parcours.objects.filter(date_sortie__gte=debut, date_sortie__lte=fin)


def _profil(qs, q_meme_population: Q):
    """Mark each parcours that describes its person: the latest of the person's parcours in the population (the
    first by entry date then id, descending, of each person: a window read once, not a lookup per parcours)."""
    rang = Window(RowNumber(), partition_by=[F("participant_id")], order_by=[F("date_entree").desc(), F("pk").desc()])
    derniers = Parcours.objects.filter(q_meme_population).annotate(rang=rang).filter(rang=1).values("pk")
    return qs.annotate(est_profil=Q(pk__in=derniers))


def _population(nom: str, annee: int):
    debut, fin = _bornes(annee)
    if nom == "accompagnes":
        return _profil(_accompagnes(annee), q_accompagnes(debut=debut, fin=fin))
    return _profil(_entrees(annee), Q(date_entree__gte=debut, date_entree__lte=fin))


# The dimensions a population is described by (a field, or an expression).
DIMENSIONS = {
    "sexe": "participant__sexe",
    "age": TRANCHE_AGE,
    "rsa": "rsa",
    "niveau": "niveau_formation",
    "quartier": "quartier__nom",
    "type_quartier": "quartier__type",
    "commune": "commune__nom",
}
PRESCRIPTEUR = {"prescripteur": "prescription__prescripteur__groupe__libelle"}


def _compter(qs, dimensions: dict) -> dict[str, dict]:
    """{dimension: {key: (persons, parcours)}}, from one query grouped by every dimension at once (the population
    is read once, whatever the number of tables), summed here for each dimension."""
    cles = {f"d_{nom}": F(expr) if isinstance(expr, str) else expr for nom, expr in dimensions.items()}
    lignes = (
        qs.annotate(**cles)
        .values(*cles)
        .annotate(parcours=Count("pk"), personnes=Count("pk", filter=Q(est_profil=True)))
        .order_by()
    )
    sommes: dict[str, dict] = {nom: {} for nom in dimensions}
    for ligne in lignes:
        for nom in dimensions:
            personnes, parcours = sommes[nom].get(ligne[f"d_{nom}"], (0, 0))
            sommes[nom][ligne[f"d_{nom}"]] = (personnes + ligne["personnes"], parcours + ligne["parcours"])
    return sommes


def _colonnes_personnes(annee: int) -> list[dict]:
    return [
        {"libelle": f"Personnes {annee}", "format": "nombre"},
        {"libelle": "%", "format": "pourcentage"},
        {"libelle": f"Parcours {annee}", "format": "nombre"},
        {"libelle": f"Personnes {annee - 1}", "format": "nombre"},
        {"libelle": "%", "format": "pourcentage"},
        {"libelle": f"Parcours {annee - 1}", "format": "nombre"},
    ]


def _autres_cles(courant: dict, precedent: dict, libelles: dict) -> list:
    """Keys found in the data but not named in advance: the most frequent this year first, no value last."""

    def nombre(valeur):
        return valeur[0] if isinstance(valeur, tuple) else valeur

    autres = (k for k in set(courant) | set(precedent) if k not in libelles)
    return sorted(autres, key=lambda k: (k is None, -nombre(courant.get(k, 0)), str(k)))


def _tableau_personnes(
    cle, titre, entete, annee, courant, precedent, libelles, *, dont=(), note="", sans_valeur="Non renseigné"
) -> dict:
    """A table of people (and parcours) by category, this year and the year before. ``libelles`` orders the rows
    and names them; keys found in the data but not in ``libelles`` follow, named by themselves; ``dont`` rows are
    sub-totals shown in italics and left out of the total."""
    cles = list(libelles) + _autres_cles(courant, precedent, libelles)
    totaux = [sum(v[0] for k, v in donnees.items() if k not in dont) for donnees in (courant, precedent)]
    parcours = [sum(v[1] for k, v in donnees.items() if k not in dont) for donnees in (courant, precedent)]
    lignes = []
    for k in cles:
        a, b = courant.get(k, (0, 0)), precedent.get(k, (0, 0))
        if not (a[1] or b[1]) and k not in libelles:
            continue
        lignes.append(
            {
                "libelle": libelles.get(k, k if k is not None else sans_valeur),
                "dont": k in dont,
                "valeurs": [a[0], taux(a[0], totaux[0]), a[1], b[0], taux(b[0], totaux[1]), b[1]],
            }
        )
    return {
        "cle": cle,
        "titre": titre,
        "entete": entete,
        "note": note,
        "colonnes": _colonnes_personnes(annee),
        "lignes": lignes,
        "total": [
            totaux[0],
            taux(totaux[0], totaux[0]),
            parcours[0],
            totaux[1],
            taux(totaux[1], totaux[1]),
            parcours[1],
        ],
    }


def _age(compte: dict) -> dict:
    """Age bands of the report: 45-54 and 55+ make "45 ans et plus", of which "55 ans et plus"."""
    compte = dict(compte)
    a, b = compte.pop("45_54", (0, 0)), compte.get("55_plus", (0, 0))
    compte["45_plus"] = (a[0] + b[0], a[1] + b[1])
    return compte


def _profils(population: str, titre: str, annee: int) -> tuple[dict, list[dict]]:
    """The profile tables of a population ("accompagnes" or "entrees"), and the counts behind them by year."""
    comptes = {}
    dimensions = DIMENSIONS | (PRESCRIPTEUR if population == "entrees" else {})
    for an in (annee, annee - 1):
        comptes[an] = _compter(_population(population, an), dimensions)
        comptes[an]["age"] = _age(comptes[an]["age"])
    c, p = comptes[annee], comptes[annee - 1]
    note = "Une personne est décrite par son dernier parcours de l'année."
    age = {"moins_26": "Moins de 26 ans", "26_44": "26 à 44 ans", "45_plus": "45 ans et plus"}
    age |= {"55_plus": "dont 55 ans et plus", "inconnu": "Âge inconnu"}
    types: dict[str | None, str] = {
        TypeQuartier.QPV: "En quartier prioritaire (QPV)",
        TypeQuartier.VEILLE: "En quartier de veille",
    }
    types |= {None: "Hors quartier prioritaire"}
    return comptes, [
        _tableau_personnes(
            f"{population}_sexe",
            f"{titre} par sexe",
            "Sexe",
            annee,
            c["sexe"],
            p["sexe"],
            dict(Sexe.choices),
            note=note,
        ),
        _tableau_personnes(
            f"{population}_age",
            f"{titre} par âge à l'entrée",
            "Âge à l'entrée",
            annee,
            c["age"],
            p["age"],
            age,
            dont=("55_plus",),
            note=note,
        ),
        _tableau_personnes(
            f"{population}_rsa",
            f"{titre} bénéficiaires du RSA",
            "RSA",
            annee,
            c["rsa"],
            p["rsa"],
            {True: "Bénéficiaires du RSA", False: "Non bénéficiaires"},
            note=note,
        ),
        _tableau_personnes(
            f"{population}_niveau",
            f"{titre} par niveau de formation",
            "Niveau de formation",
            annee,
            c["niveau"],
            p["niveau"],
            dict(NiveauFormation.choices),
            note=note,
        ),
        _tableau_personnes(
            f"{population}_qpv",
            f"{titre} résidant en quartier prioritaire",
            "Quartier",
            annee,
            c["type_quartier"],
            p["type_quartier"],
            types,
            note=note,
        ),
        _tableau_personnes(
            f"{population}_quartier",
            f"{titre} par quartier",
            "Quartier",
            annee,
            c["quartier"],
            p["quartier"],
            {},
            sans_valeur="Hors quartier prioritaire",
            note=note,
        ),
        _tableau_personnes(
            f"{population}_commune",
            f"{titre} par commune de résidence",
            "Commune",
            annee,
            c["commune"],
            p["commune"],
            {},
            note=note,
        ),
    ]


def _tableau_sorties(cle, titre, entete, annee, courant, precedent, libelles, *, note="") -> dict:
    """A table of exits (parcours) by category, this year and the year before."""
    totaux = [sum(donnees.values()) for donnees in (courant, precedent)]
    cles = list(libelles) + _autres_cles(courant, precedent, libelles)
    lignes = [
        {
            "libelle": libelles.get(k, k or "Non précisé"),
            "dont": False,
            "valeurs": [
                courant.get(k, 0),
                taux(courant.get(k, 0), totaux[0]),
                precedent.get(k, 0),
                taux(precedent.get(k, 0), totaux[1]),
            ],
        }
        for k in cles
        if k in libelles or courant.get(k) or precedent.get(k)
    ]
    return {
        "cle": cle,
        "titre": titre,
        "entete": entete,
        "note": note,
        "colonnes": [
            {"libelle": f"Sorties {annee}", "format": "nombre"},
            {"libelle": "%", "format": "pourcentage"},
            {"libelle": f"Sorties {annee - 1}", "format": "nombre"},
            {"libelle": "%", "format": "pourcentage"},
        ],
        "lignes": lignes,
        "total": [totaux[0], taux(totaux[0], totaux[0]), totaux[1], taux(totaux[1], totaux[1])],
    }


def _entrees_par_prescripteur(annee: int, comptes: dict) -> dict:
    return _tableau_personnes(
        "entrees_prescripteur",
        "Entrées par prescripteur",
        "Groupe de prescripteurs",
        annee,
        comptes[annee]["prescripteur"],
        comptes[annee - 1]["prescripteur"],
        {},
        note="Le groupe du prescripteur de la prescription qui a conduit à l'entrée.",
    )


def _sorties_par(annee: int, champ: str, filtre: Q) -> dict:
    lignes = _sorties(annee).filter(filtre).values(champ).annotate(n=Count("pk"))
    return {ligne[champ]: ligne["n"] for ligne in lignes}


def _sorties_par_sexe(annee: int, accompagnes: dict[int, dict]) -> dict:
    """The report's "sorties réparties par sexe": people in parcours, exits, sorties positives."""
    colonnes, lignes = [], []
    par_an = {}
    for an in (annee, annee - 1):
        qs = (
            _sorties(an)
            .values("participant__sexe")
            .annotate(sorties=Count("pk"), positives=Count("pk", filter=Q(motif_sortie__positive=True)))
        )
        par_an[an] = {ligne["participant__sexe"]: ligne for ligne in qs}
    for an in (annee, annee - 1):
        colonnes += [
            {"libelle": f"Personnes accompagnées {an}", "format": "nombre"},
            {"libelle": "%", "format": "pourcentage"},
            {"libelle": f"Sorties {an}", "format": "nombre"},
            {"libelle": "%", "format": "pourcentage"},
            {"libelle": f"Sorties positives {an}", "format": "nombre"},
            {"libelle": "%", "format": "pourcentage"},
        ]

    def valeurs(an, sexe):
        personnes = accompagnes[an]
        total_p = sum(v[0] for v in personnes.values())
        sorties = par_an[an]
        total_s = sum(v["sorties"] for v in sorties.values())
        total_pos = sum(v["positives"] for v in sorties.values())
        if sexe is None:
            p, s, pos = total_p, total_s, total_pos
        else:
            p = personnes.get(sexe, (0, 0))[0]
            s = sorties.get(sexe, {}).get("sorties", 0)
            pos = sorties.get(sexe, {}).get("positives", 0)
        return [p, taux(p, total_p), s, taux(s, total_s), pos, taux(pos, total_pos)]

    for sexe, libelle in Sexe.choices:
        lignes.append({"libelle": libelle, "dont": False, "valeurs": valeurs(annee, sexe) + valeurs(annee - 1, sexe)})
    return {
        "cle": "sorties_sexe",
        "titre": "Sorties réparties par sexe",
        "entete": "Sexe",
        "note": "Personnes accompagnées dans l'année ; sorties et sorties positives de l'année (parcours).",
        "colonnes": colonnes,
        "lignes": lignes,
        "total": valeurs(annee, None) + valeurs(annee - 1, None),
    }


def _duree_moyenne_mois(annee: int) -> float | None:
    duree = ExpressionWrapper(F("date_sortie") - F("date_entree"), output_field=DurationField())
    moyenne = _sorties(annee).aggregate(d=Avg(duree))["d"]
    if moyenne is None:
        return None
    return float(Decimal(moyenne.total_seconds()) / 86400 / JOURS_PAR_MOIS)


def personnes_accompagnees(annee: int) -> dict:
    """Distinct people and parcours accompanied in the year."""
    return _accompagnes(annee).aggregate(personnes=Count("participant", distinct=True), parcours=Count("pk"))


def cout_moyen_annee(annee: int) -> dict:
    """Coût moyen de l'accompagnement: the year's programmation over the distinct people accompanied."""
    programmation = total_programmation(annee)
    personnes = personnes_accompagnees(annee)["personnes"]
    return {"programmation": programmation, "personnes": personnes, "cout_moyen": cout_moyen(programmation, personnes)}


def _synthese(annee: int) -> dict:
    """Key figures of a year."""
    fin = _bornes(annee)[1]
    accompagnes = personnes_accompagnees(annee)
    entrees = _entrees(annee).aggregate(personnes=Count("participant", distinct=True), parcours=Count("pk"))
    sorties = _sorties(annee).aggregate(
        sorties=Count("pk"),
        positives=Count("pk", filter=Q(motif_sortie__positive=True)),
        neutralisees=Count("pk", filter=Q(motif_sortie__neutralisee=True)),
    )
    en_parcours = Parcours.objects.file_active(au=fin).aggregate(personnes=Count("participant", distinct=True))
    programmation = total_programmation(annee)
    return {
        "personnes_accompagnees": accompagnes["personnes"],
        "parcours_accompagnes": accompagnes["parcours"],
        "personnes_entrees": entrees["personnes"],
        "entrees": entrees["parcours"],
        "en_parcours_fin_annee": en_parcours["personnes"],
        "sorties": sorties["sorties"],
        "sorties_positives": sorties["positives"],
        "taux_sorties_positives": taux(sorties["positives"], sorties["sorties"]),
        "taux_sorties_positives_hors_neutralisees": taux(
            sorties["positives"], sorties["sorties"] - sorties["neutralisees"]
        ),
        "duree_moyenne_mois": _duree_moyenne_mois(annee),
        "programmation": programmation,
        "cout_moyen": cout_moyen(programmation, accompagnes["personnes"]),
    }


def statistiques(annee: int) -> dict:
    """Every table of the annual statistics for ``annee``, with ``annee - 1`` beside it."""
    comptes, profils_accompagnes = _profils("accompagnes", "Personnes accompagnées", annee)
    comptes_entrees, profils_entrees = _profils("entrees", "Personnes entrées", annee)
    types = dict(TypePositive.choices)
    motifs_positifs = {
        an: _sorties_par(an, "motif_sortie__type_positive", Q(motif_sortie__positive=True))
        for an in (annee, annee - 1)
    }
    motifs_autres = {
        an: _sorties_par(an, "motif_sortie__libelle", Q(motif_sortie__positive=False)) for an in (annee, annee - 1)
    }
    return {
        "annee": annee,
        "annee_precedente": annee - 1,
        "synthese": {"courante": _synthese(annee), "precedente": _synthese(annee - 1)},
        "tableaux": [
            *profils_accompagnes,
            *profils_entrees,
            _entrees_par_prescripteur(annee, comptes_entrees),
            _tableau_sorties(
                "sorties_positives_type",
                "Sorties positives par type",
                "Type de sortie positive",
                annee,
                motifs_positifs[annee],
                motifs_positifs[annee - 1],
                types,
            ),
            _sorties_par_sexe(annee, {an: comptes[an]["sexe"] for an in comptes}),
            _tableau_sorties(
                "autres_sorties_motif",
                "Autres sorties par motif",
                "Motif de sortie",
                annee,
                motifs_autres[annee],
                motifs_autres[annee - 1],
                {},
            ),
        ],
    }
