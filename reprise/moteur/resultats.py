"""What the run says of each row and of the whole file."""

from dataclasses import asdict, dataclass, field

A_CREER, A_METTRE_A_JOUR, IDENTIQUE, EN_ERREUR = "a_creer", "a_mettre_a_jour", "identique", "en_erreur"
STATUTS = {
    A_CREER: "à créer",
    A_METTRE_A_JOUR: "à mettre à jour",
    IDENTIQUE: "identique",
    EN_ERREUR: "en erreur",
}
FORMULE = "formule : saisissez la valeur elle-même (la valeur calculée par le tableur n'est pas reprise)"
NOUVELLE = "nouvelle"  # the user's choice: create a new person rather than link a look-alike


@dataclass
class Resultat:
    """One row of the file: its status, its values as read, and each message beside its column."""

    feuille: str
    ligne: int
    valeurs: dict[str, str]  # column header -> value as read
    statut: str = IDENTIQUE
    erreurs: list[tuple[str, str]] = field(default_factory=list)  # (column header or "", message)
    note: str = ""
    exception: bool = False
    participant: int | None = None
    choix: list[dict] = field(default_factory=list)  # look-alikes offered (Personnes)
    choisi: str = ""

    @property
    def decision(self) -> str:
        return f"{self.feuille}:{self.ligne}"

    def erreur(self, colonne: str, message: str) -> None:
        self.erreurs.append((colonne, message))
        self.statut = EN_ERREUR


class Refus(Exception):
    """A row refused before any service is called (a reference or a value missing): (column key, message)."""

    def __init__(self, cle: str, message: str):
        super().__init__(message)
        self.cle, self.message = cle, message


@dataclass
class NouvellePersonne:
    """A person of the Personnes sheet that the PLIE does not know: created with their first parcours."""

    donnees: dict
    vues: list[int]
    resultat: Resultat
    participant_id: int | None = None


@dataclass
class Bilan:
    lignes: int = 0
    par_feuille: dict[str, dict[str, int]] = field(default_factory=dict)
    erreurs: int = 0
    exceptions: int = 0
    lignes_vides: int = 0
    feuilles_ignorees: list[str] = field(default_factory=list)
    colonnes_ignorees: dict[str, list[str]] = field(default_factory=dict)
    vide: bool = False
    enregistre: bool = False

    def en_dict(self) -> dict:
        return asdict(self)


ERREUR = object()  # a referenced row that is itself in error
