"""The monthly letter's figures, assembled from the queries of ``requetes`` at full precision.

``calculer`` is the one place every screen, file and command reads the letter's figures from; it returns the
typed contract of ``reporting.indicateurs.schema``. Definitions: docs/indicateurs.md.
"""

from collections import defaultdict
from decimal import Decimal

from parcours.enums import CategorieEtape, TypePositive
from participants.enums import GroupeLettre
from programmation.models import ObjectifsAnnuels
from reporting.indicateurs import requetes
from reporting.indicateurs.arrondi import taux
from reporting.indicateurs.commentaires import commentaires
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.requetes import Perimetre
from reporting.indicateurs.schema import (
    AnneePrecedente,
    CategorieEtapes,
    DonneesLettre,
    DureeDuMois,
    DureePreaffectation,
    Etapes,
    GroupePrescripteurs,
    Ligne,
    LigneReferent,
    MotifNonEntree,
    MotifSortie,
    NonEntrees,
    Part,
    Prescriptions,
    Series,
    Sorties,
    TypeEtapes,
)
from reporting.indicateurs.source import Source
from reporting.indicateurs.structure import STRUCTURE_FILE_ACTIVE

GROUPES = [
    (GroupeLettre.FRANCE_TRAVAIL, "France Travail"),
    (GroupeLettre.CONSEIL_DEPARTEMENTAL, "Conseil départemental"),
    (GroupeLettre.AUTRES, "Autres"),
]
FT_CD = (GroupeLettre.FRANCE_TRAVAIL, GroupeLettre.CONSEIL_DEPARTEMENTAL)
COMPTEURS = (
    "entrees_mois",
    "entrees_cumul",
    "accompagnes",
    "file_active",
    "en_etape",
    "en_veille",
    "sorties_cumul",
    "sorties_positives_cumul",
)
# The structure of the file active (reporting/indicateurs/structure.py), as counts and shares of it (dashboards:
# ``calculer(..., structure=True)``).
COMPTEURS_STRUCTURE = requetes.STRUCTURE


def _prorata(valeur, mois: int) -> float:
    return float(Decimal(valeur) * mois / 12)


def _ligne(etp: Decimal, compteurs: dict, non_entrees: int, objectifs: ObjectifsAnnuels, mois: int) -> dict:
    """The figures of one row of the table of page 1 (a référent, or the total)."""
    objectif_entrees = etp * objectifs.entrees_par_etp
    objectif_fa = objectifs.objectif_file_active(etp)
    objectif_positives = objectif_entrees * objectifs.taux_sorties_positives / 100
    ligne = {
        "etp": float(etp),
        "non_entrees_cumul": non_entrees,
        "objectif_entrees_annuel": float(objectif_entrees),
        "objectif_entrees_a_date": _prorata(objectif_entrees, mois),
        "entrees_mois": compteurs["entrees_mois"],
        "entrees_cumul": compteurs["entrees_cumul"],
        "taux_objectif_entrees": taux(compteurs["entrees_cumul"], objectif_entrees * mois / 12),
        "accompagnes": compteurs["accompagnes"],
        "objectif_file_active": float(objectif_fa),
        "file_active": compteurs["file_active"],
        "taux_file_active": taux(compteurs["file_active"], objectif_fa),
        "en_etape": compteurs["en_etape"],
        "en_veille": compteurs["en_veille"],
        "objectif_sorties_positives_annuel": float(objectif_positives),
        "objectif_sorties_positives_a_date": _prorata(objectif_positives, mois),
        "sorties_cumul": compteurs["sorties_cumul"],
        "sorties_positives_cumul": compteurs["sorties_positives_cumul"],
        "taux_sorties_positives": taux(compteurs["sorties_positives_cumul"], compteurs["sorties_cumul"]),
        "taux_objectif_sorties_positives": taux(compteurs["sorties_positives_cumul"], objectif_positives * mois / 12),
    }
    if "femmes" in compteurs:
        ligne["structure_file_active"] = {
            cle: Part(compteurs[cle], taux(compteurs[cle], compteurs["file_active"])) for cle in STRUCTURE_FILE_ACTIVE
        }
    return ligne


def _tableau(
    source: Source, periode: Periode, perimetre: Perimetre, objectifs: ObjectifsAnnuels, *, structure: bool
) -> tuple[list[LigneReferent], Ligne]:
    compteurs = source.compteurs_par_referent(periode, perimetre, structure=structure)
    non_entrees = requetes.non_entrees_par_referent(periode, perimetre)
    vide = dict.fromkeys(COMPTEURS + (COMPTEURS_STRUCTURE if structure else ()), 0)
    lignes, etp_total = [], Decimal("0")
    sommes = dict(vide)
    non_entrees_total = 0
    for referent in requetes.referents(periode, perimetre):
        etp: Decimal = referent.etp  # type: ignore[attr-defined]  # annotated by avec_etp_au
        les_siens = compteurs.get(referent.pk, vide)
        ne = non_entrees.get(referent.pk, 0)
        if not etp and not ne and not any(les_siens.values()):
            continue  # neither in post nor in charge of anyone this month
        lignes.append(
            LigneReferent(
                referent=str(referent),
                structure=referent.structure.nom,
                referent_id=referent.pk,
                **_ligne(etp, les_siens, ne, objectifs, periode.mois),
            )
        )
        etp_total += etp
        non_entrees_total += ne
        for cle in vide:
            sommes[cle] += les_siens[cle]
    return lignes, Ligne(**_ligne(etp_total, sommes, non_entrees_total, objectifs, periode.mois))


def _annee_precedente(periode: Periode, perimetre: Perimetre, chiffres: dict) -> AnneePrecedente:
    prec = periode.annee_precedente
    objectifs = ObjectifsAnnuels.objects.pour_annee(prec.annee)
    etp = requetes.etp_total_au(prec.fin_mois, perimetre)
    return AnneePrecedente(
        annee=prec.annee,
        entrees_cumul=chiffres["entrees_cumul"],
        taux_objectif_entrees=taux(chiffres["entrees_cumul"], etp * objectifs.entrees_par_etp * prec.mois / 12),
        file_active=chiffres["file_active"],
        taux_file_active=taux(chiffres["file_active"], objectifs.objectif_file_active(etp)),
        sorties_positives_cumul=chiffres["sorties_positives_cumul"],
    )


def _moyenne_jours(lignes) -> float | None:
    n = sum(ligne["n"] for ligne in lignes)
    if not n:
        return None
    return sum(ligne["jours"].total_seconds() for ligne in lignes) / 86400 / n


def _entrees(source: Source, periode: Periode, perimetre: Perimetre) -> dict:
    """Pre-assignment durations, entries by month and by prescripteur group."""
    lignes = source.entrees_par_mois(periode, perimetre)
    de_l_annee = [ligne for ligne in lignes if ligne["annee"] == periode.annee]
    par_mois = [[ligne for ligne in de_l_annee if ligne["mois"] == m] for m in range(1, periode.mois + 1)]
    par_groupe: defaultdict[str, int] = defaultdict(int)
    ft_cd_par_mois = [0] * periode.mois
    for ligne in de_l_annee:
        groupe = ligne["prescription__prescripteur__groupe__groupe_lettre"]
        par_groupe[groupe] += ligne["n"]
        if groupe in FT_CD:
            ft_cd_par_mois[ligne["mois"] - 1] += ligne["n"]
    return {
        "duree_preaffectation": DureePreaffectation(
            annee_precedente=_moyenne_jours([ligne for ligne in lignes if ligne["annee"] == periode.annee - 1]),
            cumul=_moyenne_jours(de_l_annee),
            par_mois=[DureeDuMois(m, _moyenne_jours(ls)) for m, ls in enumerate(par_mois, start=1)],
        ),
        "par_mois": [sum(ligne["n"] for ligne in ls) for ls in par_mois],
        "par_groupe": par_groupe,
        "ft_cd_par_mois": ft_cd_par_mois,
    }


def _non_entrees(periode: Periode, perimetre: Perimetre) -> NonEntrees:
    motifs: dict[str, dict] = {}
    for ligne in requetes.non_entrees_par_motif(periode, perimetre):
        libelle = ligne["motif_non_entree__libelle"] or "Sans motif"
        motif = motifs.setdefault(
            libelle, {"ordre": ligne["motif_non_entree__ordre"] or 0, "par_mois": [0] * periode.mois}
        )
        motif["par_mois"][ligne["mois"] - 1] += ligne["n"]
    cumul = sum(sum(m["par_mois"]) for m in motifs.values())
    return NonEntrees(
        cumul=cumul,
        par_mois=[sum(m["par_mois"][i] for m in motifs.values()) for i in range(periode.mois)],
        par_motif=[
            MotifNonEntree(
                motif=libelle,
                par_mois=m["par_mois"],
                cumul=sum(m["par_mois"]),
                pourcentage=taux(sum(m["par_mois"]), cumul),
            )
            for libelle, m in sorted(motifs.items(), key=lambda item: (-sum(item[1]["par_mois"]), item[1]["ordre"]))
        ],
    )


def _prescriptions(
    periode: Periode, perimetre: Perimetre, objectifs: ObjectifsAnnuels, entrees: dict
) -> tuple[Prescriptions, list[int]]:
    """The prescriptions' table, and the FT + CD prescriptions of each month (for the series)."""
    par_groupe: defaultdict[str, int] = defaultdict(int)
    ft_cd_par_mois = [0] * periode.mois
    for ligne in requetes.prescriptions_par_groupe_et_mois(periode, perimetre):
        groupe = ligne["prescripteur__groupe__groupe_lettre"]
        par_groupe[groupe] += ligne["n"]
        if groupe in FT_CD:
            ft_cd_par_mois[ligne["mois"] - 1] += ligne["n"]
    total, total_entrees = sum(par_groupe.values()), sum(entrees["par_groupe"].values())
    prescriptions_ft_cd = sum(par_groupe[g] for g in FT_CD)
    entrees_ft_cd = sum(entrees["par_groupe"][g] for g in FT_CD)
    objectif_prescriptions = _prorata(objectifs.prescriptions_ft_cd, periode.mois)
    objectif_entrees = _prorata(objectifs.entrees_ft_cd, periode.mois)
    tableau = Prescriptions(
        total=total,
        entrees=total_entrees,
        par_groupe=[
            GroupePrescripteurs(
                groupe=libelle,
                prescriptions=par_groupe[code],
                pourcentage=taux(par_groupe[code], total),
                entrees=entrees["par_groupe"][code],
                pourcentage_entrees=taux(entrees["par_groupe"][code], total_entrees),
            )
            for code, libelle in GROUPES
        ],
        prescriptions_ft_cd=prescriptions_ft_cd,
        objectif_prescriptions_ft_cd=objectif_prescriptions,
        taux_prescriptions_ft_cd=taux(prescriptions_ft_cd, objectif_prescriptions),
        entrees_ft_cd=entrees_ft_cd,
        objectif_entrees_ft_cd=objectif_entrees,
        taux_entrees_ft_cd=taux(entrees_ft_cd, objectif_entrees),
    )
    return tableau, ft_cd_par_mois


def _etapes(periode: Periode, lignes: list[dict], total: Ligne) -> Etapes:
    types: defaultdict[tuple[str, str], dict] = defaultdict(lambda: {"nombre": 0, "durables": 0, "ordre": 0})
    for ligne in lignes:
        if not ligne["n"]:
            continue  # in progress earlier in the year, not during the letter's period
        libelle = ligne["operation__intitule"] or ligne["type__libelle"]
        un = types[(ligne["type__categorie"], libelle)]
        un["nombre"] += ligne["n"]
        un["durables"] += ligne["n"] if ligne["type__durable"] else 0
        # An operation sorts after the types of its category.
        un["ordre"] = ligne["type__ordre"] + (1000 if ligne["operation__intitule"] else 0)
    rang = {code: i for i, code in enumerate(CategorieEtape.values)}
    cles = sorted(types, key=lambda cle: (rang[cle[0]], types[cle]["ordre"], cle[1]))
    total_etapes = sum(un["nombre"] for un in types.values())
    par_categorie = {code: sum(types[t]["nombre"] for t in types if t[0] == code) for code in CategorieEtape.values}
    durables = sum(un["durables"] for un in types.values())
    return Etapes(
        annuelle=periode.est_annuelle,
        total=total_etapes,
        participants_en_etape=total.en_etape,
        taux_participants_en_etape=taux(total.en_etape, total.file_active),
        emplois_durables=durables,
        part_emplois_durables=taux(durables, par_categorie[CategorieEtape.EMPLOI]),
        par_categorie=[
            CategorieEtapes(
                categorie=code,
                libelle=CategorieEtape(code).label,
                nombre=par_categorie[code],
                pourcentage=taux(par_categorie[code], total_etapes),
            )
            for code in CategorieEtape.values
        ],
        par_type=[
            TypeEtapes(categorie=categorie, libelle=libelle, nombre=types[(categorie, libelle)]["nombre"])
            for categorie, libelle in cles
        ],
    )


def _sorties(source: Source, periode: Periode, perimetre: Perimetre, total: Ligne) -> tuple[Sorties, list[int]]:
    """The exits' table, and the positive exits of each month (for the series)."""
    lignes = source.sorties_par_motif_et_mois(periode, perimetre)
    motifs: dict[str, dict] = {}
    positives_par_mois = [0] * periode.mois
    for ligne in lignes:
        cle = ligne["motif_sortie__libelle"]
        motif = motifs.setdefault(
            cle,
            {
                "positive": ligne["motif_sortie__positive"],
                "neutralisee": ligne["motif_sortie__neutralisee"],
                "vers_emploi": ligne["motif_sortie__vers_emploi"],
                "aide": ligne["motif_sortie__type_positive"] == TypePositive.EMPLOI_AIDE,
                "ordre": ligne["motif_sortie__ordre"],
                "nombre": 0,
            },
        )
        motif["nombre"] += ligne["n"]
        if motif["positive"]:
            positives_par_mois[ligne["mois"] - 1] += ligne["n"]

    def compte(condition):
        return sum(m["nombre"] for m in motifs.values() if condition(m))

    positives = compte(lambda m: m["positive"])
    autres = compte(lambda m: not m["positive"])
    neutralisees = compte(lambda m: m["neutralisee"])
    vers_emploi = compte(lambda m: m["positive"] and m["vers_emploi"])
    aides = compte(lambda m: m["positive"] and m["aide"])
    objectif_annuel = Decimal(repr(total.objectif_sorties_positives_annuel))
    ordonnes = sorted(motifs.items(), key=lambda item: (not item[1]["positive"], item[1]["ordre"], item[0]))
    tableau = Sorties(
        objectif_annuel_positives=float(objectif_annuel),
        objectif_positives_a_date=_prorata(objectif_annuel, periode.mois),
        positives_mois=positives_par_mois[-1],
        positives_cumul=positives,
        autres_cumul=autres,
        total_cumul=positives + autres,
        neutralisees_cumul=neutralisees,
        taux_positives=taux(positives, positives + autres),
        taux_positives_hors_neutralisees=taux(positives, positives + autres - neutralisees),
        taux_positives_sur_entrees=taux(positives, total.entrees_cumul),
        part_positives_emploi=taux(vers_emploi, positives),
        part_positives_emploi_y_compris_aides=taux(vers_emploi + aides, positives),
        par_motif=[
            MotifSortie(
                motif=libelle,
                positive=m["positive"],
                nombre=m["nombre"],
                pourcentage=taux(m["nombre"], positives if m["positive"] else autres),
            )
            for libelle, m in ordonnes
        ],
    )
    return tableau, positives_par_mois


def _etapes_par_categorie_et_mois(periode: Periode, lignes: list[dict]) -> dict[str, list[int]]:
    return {
        code: [
            sum(ligne[f"m{m}"] for ligne in lignes if ligne["type__categorie"] == code)
            for m in range(1, periode.mois + 1)
        ]
        for code in CategorieEtape.values
    }


def _cumuls(valeurs: list[int]) -> list[int]:
    resultat, somme = [], 0
    for valeur in valeurs:
        somme += valeur
        resultat.append(somme)
    return resultat


def calculer(
    periode: Periode, perimetre: Perimetre = None, *, structure: bool = False, source: Source = requetes
) -> DonneesLettre:
    """Every figure of the letter of ``periode``, unrounded, for the whole PLIE or the référents of
    ``perimetre`` (their ids). ``structure``: each row also carries the structure of its file active (women,
    RSA, QPV, 45 and over, in étape, in veille), as the dashboards show it.

    ``source`` answers the heavy queries: ``requetes`` (live) by default, or the monthly summaries' readers, which
    give the same results; ``reporting.chiffres`` chooses."""
    objectifs = ObjectifsAnnuels.objects.pour_annee(periode.annee)
    referents, total = _tableau(source, periode, perimetre, objectifs, structure=structure)
    entrees = _entrees(source, periode, perimetre)
    prescriptions, prescriptions_ft_cd_par_mois = _prescriptions(periode, perimetre, objectifs, entrees)
    sorties, positives_par_mois = _sorties(source, periode, perimetre, total)
    file_active = source.file_active_par_mois(periode, perimetre)
    mois = list(range(1, periode.mois + 1))
    objectif_annuel = Decimal(repr(total.objectif_entrees_annuel))
    objectif_positives = Decimal(repr(sorties.objectif_annuel_positives))
    etapes = source.etapes_par_type_et_mois(periode, perimetre)
    lettre = DonneesLettre(
        annee=periode.annee,
        mois=periode.mois,
        fin_mois=periode.fin_mois.isoformat(),
        titre=periode.titre,
        libelle_mois=periode.libelle,
        annuelle=periode.est_annuelle,
        total=total,
        referents=referents,
        annee_precedente=_annee_precedente(periode, perimetre, file_active["precedente_a_date"]),
        duree_preaffectation=entrees["duree_preaffectation"],
        non_entrees=_non_entrees(periode, perimetre),
        prescriptions=prescriptions,
        etapes=_etapes(periode, etapes, total),
        sorties=sorties,
        series=Series(
            mois=mois,
            entrees_par_mois=entrees["par_mois"],
            entrees_cumul=_cumuls(entrees["par_mois"]),
            objectif_entrees_cumul=[_prorata(objectif_annuel, m) for m in mois],
            file_active=file_active["annee"],
            file_active_annee_precedente=file_active["annee_precedente"],
            objectif_file_active=total.objectif_file_active,
            prescriptions_ft_cd_cumul=_cumuls(prescriptions_ft_cd_par_mois),
            entrees_ft_cd_cumul=_cumuls(entrees["ft_cd_par_mois"]),
            objectif_prescriptions_ft_cd_cumul=[_prorata(objectifs.prescriptions_ft_cd, m) for m in mois],
            objectif_entrees_ft_cd_cumul=[_prorata(objectifs.entrees_ft_cd, m) for m in mois],
            etapes_par_categorie=_etapes_par_categorie_et_mois(periode, etapes),
            positives_par_mois=positives_par_mois,
            positives_cumul=_cumuls(positives_par_mois),
            objectif_positives_cumul=[_prorata(objectif_positives, m) for m in mois],
        ),
    )
    lettre.commentaires = commentaires(lettre)
    return lettre
