"""The period of a letter: month M of year Y, and the dates every definition of docs/indicateurs.md uses."""

import calendar
import datetime
from dataclasses import dataclass

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


# The first year a page may show: PLIE were created from the 1990s; nothing is recorded before (a letter also
# reads the year before its own).
PREMIERE_ANNEE = 1990


def fin_du_mois(annee: int, mois: int) -> datetime.date:
    return datetime.date(annee, mois, calendar.monthrange(annee, mois)[1])


@dataclass(frozen=True)
class Periode:
    annee: int
    mois: int

    def __post_init__(self):
        if not 1 <= self.mois <= 12:
            raise ValueError("Mois invalide : attendu AAAA-MM, par exemple 2017-01 (le mois va de 01 à 12).")
        if not PREMIERE_ANNEE - 1 <= self.annee <= 9998:
            raise ValueError(f"Année {self.annee} hors de la période suivie (de {PREMIERE_ANNEE} à 9998).")

    @property
    def dans_la_periode_suivie(self) -> bool:
        """From PREMIERE_ANNEE on (the letter's comparisons read the year before)."""
        return self.annee >= PREMIERE_ANNEE

    def refus(self, aujourdhui: datetime.date) -> str:
        """Why this month has no letter nor dashboard to show (empty: it has one): before the followed period, or
        not begun. The pages and the command give the same answers."""
        if not self.dans_la_periode_suivie:
            return f"Aucun mois avant {PREMIERE_ANNEE} n'est suivi : {self.libelle}."
        if self.debut_mois > aujourdhui:
            return f"{self.libelle.capitalize()} n'a pas commencé : sa lettre n'existe pas encore."
        return ""

    @classmethod
    def depuis_texte(cls, texte: str) -> "Periode":
        """'2017-01' → Periode(2017, 1), with a French message for anything else."""
        try:
            annee, mois = (int(morceau) for morceau in texte.strip().split("-"))
        except (ValueError, TypeError):
            raise ValueError(f"Mois invalide « {texte} » : attendu AAAA-MM, par exemple 2017-01.") from None
        return cls(annee, mois)

    @property
    def debut_annee(self) -> datetime.date:
        return datetime.date(self.annee, 1, 1)

    @property
    def debut_mois(self) -> datetime.date:
        return datetime.date(self.annee, self.mois, 1)

    @property
    def fin_mois(self) -> datetime.date:
        return fin_du_mois(self.annee, self.mois)

    @property
    def est_annuelle(self) -> bool:
        """December gives the annual letter."""
        return self.mois == 12

    @property
    def debut_etapes(self) -> datetime.date:
        """Étapes are counted in progress during the month, or during the whole year for the annual letter."""
        return self.debut_annee if self.est_annuelle else self.debut_mois

    @property
    def annee_precedente(self) -> "Periode":
        return Periode(self.annee - 1, self.mois)

    @property
    def nom_mois(self) -> str:
        return MOIS[self.mois - 1]

    @property
    def libelle(self) -> str:
        """'janvier 2017'."""
        return f"{self.nom_mois} {self.annee}"

    @property
    def titre(self) -> str:
        if self.est_annuelle:
            return f"Lettre annuelle {self.annee}"
        return f"Lettre mensuelle — {self.libelle}"

    def fins_de_mois(self) -> list[datetime.date]:
        """The last day of each month of the year so far, January first."""
        return [fin_du_mois(self.annee, m) for m in range(1, self.mois + 1)]

    def __str__(self):
        return f"{self.annee:04d}-{self.mois:02d}"


def derniers_mois(aujourdhui: datetime.date, nombre: int = 13) -> list[Periode]:
    """The current month and the ones before it, most recent first (the months a page offers to choose)."""
    annee, mois, resultat = aujourdhui.year, aujourdhui.month, []
    for _ in range(nombre):
        resultat.append(Periode(annee, mois))
        annee, mois = (annee, mois - 1) if mois > 1 else (annee - 1, 12)
    return resultat
