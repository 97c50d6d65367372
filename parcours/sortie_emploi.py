"""The employment-exit rule (docs/indicateurs.md, seeds 001 and 002): when a positive exit for employment may be
recorded, motif by motif, and which étapes justify it.

One function answers for the exit service (which refuses an exit before the day the rule gives), the dossier's
"sortie possible le …" and the "sortie emploi à valider" alert:

- *Emploi durable*: a long contract or a professionalisation / apprenticeship contract held 6 months, or 183 days
  of interim, short contracts or clause d'insertion within 12 months, at 17 h 30 a week or more;
- *Création ou reprise d'activité*: 6 months after the création étape starts, the activity still going;
- *Emploi aidé*: a contrat aidé held 6 months (CDDI and chantier d'insertion excluded), or one of the jobs above at
  less than 17 h 30 a week that the person accepted; or, by the 55+ exception, a CDDI or chantier d'insertion held
  6 months by a person aged 55 or more at the exit, once the commission validated the exception.
"""

import bisect
import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from parcours.enums import RegleSortie
from plie.mois import mois_apres

DUREE_SUIVI = relativedelta(months=6)
JOURS_CUMUL = 183  # 6 months of interim or short contracts...
FENETRE_CUMUL_MOIS = 12  # ...within 12 months
HEURES_MI_TEMPS = Decimal("17.5")
AGE_EXCEPTION_SENIOR = 55
HORIZON = relativedelta(years=2)  # how far ahead "sortie possible le …" looks, the étapes in progress going on

# The part an étape type plays in the rule is carried by the referential (TypeEtape.regle_sortie): a type added
# in the admin counts as soon as its rule is set.
CONTRATS_LONGS = (RegleSortie.CONTRAT_SIX_MOIS,)
CONTRATS_CUMULES = (RegleSortie.CUMUL_DOUZE_MOIS,)
CREATION = (RegleSortie.CREATION_SIX_MOIS,)
CONTRATS_AIDES = (RegleSortie.CONTRAT_AIDE_SIX_MOIS,)
INSERTION_SENIOR = (RegleSortie.INSERTION_SENIOR,)

# Motifs de sortie (codes of the referential) that the rule governs.
EMPLOI_DURABLE, EMPLOI_AIDE, CREATION_ACTIVITE = "emploi_durable", "emploi_aide", "creation_activite"
MOTIFS_EMPLOI = (EMPLOI_DURABLE, EMPLOI_AIDE, CREATION_ACTIVITE)
LIBELLES_MOTIFS = {
    EMPLOI_DURABLE: "Emploi durable",
    EMPLOI_AIDE: "Emploi aidé",
    CREATION_ACTIVITE: "Création ou reprise d'activité",
}
# The rules the exit reads (the dossier and the alert read only the étapes of these types).
TYPES_LUS = CONTRATS_LONGS + CONTRATS_CUMULES + CREATION + CONTRATS_AIDES + INSERTION_SENIOR


@dataclass(frozen=True)
class EtapeEmploi:
    """What the rule reads of an étape."""

    regle: str  # the étape type's part in the rule (TypeEtape.regle_sortie)
    libelle: str
    debut: datetime.date
    fin: datetime.date | None
    heures: Decimal | None = None
    temps_partiel_accepte: bool = False
    pk: int | None = None

    @classmethod
    def depuis(cls, etape) -> "EtapeEmploi":
        return cls(
            regle=etape.type.regle_sortie,
            libelle=etape.type.libelle,
            debut=etape.date_debut,
            fin=etape.date_fin,
            heures=etape.heures_hebdo,
            temps_partiel_accepte=etape.temps_partiel_accepte,
            pk=etape.pk,
        )

    def __str__(self) -> str:
        fin = f"au {self.fin:%d/%m/%Y}" if self.fin else "en cours"
        heures = f", {_heures(self.heures)} par semaine" if self.heures is not None else ""
        return f"{self.libelle} du {self.debut:%d/%m/%Y} {fin}{heures}"


@dataclass(frozen=True)
class Justification:
    motif: str  # code of the motif de sortie
    date: datetime.date  # the first day the exit may be recorded
    etapes: tuple[EtapeEmploi, ...]

    @property
    def texte(self) -> str:
        return " ; ".join(str(e) for e in self.etapes)

    @property
    def libelle_motif(self) -> str:
        return LIBELLES_MOTIFS[self.motif]


def _heures(valeur: Decimal) -> str:
    heures, minutes = divmod(int(valeur * 60), 60)
    return f"{heures} h {minutes:02d}" if minutes else f"{heures} h"


def tenu_six_mois(etape: EtapeEmploi, au: datetime.date) -> datetime.date | None:
    """The day 6 months are reached, if the étape lasted that long and it is reached by ``au``."""
    date = mois_apres(etape.debut, 6)
    if date <= au and (etape.fin is None or etape.fin >= date):
        return date
    return None


def _plus_tot(candidats: list[tuple[datetime.date, tuple[EtapeEmploi, ...]]], motif: str) -> Justification | None:
    if not candidats:
        return None
    date, etapes = min(candidats, key=lambda c: c[0])
    return Justification(motif, date, etapes)


class JoursTravailles:
    """The days worked, as merged ranges of ordinals: how many fall in a span, without a set of every day (the
    alert evaluates every open parcours of the PLIE)."""

    def __init__(self, etapes: list[EtapeEmploi], au: datetime.date, depuis: int | None = None):
        plages = sorted(
            (max(e.debut.toordinal(), depuis or 0), min(e.fin or au, au).toordinal()) for e in etapes if e.debut <= au
        )
        self.debuts: list[int] = []
        self.fins: list[int] = []
        for debut, fin in plages:
            if debut > fin:
                continue
            if self.fins and debut <= self.fins[-1] + 1:
                self.fins[-1] = max(self.fins[-1], fin)
            else:
                self.debuts.append(debut)
                self.fins.append(fin)
        # The days worked before each range.
        self.avant = list(
            itertools.accumulate((f - d + 1 for d, f in zip(self.debuts, self.fins, strict=True)), initial=0)
        )

    @property
    def total(self) -> int:
        return self.avant[-1]

    def jusqua(self, jour: int) -> int:
        """The days worked on or before ``jour``."""
        rang = bisect.bisect_right(self.debuts, jour)
        if rang == 0:
            return 0
        return self.avant[rang - 1] + min(jour, self.fins[rang - 1]) - self.debuts[rang - 1] + 1

    def premier_apres(self, jour: int) -> int | None:
        """The first day worked after ``jour``."""
        rang = bisect.bisect_right(self.fins, jour)
        if rang == len(self.debuts):
            return None
        return max(self.debuts[rang], jour + 1)


def _cumul(etapes: list[EtapeEmploi], au: datetime.date) -> tuple[datetime.date, tuple[EtapeEmploi, ...]] | None:
    """The day 183 days of work within 12 months are reached (by ``au``), and the étapes worked in that window.

    The window ending on a day ``d`` holds the days worked after ``d`` minus 12 months. It gains at most one day
    a day, so when it holds ``n`` days the earliest it can hold 183 is ``183 - n`` days later: the search jumps
    there (to the next day worked if that one is not), a few steps a parcours."""
    jours = JoursTravailles(etapes, au)
    if jours.total < JOURS_CUMUL:  # fewer days in all cannot make 6 months in any window
        return None
    jour = jours.debuts[0]
    while jour is not None:
        limite = mois_apres(datetime.date.fromordinal(jour), -FENETRE_CUMUL_MOIS).toordinal()
        dans_la_fenetre = jours.jusqua(jour) - jours.jusqua(limite)
        if dans_la_fenetre >= JOURS_CUMUL:
            date = datetime.date.fromordinal(jour)
            debut = datetime.date.fromordinal(jours.premier_apres(limite))
            return date, tuple(e for e in etapes if e.debut <= date and (e.fin or au) >= debut)
        jour = jours.premier_apres(jour + JOURS_CUMUL - dans_la_fenetre - 1)
    return None


def _emploi(etapes: list[EtapeEmploi], au: datetime.date, motif: str, heures_ok) -> Justification | None:
    """A long contract held 6 months or 183 days of short ones within 12 months, among the étapes whose hours
    pass ``heures_ok``."""
    retenues = [e for e in etapes if heures_ok(e)]
    candidats = [(d, (e,)) for e in retenues if e.regle in CONTRATS_LONGS and (d := tenu_six_mois(e, au))]
    cumul = _cumul([e for e in retenues if e.regle in CONTRATS_CUMULES], au)
    if cumul:
        candidats.append(cumul)
    return _plus_tot(candidats, motif)


def justifications(
    etapes: list[EtapeEmploi],
    *,
    au: datetime.date,
    naissance: datetime.date | None = None,
    derogation_senior: EtapeEmploi | None = None,
) -> dict[str, Justification]:
    """For each employment motif whose rule is met by ``au``, the earliest day and the étapes that justify it.

    ``derogation_senior``: the CDDI or chantier d'insertion étape of a 55+ exception the commission validated;
    ``naissance`` is needed for that exception (55 or more at the exit, here ``au``).
    """
    resultat = {}
    durable = _emploi(etapes, au, EMPLOI_DURABLE, lambda e: e.heures is not None and e.heures >= HEURES_MI_TEMPS)
    if durable:
        resultat[EMPLOI_DURABLE] = durable
    creation = _plus_tot(
        [(d, (e,)) for e in etapes if e.regle in CREATION and (d := tenu_six_mois(e, au))], CREATION_ACTIVITE
    )
    if creation:
        resultat[CREATION_ACTIVITE] = creation
    aides = [(d, (e,)) for e in etapes if e.regle in CONTRATS_AIDES and (d := tenu_six_mois(e, au))]
    temps_partiel = _emploi(
        etapes,
        au,
        EMPLOI_AIDE,
        lambda e: e.heures is not None and e.heures < HEURES_MI_TEMPS and e.temps_partiel_accepte,
    )
    if temps_partiel:
        aides.append((temps_partiel.date, temps_partiel.etapes))
    if derogation_senior and naissance and derogation_senior.regle in INSERTION_SENIOR:
        tenu = tenu_six_mois(derogation_senior, au)
        a_55_ans = mois_apres(naissance, 12 * AGE_EXCEPTION_SENIOR)
        if tenu:
            aides.append((max(tenu, a_55_ans), (derogation_senior,)))
    aide = _plus_tot([c for c in aides if c[0] <= au], EMPLOI_AIDE)
    if aide:
        resultat[EMPLOI_AIDE] = aide
    return resultat


def premiere_sortie_possible(etapes: list[EtapeEmploi], *, au: datetime.date, **options) -> Justification | None:
    """The earliest employment exit the rule allows by ``au``, whatever its motif (the alert, the dossier)."""
    possibles = justifications(etapes, au=au, **options).values()
    return min(possibles, key=lambda j: j.date) if possibles else None


def refus(motif: str, etapes: list[EtapeEmploi], *, date_sortie: datetime.date, **options) -> tuple[str, str] | None:
    """Why an exit with this motif at ``date_sortie`` breaks the rule: (the field at fault, a French message), or
    None if the rule holds."""
    if motif not in MOTIFS_EMPLOI:
        return None
    justification = justifications(etapes, au=date_sortie, **options).get(motif)
    if justification:
        return None
    # Met later? Then the message gives the day.
    plus_tard = justifications(etapes, au=date_sortie + HORIZON, **options).get(motif)
    if plus_tard and plus_tard.date > date_sortie:
        return "date_sortie", (
            f"La sortie ne peut pas précéder le {plus_tard.date:%d/%m/%Y}, jour où la règle est remplie "
            f"({plus_tard.texte})."
        )
    return "motif_sortie", MESSAGES[motif](etapes)


def _sans_heures(etapes: list[EtapeEmploi], regles) -> str:
    manquantes = [e for e in etapes if e.regle in regles and e.heures is None]
    if not manquantes:
        return ""
    return (
        " Les heures par semaine ne sont pas renseignées pour : "
        + " ; ".join(str(e) for e in manquantes)
        + " — renseignez-les dans l'étape."
    )


MESSAGES = {
    EMPLOI_DURABLE: lambda etapes: (
        "Une sortie « Emploi durable » demande un contrat long (CDI, CDD de 6 mois et plus) ou un contrat de "
        "professionnalisation ou d'apprentissage tenu 6 mois, ou 183 jours d'intérim, de CDD courts ou de clauses "
        "d'insertion sur 12 mois, à 17 h 30 par semaine au moins."
        + _sans_heures(etapes, CONTRATS_LONGS + CONTRATS_CUMULES)
    ),
    CREATION_ACTIVITE: lambda etapes: (
        "Une sortie « Création ou reprise d'activité » demande une étape « Création ou reprise d'activité » "
        "commencée depuis 6 mois au moins et toujours en cours à cette date."
    ),
    EMPLOI_AIDE: lambda etapes: (
        "Une sortie « Emploi aidé » demande un contrat aidé tenu 6 mois (hors CDDI et chantier d'insertion), ou un "
        "emploi de moins de 17 h 30 par semaine accepté par la personne et tenu 6 mois ; pour une personne de 55 ans "
        "ou plus, un CDDI ou un chantier d'insertion tenu 6 mois, une fois la dérogation validée par la commission."
        + _sans_heures(etapes, CONTRATS_LONGS + CONTRATS_CUMULES)
    ),
}


@dataclass(frozen=True)
class SuiviEmploi:
    """What the dossier shows during the follow-up in employment."""

    possible: Justification | None  # reached: the exit may be recorded from this day
    prevue: Justification | None  # not reached yet: the day it will be, if the étapes in progress go on
    jours_cumules: int  # days of interim or short contracts (17 h 30 or more) within the last 12 months


def suivi(etapes: list[EtapeEmploi], *, au: datetime.date, **options) -> SuiviEmploi | None:
    possible = premiere_sortie_possible(etapes, au=au, **options)
    prevue = None
    if possible is None:
        a_venir = [j for j in justifications(etapes, au=au + HORIZON, **options).values() if j.date > au]
        prevue = min(a_venir, key=lambda j: j.date) if a_venir else None
    cumulees = [
        e for e in etapes if e.regle in CONTRATS_CUMULES and e.heures is not None and e.heures >= HEURES_MI_TEMPS
    ]
    jours = JoursTravailles(cumulees, au, depuis=mois_apres(au, -FENETRE_CUMUL_MOIS).toordinal() + 1).total
    if not (possible or prevue or jours):
        return None
    return SuiviEmploi(possible, prevue, jours)
