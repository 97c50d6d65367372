"""The common indicators for participants of Regulation (EU) 2021/1057, Annex I, per participation and per
operation, broken down by gender (docs/fse.md, « Indicateurs »). Each participation's row is computed once, here;
the table, the completeness board and the export read these rows."""

import dataclasses
import datetime
from collections import defaultdict

from fse.enums import Genre, Reponse
from fse.models import Participation
from parcours.enums import CategorieEtape, SituationEmploi
from parcours.models import Etape
from participants.enums import NIVEAU_VERS_CITE, GroupeCite, Nationalite, Sexe
from plie.mois import mois_revolus


@dataclasses.dataclass(frozen=True)
class Indicateur:
    cle: str
    code: str  # the Commission's code (EECO / EECR)
    libelle: str


A_L_ENTREE = (
    Indicateur("chomeur", "EECO01", "Chômeurs, y compris les chômeurs de longue durée"),
    Indicateur("chomeur_longue_duree", "EECO02", "Chômeurs de longue durée"),
    Indicateur("inactif", "EECO03", "Personnes inactives"),
    Indicateur("en_emploi", "EECO04", "Personnes occupant un emploi, y compris les indépendants"),
    Indicateur("moins_18", "EECO05", "Enfants de moins de 18 ans"),
    Indicateur("de_18_a_29", "EECO06", "Jeunes de 18 à 29 ans"),
    Indicateur("plus_55", "EECO07", "Participants de 55 ans et plus"),
    Indicateur("cite_0_2", "EECO08", "Niveau CITE 0 à 2 (premier cycle du secondaire ou moins)"),
    Indicateur("cite_3_4", "EECO09", "Niveau CITE 3 ou 4 (deuxième cycle du secondaire, post-secondaire)"),
    Indicateur("cite_5_8", "EECO10", "Niveau CITE 5 à 8 (enseignement supérieur)"),
    Indicateur("total", "EECO11", "Nombre total de participants"),
    Indicateur("handicap", "EECO12", "Participants handicapés"),
    Indicateur("pays_tiers", "EECO13", "Ressortissants de pays tiers"),
    Indicateur("origine_etrangere", "EECO14", "Participants d'origine étrangère"),
    Indicateur("minorite", "EECO15", "Minorités (y compris les communautés marginalisées comme les Roms)"),
    Indicateur("sans_domicile", "EECO16", "Sans domicile fixe ou confrontés à l'exclusion du logement"),
    Indicateur("zone_rurale", "EECO17", "Participants des zones rurales"),
)
A_LA_SORTIE = (
    Indicateur("sortie_recherche_emploi", "EECR01", "Participants en recherche d'emploi à la sortie"),
    Indicateur("sortie_formation", "EECR02", "Participants en études ou en formation à la sortie"),
    Indicateur("sortie_qualification", "EECR03", "Participants obtenant une qualification à la sortie"),
    Indicateur("sortie_emploi", "EECR04", "Participants en emploi, y compris indépendants, à la sortie"),
)
# What a complete row must also say: how many rows lack it (the table's « non renseigné » lines).
NON_RENSEIGNES = (
    Indicateur("cite_inconnu", "", "Niveau de formation non renseigné"),
    Indicateur("age_inconnu", "", "Âge à l'entrée inconnu"),
    Indicateur("zone_rurale_inconnue", "", "Commune dont le caractère rural n'est pas renseigné"),
    Indicateur("entree_non_renseignee", "", "Données d'entrée non renseignées"),
    Indicateur("entree_refus", "", "Au moins une réponse « ne souhaite pas répondre »"),
    Indicateur("sortie_non_renseignee", "", "Sorties dont les données ne sont pas renseignées"),
)
STATUTS = ("chomeur", "inactif", "en_emploi")  # the labour-market status: exactly one per participant
GENRES = tuple(Genre)
SEXE_VERS_GENRE = {Sexe.FEMME: Genre.FEMME, Sexe.HOMME: Genre.HOMME}
DUREE_LONGUE = {True: 6, False: 12}  # months of unemployment: under 25, 25 and over


def situation_a_l_entree(participation: Participation, emplois: list[tuple]) -> str:
    """The labour-market status at the participation's entry: the parcours' entry situation, unless the
    participation starts later (a new annual operation) while an employment étape is running."""
    parcours = participation.parcours
    if participation.date_entree > parcours.date_entree:
        for debut, fin in emplois:
            if debut <= participation.date_entree and (fin is None or fin >= participation.date_entree):
                return SituationEmploi.EN_EMPLOI
    return parcours.situation_emploi


def longue_duree(participation: Participation) -> bool:
    """Unemployed for more than 12 months (6 under 25) at the participation's entry: from the France Travail
    registration date when recorded, else from the référent's « demandeur d'emploi de longue durée »."""
    parcours = participation.parcours
    inscription = parcours.date_inscription_france_travail
    if inscription:
        jeune = participation.age_entree is not None and participation.age_entree < 25
        return mois_revolus(inscription, participation.date_entree) >= DUREE_LONGUE[jeune]  # plie/mois.py
    return parcours.chomeur_longue_duree


def genre(participation: Participation) -> str:
    donnees = getattr(participation, "donnees_entree", None)
    if donnees is not None:
        return donnees.genre
    return SEXE_VERS_GENRE[participation.parcours.participant.sexe]


def ligne(participation: Participation, emplois: list[tuple]) -> dict[str, bool]:
    """Every indicator of one participation, True or False."""
    parcours = participation.parcours
    situation = situation_a_l_entree(participation, emplois)
    age = participation.age_entree
    cite = NIVEAU_VERS_CITE[parcours.niveau_formation]
    rurale = parcours.commune.zone_rurale
    entree = getattr(participation, "donnees_entree", None)
    sortie = getattr(participation, "donnees_sortie", None)
    chomeur = situation == SituationEmploi.DEMANDEUR_EMPLOI
    valeurs = {
        "chomeur": chomeur,
        "chomeur_longue_duree": chomeur and longue_duree(participation),
        "inactif": situation == SituationEmploi.INACTIF,
        "en_emploi": situation == SituationEmploi.EN_EMPLOI,
        "moins_18": age is not None and age < 18,
        "de_18_a_29": age is not None and 18 <= age <= 29,
        "plus_55": age is not None and age >= 55,
        "cite_0_2": cite == GroupeCite.CITE_0_2,
        "cite_3_4": cite == GroupeCite.CITE_3_4,
        "cite_5_8": cite == GroupeCite.CITE_5_8,
        "total": True,
        "handicap": parcours.rqth or parcours.aah,
        "pays_tiers": parcours.participant.nationalite == Nationalite.HORS_UE,
        "origine_etrangere": bool(entree and entree.origine_etrangere == Reponse.OUI),
        "minorite": bool(entree and entree.minorite == Reponse.OUI),
        "sans_domicile": bool(entree and entree.sans_domicile == Reponse.OUI),
        "zone_rurale": rurale is True,
        "sortie_recherche_emploi": bool(sortie and sortie.recherche_emploi),
        "sortie_formation": bool(sortie and sortie.formation),
        "sortie_qualification": bool(sortie and sortie.qualification),
        "sortie_emploi": bool(sortie and sortie.emploi),
        "cite_inconnu": cite == GroupeCite.INCONNU,
        "age_inconnu": age is None,
        "zone_rurale_inconnue": rurale is None,
        "entree_non_renseignee": entree is None,
        "entree_refus": bool(
            entree and Reponse.REFUS in (entree.origine_etrangere, entree.minorite, entree.sans_domicile)
        ),
        "sortie_non_renseignee": participation.date_sortie is not None and sortie is None,
    }
    return valeurs


def incoherences(participation: Participation, valeurs: dict[str, bool]) -> list[str]:
    """The consistency checks of a participation's row (docs/fse.md)."""
    messages = []
    statuts = sum(valeurs[s] for s in STATUTS)
    if statuts != 1:
        messages.append(f"{statuts} situations sur le marché du travail au lieu d'une seule.")
    age = participation.age_entree
    if age is None:
        messages.append("Âge à l'entrée inconnu : la date de naissance manque.")
    else:
        attendu = {"moins_18": age < 18, "de_18_a_29": 18 <= age <= 29, "plus_55": age >= 55}
        if any(valeurs[cle] != attendu[cle] for cle in attendu):
            messages.append(f"La tranche d'âge ne correspond pas à l'âge à l'entrée ({age} ans).")
    if valeurs["chomeur_longue_duree"] and not valeurs["chomeur"]:
        messages.append("Chômeur de longue durée sans être chômeur.")
    if not participation.deduite:
        messages.append("Le dossier ne donne plus cette participation : la corriger ou la supprimer.")
    return messages


RELIES = ("parcours__participant", "parcours__commune", "operation", "donnees_entree", "donnees_sortie")


def avec_lignes(participations) -> list[tuple[Participation, dict[str, bool]]]:
    """Each participation of a queryset with its row, in two queries for the whole list."""
    participations = list(participations.select_related(*RELIES))
    emplois = defaultdict(list)
    parcours_ids = {p.parcours_id for p in participations}
    if parcours_ids:
        for parcours_id, debut, fin in Etape.objects.filter(
            parcours_id__in=parcours_ids, type__categorie=CategorieEtape.EMPLOI
        ).values_list("parcours_id", "date_debut", "date_fin"):
            emplois[parcours_id].append((debut, fin))
    return [(p, ligne(p, emplois[p.parcours_id])) for p in participations]


@dataclasses.dataclass
class Tableau:
    """The operation's table: for each indicator, the count per gender and the total."""

    entrees: int
    sorties: int
    lignes: list[tuple[Indicateur, dict[str, int], int]]


def _compter(rows, indicateurs) -> list[tuple[Indicateur, dict[str, int], int]]:
    resultat = []
    for indicateur in indicateurs:
        par_genre = {g.value: 0 for g in GENRES}
        for participation, valeurs in rows:
            if valeurs[indicateur.cle]:
                par_genre[genre(participation)] += 1
        resultat.append((indicateur, par_genre, sum(par_genre.values())))
    return resultat


def tableau(rows, *, debut: datetime.date, fin: datetime.date) -> Tableau:
    """Entry indicators over the participations that entered within [debut, fin]; exit indicators over those
    that left within it."""
    entrees = [r for r in rows if debut <= r[0].date_entree <= fin and not r[0].exclue]
    sorties = [r for r in rows if r[0].date_sortie and debut <= r[0].date_sortie <= fin and not r[0].exclue]
    sortie_cles = {"sortie_non_renseignee"}
    lignes = _compter(entrees, A_L_ENTREE)
    lignes += _compter(sorties, A_LA_SORTIE)
    lignes += _compter(entrees, [i for i in NON_RENSEIGNES if i.cle not in sortie_cles])
    lignes += _compter(sorties, [i for i in NON_RENSEIGNES if i.cle in sortie_cles])
    return Tableau(entrees=len(entrees), sorties=len(sorties), lignes=lignes)
