"""The letter's contract: the typed objects the engine returns, and their JSON.

``calculer`` builds a ``Lettre``; every reader (the screens, the PDF, the workbook, the dashboards) reads its
attributes. Its JSON (``en_json``) is what a published snapshot stores and, rounded to one decimal (``arrondi``),
what the JSON download gives; ``depuis_json`` reads a snapshot back, after ``reporting.lettre.instantanes`` has
brought it to the current schema version.

The rule for changing it (docs/architecture.md): a new field gets a default or a snapshot update in
``instantanes.MISES_A_JOUR``, and the schema version goes up; an existing field is never renamed, removed or given
another meaning, because every letter ever published is stored with these names.
"""

import dataclasses
from dataclasses import dataclass, field

import dacite

from reporting.indicateurs.arrondi import arrondir


def facultatif(defaut=None):
    """A field the JSON leaves out while it holds ``defaut`` (None): it appears only where it means something."""
    return field(default=defaut, metadata={"facultatif": True})


def texte(**options):
    """A field of the letter's text (comments, news), written by the structure d'animation, stored beside the
    snapshot's figures rather than in them."""
    return field(metadata={"texte": True, "facultatif": "default" in options}, **options)


class Contrat:
    """JSON in and out, shared by every object of the contract."""

    def en_json(self) -> dict:
        return _en_json(self)

    @classmethod
    def depuis_json(cls, donnees: dict):
        # strict: a key the contract does not know is refused rather than silently dropped.
        return dacite.from_dict(cls, donnees, config=dacite.Config(strict=True, cast=[float]))


def _en_json(valeur):
    if dataclasses.is_dataclass(valeur):
        resultat = {}
        for champ in dataclasses.fields(valeur):
            contenu = getattr(valeur, champ.name)
            if champ.metadata.get("facultatif") and contenu == champ.default:
                continue
            resultat[champ.name] = _en_json(contenu)
        return resultat
    if isinstance(valeur, dict):
        return {cle: _en_json(v) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_en_json(v) for v in valeur]
    return valeur


@dataclass
class Part(Contrat):
    """A group of the file active (reporting/indicateurs/structure.py): how many, and their share of it (%)."""

    nombre: int
    pourcentage: float | None


@dataclass(kw_only=True)
class Ligne(Contrat):
    """A row of the table of page 1: a référent, or the total. Rates in %, None when their base is 0."""

    etp: float
    non_entrees_cumul: int
    objectif_entrees_annuel: float
    objectif_entrees_a_date: float
    entrees_mois: int
    entrees_cumul: int
    taux_objectif_entrees: float | None
    accompagnes: int
    objectif_file_active: float
    file_active: int
    taux_file_active: float | None
    en_etape: int
    en_veille: int
    objectif_sorties_positives_annuel: float
    objectif_sorties_positives_a_date: float
    sorties_cumul: int
    sorties_positives_cumul: int
    taux_sorties_positives: float | None
    taux_objectif_sorties_positives: float | None
    # Dashboards only (``calculer(..., structure=True)``), keyed as in reporting/indicateurs/structure.py.
    structure_file_active: dict[str, Part] | None = facultatif()


@dataclass(kw_only=True)
class LigneReferent(Ligne):
    referent: str
    structure: str
    # Which audiences see the row; left out of the JSON download.
    referent_id: int | None = facultatif()


@dataclass
class AnneePrecedente(Contrat):
    annee: int
    entrees_cumul: int
    taux_objectif_entrees: float | None
    file_active: int
    taux_file_active: float | None
    sorties_positives_cumul: int


@dataclass
class DureeDuMois(Contrat):
    mois: int
    jours: float | None


@dataclass
class DureePreaffectation(Contrat):
    """Mean days from prescription to entry, of the entries of the period."""

    annee_precedente: float | None
    cumul: float | None
    par_mois: list[DureeDuMois]


@dataclass
class MotifNonEntree(Contrat):
    motif: str
    par_mois: list[int]
    cumul: int
    pourcentage: float | None


@dataclass
class NonEntrees(Contrat):
    cumul: int
    par_mois: list[int]
    par_motif: list[MotifNonEntree]


@dataclass
class GroupePrescripteurs(Contrat):
    groupe: str
    prescriptions: int
    pourcentage: float | None
    entrees: int
    pourcentage_entrees: float | None


@dataclass
class Prescriptions(Contrat):
    total: int
    entrees: int
    par_groupe: list[GroupePrescripteurs]
    prescriptions_ft_cd: int
    objectif_prescriptions_ft_cd: float
    taux_prescriptions_ft_cd: float | None
    entrees_ft_cd: int
    objectif_entrees_ft_cd: float
    taux_entrees_ft_cd: float | None


@dataclass
class CategorieEtapes(Contrat):
    categorie: str
    libelle: str
    nombre: int
    pourcentage: float | None


@dataclass
class TypeEtapes(Contrat):
    categorie: str
    libelle: str
    nombre: int


@dataclass
class Etapes(Contrat):
    annuelle: bool
    total: int
    participants_en_etape: int
    taux_participants_en_etape: float | None
    emplois_durables: int
    part_emplois_durables: float | None
    par_categorie: list[CategorieEtapes]
    par_type: list[TypeEtapes]

    def categorie(self, code: str) -> CategorieEtapes:
        return next(c for c in self.par_categorie if c.categorie == code)


@dataclass
class MotifSortie(Contrat):
    motif: str
    positive: bool
    nombre: int
    pourcentage: float | None


@dataclass
class Sorties(Contrat):
    objectif_annuel_positives: float
    objectif_positives_a_date: float
    positives_mois: int
    positives_cumul: int
    autres_cumul: int
    total_cumul: int
    neutralisees_cumul: int | None  # None in the prescribers' version (reporting.lettre.variantes)
    taux_positives: float | None
    taux_positives_hors_neutralisees: float | None
    taux_positives_sur_entrees: float | None
    part_positives_emploi: float | None
    part_positives_emploi_y_compris_aides: float | None
    par_motif: list[MotifSortie]


@dataclass
class Series(Contrat):
    """Month by month from January (``mois``), for the charts; ``file_active_annee_precedente`` has twelve
    months."""

    mois: list[int]
    entrees_par_mois: list[int]
    entrees_cumul: list[int]
    objectif_entrees_cumul: list[float]
    file_active: list[int]
    file_active_annee_precedente: list[int]
    objectif_file_active: float
    prescriptions_ft_cd_cumul: list[int]
    entrees_ft_cd_cumul: list[int]
    objectif_prescriptions_ft_cd_cumul: list[float]
    objectif_entrees_ft_cd_cumul: list[float]
    etapes_par_categorie: dict[str, list[int]]
    positives_par_mois: list[int]
    positives_cumul: list[int]
    objectif_positives_cumul: list[float]


@dataclass(kw_only=True)
class DonneesLettre(Contrat):
    """The letter of a month (or the annual letter, month 12): figures at full precision."""

    annee: int
    mois: int
    fin_mois: str  # ISO date
    titre: str
    libelle_mois: str
    annuelle: bool
    total: Ligne
    referents: list[LigneReferent]
    annee_precedente: AnneePrecedente
    duree_preaffectation: DureePreaffectation
    non_entrees: NonEntrees
    prescriptions: Prescriptions
    etapes: Etapes
    sorties: Sorties
    series: Series
    # The text: generated by the engine, edited by the structure d'animation before publishing.
    commentaires: list[str] = texte(default_factory=list)
    commentaires_generes: list[str] | None = texte(default=None)
    actualite: str | None = texte(default=None)
    # Who reads it and which publication it is (set by reporting.lettre, never by the engine).
    variante: str | None = facultatif()
    version: str | None = facultatif()  # "interne" or "financeurs", in the JSON download
    version_publiee: int | None = facultatif()
    publiee_le: str | None = facultatif()  # ISO date

    def chiffres_json(self) -> dict:
        """The JSON a published snapshot stores: the figures, without the text stored beside them."""
        donnees = self.en_json()
        for champ in dataclasses.fields(self):
            if champ.metadata.get("texte"):
                donnees.pop(champ.name, None)
        return donnees

    def remplacer(self, **changements) -> "DonneesLettre":
        return dataclasses.replace(self, **changements)


def contrat(lettre: DonneesLettre, *, version: str = "interne") -> dict:
    """The JSON contract: figures with one decimal; the funders' version has no référent row; no row says which
    référent record it is."""
    if version == "financeurs":
        referents = []
    else:
        referents = [dataclasses.replace(ligne, referent_id=None) for ligne in lettre.referents]
    return arrondir(lettre.remplacer(referents=referents, version=version).en_json())
