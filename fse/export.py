"""The export for the managing authority: one row per participation present in the operation over the period,
the indicator fields as columns, and the operation's indicator table by gender beside it (docs/fse.md,
« Export »). The platform's import format is not public: the layout is ours, and ``ColonneExport`` (admin)
reorders and renames the columns. Built with pandas; every text cell is written formula-safe."""

import io
import zipfile
from collections.abc import Callable

import pandas as pd
from django.core.files.base import ContentFile

from fse import indicateurs
from fse.enums import FormatExport, Reponse
from fse.models import ColonneExport, ExportFse, Participation
from fse.participations import synchroniser
from plie import publicite
from plie.fichiers import DEBUTS_DE_FORMULE, ajouter_feuille, classeur_en_octets

OUI_NON = {True: "Oui", False: "Non"}
NON_RENSEIGNE = "Non renseigné"


def _reponse(donnees, champ: str) -> str:
    if donnees is None:
        return NON_RENSEIGNE
    return Reponse(getattr(donnees, champ)).label


def _sortie(champ: str) -> Callable:
    def valeur(p, v):
        donnees = getattr(p, "donnees_sortie", None)
        return OUI_NON[getattr(donnees, champ)] if donnees else ("" if p.date_sortie is None else NON_RENSEIGNE)

    return valeur


def _indicateur(cle: str) -> Callable:
    return lambda p, v: OUI_NON[v[cle]]


def _rurale(p, v) -> str:
    valeur = p.parcours.commune.zone_rurale
    return "Inconnu" if valeur is None else OUI_NON[valeur]


# key: (default label, value of a (participation, indicator row)).
CHAMPS: dict[str, tuple[str, Callable]] = {
    "operation": ("Opération", lambda p, v: p.operation.intitule),
    "annee": ("Année", lambda p, v: p.operation.annee),
    "participation": ("N° de participation", lambda p, v: p.pk),
    "participant": ("N° de participant", lambda p, v: p.parcours.participant_id),
    "nom": ("Nom", lambda p, v: p.parcours.participant.nom),
    "prenom": ("Prénom", lambda p, v: p.parcours.participant.prenom),
    "date_naissance": ("Date de naissance", lambda p, v: p.parcours.participant.date_naissance),
    "genre": ("Genre", lambda p, v: indicateurs.Genre(indicateurs.genre(p)).label),
    "date_entree": ("Date d'entrée", lambda p, v: p.date_entree),
    "date_sortie": ("Date de sortie", lambda p, v: p.date_sortie),
    "age_entree": ("Âge à l'entrée", lambda p, v: p.age_entree),
    "commune": ("Commune", lambda p, v: p.parcours.commune.nom),
    "code_insee": ("Code INSEE", lambda p, v: p.parcours.commune.code_insee),
    "chomeur": ("Chômeur", _indicateur("chomeur")),
    "chomeur_longue_duree": ("Chômeur de longue durée", _indicateur("chomeur_longue_duree")),
    "inactif": ("Inactif", _indicateur("inactif")),
    "en_emploi": ("En emploi", _indicateur("en_emploi")),
    "moins_18": ("Moins de 18 ans", _indicateur("moins_18")),
    "de_18_a_29": ("18 à 29 ans", _indicateur("de_18_a_29")),
    "plus_55": ("55 ans et plus", _indicateur("plus_55")),
    "cite": (
        "Niveau CITE",
        lambda p, v: next(
            (libelle for cle, libelle in (("cite_0_2", "0-2"), ("cite_3_4", "3-4"), ("cite_5_8", "5-8")) if v[cle]),
            NON_RENSEIGNE,
        ),
    ),
    "handicap": ("Handicap", _indicateur("handicap")),
    "pays_tiers": ("Ressortissant de pays tiers", _indicateur("pays_tiers")),
    "origine_etrangere": (
        "Origine étrangère",
        lambda p, v: _reponse(getattr(p, "donnees_entree", None), "origine_etrangere"),
    ),
    "minorite": ("Minorité", lambda p, v: _reponse(getattr(p, "donnees_entree", None), "minorite")),
    "sans_domicile": (
        "Sans domicile ou exclusion du logement",
        lambda p, v: _reponse(getattr(p, "donnees_entree", None), "sans_domicile"),
    ),
    "zone_rurale": ("Zone rurale", _rurale),
    "sortie_recherche_emploi": ("Sortie : en recherche d'emploi", _sortie("recherche_emploi")),
    "sortie_formation": ("Sortie : en études ou en formation", _sortie("formation")),
    "sortie_qualification": ("Sortie : qualification obtenue", _sortie("qualification")),
    "sortie_emploi": ("Sortie : en emploi", _sortie("emploi")),
    "telephone": ("Téléphone (enquête à 6 mois)", lambda p, v: p.parcours.participant.telephone),
    "email": ("Adresse électronique (enquête à 6 mois)", lambda p, v: p.parcours.participant.email),
    "referent": ("Référent", lambda p, v: str(p.parcours.referent)),
    "controles": ("Contrôles", lambda p, v: " ".join(indicateurs.incoherences(p, v))),
}
DATES = ("date_naissance", "date_entree", "date_sortie")


def colonnes() -> list[tuple[str, str]]:
    """(key, label) in the export's order: the admin's layout when one is set, else every field above."""
    reglees = [(c.cle, c.libelle) for c in ColonneExport.objects.all() if c.cle in CHAMPS]
    return reglees or [(cle, libelle) for cle, (libelle, _valeur) in CHAMPS.items()]


def participations(export: ExportFse):
    synchroniser(operations=[export.operation])
    qs = (
        Participation.objects.comptees()
        .filter(operation=export.operation)
        .presentes_entre(export.debut, export.fin)
        .select_related("parcours__referent")
        .order_by("date_entree", "pk")
    )
    return indicateurs.avec_lignes(qs)


def tableau_df(tableau: indicateurs.Tableau) -> pd.DataFrame:
    genres = [
        g.label + "s" if g != indicateurs.Genre.NON_BINAIRE else "Personnes non binaires" for g in indicateurs.GENRES
    ]
    lignes = [
        [indicateur.code, indicateur.libelle, *[par_genre[g.value] for g in indicateurs.GENRES], total]
        for indicateur, par_genre, total in tableau.lignes
    ]
    return pd.DataFrame(lignes, columns=["Code", "Indicateur", *genres, "Total"])


def _sans_formule(valeur):
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def produire(export: ExportFse) -> tuple[ContentFile, str, list[int], int]:
    """(file, extension, the people exported, row count)."""
    rows = participations(export)
    choisies = colonnes()
    donnees = pd.DataFrame(
        [[CHAMPS[cle][1](p, v) for cle, _libelle in choisies] for p, v in rows],
        columns=[libelle for _cle, libelle in choisies],
    ).astype(object)
    tableau = tableau_df(indicateurs.tableau(rows, debut=export.debut, fin=export.fin))
    personnes = sorted({p.parcours.participant_id for p, _v in rows})
    if export.format == FormatExport.XLSX:
        classeur = publicite.classeur("Données des participants FSE+ (annexe I)")
        dates = [i for i, (cle, _l) in enumerate(choisies) if cle in DATES]
        lignes = [[None if pd.isna(x) else x for x in ligne] for ligne in donnees.itertuples(index=False)]
        ajouter_feuille(classeur, "Participations", list(donnees.columns), lignes, colonnes_dates=dates)
        ajouter_feuille(classeur, "Indicateurs", list(tableau.columns), tableau.itertuples(index=False))
        return ContentFile(classeur_en_octets(classeur)), "xlsx", personnes, len(rows)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zip_:
        for nom, df in (("participations.csv", donnees), ("indicateurs.csv", tableau)):
            propre = df.map(_sans_formule)
            for colonne, (cle, _l) in (
                zip(propre.columns, choisies, strict=False) if nom == "participations.csv" else ()
            ):
                if cle in DATES:
                    propre[colonne] = propre[colonne].map(lambda d: d.strftime("%d/%m/%Y") if d else "")
            zip_.writestr(nom, propre.to_csv(sep=";", index=False).encode("utf-8-sig"))
    return ContentFile(archive.getvalue()), "zip", personnes, len(rows)
