"""What the run and the sheets share: the fields each sheet reads, what an absent column means, how a value
is compared with the record's and how a refusal is named."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from parcours import champs
from parcours.models import Prescription
from participants.models import Participant
from reprise import modele
from reprise.lecture import Cellule
from reprise.models import GenreCorrespondance
from reprise.moteur.resultats import A_METTRE_A_JOUR, Resultat
from reprise.valeurs import ValeurInvalide, cle, date, vide

GENRES = {
    modele.REFERENTS: GenreCorrespondance.REFERENT,
    modele.PRESCRIPTIONS: GenreCorrespondance.PRESCRIPTION,
    modele.PERSONNES: GenreCorrespondance.PERSONNE,
    modele.PARCOURS: GenreCorrespondance.PARCOURS,
}
# Columns read against a list of choices: empty is "" (Django's blank choice), not None.
CHOIX = {"sexe", "nationalite", "niveau_formation", "situation_emploi", "statut", "issue", "type_entretien"}
CHOIX |= {"mode_entretien", "genre_fse", "reponse_fse", "statut_activite"}


def _sur_la_feuille(liste: tuple[str, ...], feuille: modele.Feuille, *, a_part=()) -> tuple[str, ...]:
    """The fields of a record (``parcours.champs``) its sheet has a column for, but those read ``a_part`` (a
    quartier found in its commune's referential, an operation in its year's)."""
    colonnes = {c.cle for c in feuille.colonnes}
    return tuple(c for c in liste if c in colonnes and c not in a_part)


class Annuler(Exception):
    pass


CHAMPS_PRESCRIPTION = _sur_la_feuille(champs.PRESCRIPTION, modele.PRESCRIPTIONS)
CHAMPS_PERSONNE = _sur_la_feuille(champs.PERSONNE, modele.PERSONNES, a_part={"quartier"})
IDENTITE = champs.IDENTITE
CHAMPS_SITUATION = _sur_la_feuille(
    champs.ENTREE,
    modele.PARCOURS,
    a_part={"date_entree", "commune", "quartier", "niveau_formation", "criteres"},
)
CHAMPS_ETAPE = _sur_la_feuille(champs.ETAPE, modele.ETAPES, a_part={"operation"})
CHAMPS_VEILLE = _sur_la_feuille(champs.VEILLE, modele.VEILLES)
CHAMPS_ENTRETIEN = _sur_la_feuille(champs.ENTRETIEN, modele.ENTRETIENS)
CHAMPS_FSE_ENTREE = ("genre", "sans_domicile", "origine_etrangere", "minorite")
CHAMPS_FSE_SORTIE = ("date_situation", "recherche_emploi", "formation", "qualification", "emploi")
# What an absent column means (a column may be left out of the file): no date, no, nothing.
VIDE = {
    "date_naissance": None,
    "sexe": "",
    "commune": None,
    "date_inscription_france_travail": None,
    "date_contrat_engagement": None,
    "date_information_rgpd": None,
    "date_information_fse": None,
    "date_fin_prevue": None,
    "date_fin": None,
    "heures_hebdo": None,
    "temps_partiel_accepte": False,
    "issue": "",
}
# The services' field names whose column has another key.
CHAMPS = {"motif_sortie": "motif", "date_sortie": "date_sortie", NON_FIELD_ERRORS: ""}


def _valeur_comparable(valeur):
    return getattr(valeur, "pk", valeur)


NOMS = ("nom", "nom_naissance", "prenom")  # « LEFEVRE » is « Lefèvre »: the base's spelling stays


def ecarts(objet, donnees: dict) -> dict:
    """The fields of ``donnees`` whose value differs from the record's (names ignoring case and accents)."""
    differences = {}
    for champ, valeur in donnees.items():
        actuel = getattr(objet, f"{champ}_id") if hasattr(objet, f"{champ}_id") else getattr(objet, champ)
        if champ in NOMS and isinstance(objet, Participant | Prescription) and cle(actuel) == cle(valeur or ""):
            continue
        if _valeur_comparable(actuel) != _valeur_comparable(valeur) and not (vide(actuel) and vide(valeur)):
            differences[champ] = valeur
    return differences


def appliquer(objet, donnees: dict, r: Resultat) -> bool:
    differences = ecarts(objet, donnees)
    for champ, valeur in differences.items():
        setattr(objet, champ, valeur)
    if differences:
        r.statut = A_METTRE_A_JOUR
        r.note = "; ".join(filter(None, [r.note, note_modifies(type(objet), differences)]))
    return bool(differences)


def note_modifies(modele_, differences: dict) -> str:
    noms = []
    for champ in differences:
        try:
            noms.append(str(modele_._meta.get_field(champ).verbose_name))
        except Exception:  # noqa: BLE001 (a key that is not a field)
            noms.append(champ)
    return "modifié : " + ", ".join(noms)


def libelle_personne(participant: Participant) -> str:
    naissance = f", née le {participant.date_naissance:%d/%m/%Y}" if participant.sexe == "f" else ""
    if participant.sexe != "f" and participant.date_naissance:
        naissance = f", né le {participant.date_naissance:%d/%m/%Y}"
    return f"{participant}{naissance} ({participant.commune})"


def messages_de(erreur: ValidationError):
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.message_dict.items():
            for message in erreurs:
                yield champ, message
    else:
        for message in erreur.messages:
            yield "", message


def nom_colonne(feuille: modele.Feuille, cle_: str) -> str:
    return next((c.nom for c in feuille.colonnes if c.cle == cle_), "")


def ordre_feuille(nom: str) -> int:
    return next(i for i, f in enumerate(modele.FEUILLES) if f.nom == nom)


def cle_date(cellules: dict[str, Cellule], cle_: str):
    try:
        quand = date(cellules[cle_].valeur) if cle_ in cellules else None
    except ValeurInvalide:
        quand = None
    return quand or datetime.date.min
