"""Synthetic PLIE for the demo and the benchmarks, shaped like Dijon Métropole's in 2017.

The generator first plans every prescription, parcours and event as light Python tuples, from a seeded random
generator (so that a seed always gives the same database), then writes them with bulk inserts, parcours by
chunks, so that memory stays flat at national scale.

Shape per year and per unit of ``echelle`` (rapport d'activité 2017 and its letters): 14 référents in post in
9 structures porteuses totalling 12.7 ETP, ~770 prescriptions, ~500 entries, ~270 non-entries, ~1 700 étapes,
~590 exits of which about half positive, a file active of 700 to 900. All names are invented.
"""

import bisect
import calendar
import datetime
import heapq
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from parcours.enums import (
    DegreFrein,
    DomaineClea,
    FamilleFrein,
    IssueEtape,
    ModeEntretien,
    NatureAide,
    NiveauClea,
    ObjetAide,
    SituationEmploi,
    StatutCommission,
    StatutPrescription,
    TypeEntretien,
)
from parcours.models import (
    AffectationReferent,
    AideIndividuelle,
    CritereEligibilite,
    Diagnostic,
    Entretien,
    Etape,
    FreinDiagnostic,
    MotifNonEntree,
    MotifSortie,
    Parcours,
    PositionnementClea,
    Prescription,
    TypeEtape,
    Veille,
)
from participants.enums import Nationalite, NiveauFormation, Sexe
from participants.models import (
    Commune,
    ContactPrescripteur,
    GroupePrescripteur,
    Participant,
    Prescripteur,
    Quartier,
    Referent,
    ReferentEtp,
    Remplacement,
    StructurePorteuse,
    age_au,
)
from plie.enums import Role
from plie.models import User
from programmation.enums import NatureOperation
from programmation.models import Financement, Financeur, ObjectifsAnnuels, Operation

DOMAINE_DEMO = "demo.plie.fr"
MOT_DE_PASSE_DEMO = "Demo-PLIE-Dijon-21"
BATCH = 2000
JOURS_MOIS = 30.44

# --- Shape of the PLIE ----------------------------------------------------------------------------------

STRUCTURES = [
    "Tremplin Emploi 21",
    "Association Parcours et Compétences",
    "CCAS de Dijon — pôle insertion",
    "Ville de Chenôve — service emploi",
    "Ville de Longvic — service emploi",
    "Ville de Quetigny — service emploi",
    "Ville de Talant — service emploi",
    "Mission Insertion Sud Dijonnais",
    "Association Cap Vers l'Emploi",
]
# (structure index, ETP). 14 in post at any time: 11 × 1 + 0.8 + 0.5 + 0.4 = 12.7 ETP. The 14th (0.4 ETP)
# leaves on 31 December of the year before the last one and a newcomer takes over its portfolio.
REFERENTS = [(0, 1), (0, 1), (0, 1), (1, 1), (1, 1), (2, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1)]
REFERENTS += [(7, 0.8), (8, 0.5), (1, 0.4)]
INDEX_PARTANT = 13

PRESCRIPTEURS = {
    "france_travail": (
        0.57,
        0.66,
        ["France Travail Dijon Drapeau", "France Travail Dijon Clemenceau", "France Travail Chenôve"],
    ),
    "conseil_departemental": (
        0.22,
        0.54,
        ["Conseil départemental — ASF Dijon Nord", "Conseil départemental — ASF Dijon Sud"],
    ),
    "mission_locale": (0.05, 0.70, ["Mission locale de Dijon"]),
    "operateurs": (0.03, 0.75, ["ETTI Id'ées Intérim", "Organisme de formation Compétences 21"]),
    "service_emploi_communes": (0.05, 0.75, ["Ville de Dijon — service emploi", "Ville de Quetigny — emploi"]),
    "services_sociaux": (0.05, 0.72, ["CCAS de Dijon", "SPIP de la Côte-d'Or", "Association Solidarité 21"]),
    "cap_emploi": (0.01, 0.70, ["Cap emploi 21"]),
    "autre": (0.02, 0.70, ["Candidature spontanée"]),
}

# 2017 non-entry motifs (annual letter: one third absent, 17 % other accompaniment, 12 % health, 10 % refusal).
MOTIFS_NON_ENTREE = {
    "absent_rdv": 33,
    "autre_accompagnement": 17,
    "sante": 12,
    "refus_accompagnement": 10,
    "annulation_prescription": 5,
    "comportement_inadapte": 3,
    "deja_accompagne": 3,
    "demenagement": 3,
    "emploi_formation": 6,
    "fle": 2,
    "maternite": 2,
    "probleme_administratif": 2,
    "probleme_familial": 2,
}
# 2017 exits: 196 emploi, 32 emploi aidé, 61 formation qualifiante; then the "autres".
MOTIFS_POSITIFS = {"emploi_durable": 186, "creation_activite": 10, "emploi_aide": 32, "formation_qualifiante": 61}
MOTIFS_AUTRES = {
    "a_sa_demande": 21,
    "autre": 2,
    "autre_accompagnement": 30,
    "demenagement": 21,
    "indisponible": 14,
    "maternite": 11,
    "non_respect_contrat": 109,
    "sante": 35,
    "situation_administrative": 3,
    "deces": 1,
    "retraite": 2,
}
PART_SUIVI_30_MOIS = 0.09
PART_POSITIVES = 0.54  # among the exits before 30 months

# 2017 annual letter: étapes by type (counts), grouped by category.
TYPES_ETAPE = {
    "interim": 414,
    "cdd_court": 288,
    "contrat_long": 216,
    "clause_insertion": 104,
    "cddi": 87,
    "contrat_aide": 40,
    "contrat_pro_apprentissage": 22,
    "autre_emploi": 16,
    "creation_activite": 6,
    "daq": 69,
    "fle": 37,
    "remobilisation": 95,
    "formation_non_qualifiante": 16,
    "projet_professionnel": 25,
    "coaching": 6,
    "poec_poei_afpr": 7,
    "actions_courtes": 7,
    "competences_cles": 5,
    "vae": 3,
    "bilan_competences": 2,
    "fq_entretien_proprete": 16,
    "fq_batiment_tp": 11,
    "fq_service_personne": 10,
    "fq_commerce": 9,
    "fq_hotellerie_restauration": 8,
    "fq_autre": 8,
    "fq_administratif": 4,
    "fq_industrie": 4,
    "fq_transport": 4,
    "chantier_insertion": 88,
    "pmsmp": 34,
    "plateforme_mobilite": 29,
    "autre_mobilisation": 34,
    "aide_creation": 10,
    "interim_insertion": 7,
    "territoire_zero_chomeur": 6,
}
# Duration range in days of each kind of étape.
DUREES_ETAPE = {
    "interim": (20, 150),
    "cdd_court": (60, 175),
    "contrat_long": (190, 540),
    "clause_insertion": (30, 180),
    "cddi": (120, 360),
    "contrat_aide": (180, 360),
    "contrat_pro_apprentissage": (180, 720),
    "creation_activite": (180, 540),
    "pmsmp": (10, 30),
    "chantier_insertion": (120, 330),
    "remobilisation": (40, 120),
}
DUREE_ETAPE_DEFAUT = (60, 240)
ECART_MOYEN_ETAPES = 380  # days between two étape starts of one parcours

# 2017 programmation: 1 153 000 € of which 589 000 € FSE (k€: budget, FSE).
PROGRAMMATION = [
    ("Animation et coordination du PLIE", "GIP CREATIV'", NatureOperation.ANIMATION, 270, 135),
    ("Clauses d'insertion", "GIP CREATIV'", NatureOperation.CLAUSES, 95, 45),
    ("Chantier ETHIC'O FIL", "Association ETHIC'O FIL", NatureOperation.ACTIONS_PARTICIPANTS, 60, 30),
    ("Remobilisation autour des compétences", "Compétences 21", NatureOperation.ACTIONS_PARTICIPANTS, 48, 24),
    ("Action seniors — Talent Campus", "Talent Campus", NatureOperation.ACTIONS_PARTICIPANTS, 15, 7),
    ("Plateforme mobilité", "Mobilité 21", NatureOperation.ACTIONS_PARTICIPANTS, 25, 12),
    ("Enveloppe souple", "GIP CREATIV'", NatureOperation.ACTIONS_PARTICIPANTS, 40, 20),
    ("Formation-action des référents (CEP)", "Organisme CEP Bourgogne", NatureOperation.PROFESSIONNALISATION, 20, 16),
]
PORTAGE_BUDGET, PORTAGE_FSE = 580, 300
COFINANCEURS = [(1, 0.5), (2, 0.25), (3, 0.1), (4, 0.05), (5, 0.05), (6, 0.05)]  # financeur index, share
ETAPES_OPERATIONS = {
    "chantier_insertion": "Chantier ETHIC'O FIL",
    "remobilisation": "Remobilisation autour des compétences",
    "plateforme_mobilite": "Plateforme mobilité",
}

COMMUNES = {
    "Dijon": 55,
    "Chenôve": 10,
    "Longvic": 6,
    "Quetigny": 5,
    "Talant": 5,
    "Chevigny-Saint-Sauveur": 4,
    "Fontaine-lès-Dijon": 3,
    "Saint-Apollinaire": 3,
    "Marsannay-la-Côte": 2,
    "Plombières-lès-Dijon": 2,
    "Neuilly-Crimolois": 1,
    "Perrigny-lès-Dijon": 1,
    "Sennecey-lès-Dijon": 1,
    "Ahuy": 1,
}
QUARTIERS = {  # commune: [(quartier, share of the commune's residents)]
    "Dijon": [("Grésilles", 0.15), ("Fontaine d'Ouche", 0.2)],
    "Chenôve": [("Le Mail", 0.6)],
    "Longvic": [("Bief du Moulin", 0.4), ("Guynemer", 0.15)],
    "Talant": [("Belvédère", 0.5)],
    "Quetigny": [("Quetigny Centre", 0.3)],
}
NIVEAUX = {
    NiveauFormation.NIVEAU_1: 8,
    NiveauFormation.NIVEAU_2: 24,
    NiveauFormation.NIVEAU_3: 35,
    NiveauFormation.NIVEAU_4: 20,
    NiveauFormation.NIVEAU_5: 5,
    NiveauFormation.NIVEAU_6: 2,
    NiveauFormation.NON_RECONNU: 4,
    NiveauFormation.INCONNU: 2,
}
SAISONS = [1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 0.85, 0.6, 1.2, 1.15, 1.1, 0.9]
NOTES = [
    "Point sur la recherche d'emploi et les candidatures envoyées.",
    "Préparation d'un entretien d'embauche.",
    "Mise à jour du CV.",
    "Travail sur le projet professionnel.",
    "Point sur les démarches administratives.",
    "",
    "",
    "",
]


def _poids(rng: random.Random, options: dict):
    cles = list(options)
    return rng.choices(cles, weights=[options[c] for c in cles])[0]


def _jours(date: datetime.date, n: float) -> datetime.date:
    return date + datetime.timedelta(days=int(n))


def _debut_mois(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def _fin_mois(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


# --- Plans ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PlanPersonne:
    nom: str
    prenom: str
    sexe: str
    date_naissance: datetime.date
    nationalite: str
    commune: str
    quartier: str | None
    adresse: str
    telephone: str
    email: str


@dataclass(slots=True)
class PlanPrescription:
    date: datetime.date
    prescripteur: int
    contact: int
    personne: int
    referent: int | None
    date_preaffectation: datetime.date | None
    statut: str
    date_decision: datetime.date | None
    motif: str | None


@dataclass(slots=True)
class PlanParcours:
    personne: int
    prescription: int
    referent: int
    date_entree: datetime.date
    date_sortie: datetime.date | None
    motif_sortie: str | None
    sortie_prevue: datetime.date
    motif_prevu: str
    transfert: tuple[int, datetime.date] | None = None
    situation: dict = field(default_factory=dict)


@dataclass
class Resultat:
    personnes: int = 0
    prescriptions: int = 0
    parcours: int = 0
    etapes: int = 0
    entretiens: int = 0
    debut: datetime.date | None = None
    fin: datetime.date | None = None


class GenerateurDemo:
    def __init__(
        self,
        *,
        seed: int,
        echelle: float,
        jusqua: datetime.date,
        progression: Callable[[str], None] = lambda message: None,
    ):
        self.rng = random.Random(seed)
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(seed)
        self.echelle = echelle
        self.jusqua = jusqua
        self.debut = datetime.date(jusqua.year - 2, 1, 1)
        self.depart = datetime.date(jusqua.year - 1, 12, 31)
        self.progression = progression
        self.personnes: list[PlanPersonne] = []
        self.prescriptions: list[PlanPrescription] = []
        self.parcours: list[PlanParcours] = []
        self._noms = sorted({self.faker.last_name() for _ in range(1500)})
        self._prenoms = {
            Sexe.FEMME: sorted({self.faker.first_name_female() for _ in range(600)}),
            Sexe.HOMME: sorted({self.faker.first_name_male() for _ in range(600)}),
        }
        self._rues = sorted({self.faker.street_name() for _ in range(400)})

    # -- referentials and organisations -----------------------------------------------------------------

    def _creer_organisations(self):
        rng = self.rng
        nb_referents = max(2, round(len(REFERENTS) * self.echelle))
        nb_structures = max(1, round(len(STRUCTURES) * self.echelle))
        communes = {c.nom: c for c in Commune.objects.all()}
        self.communes = communes
        self.quartiers = {q.nom: q for q in Quartier.objects.all()}
        structures = []
        for i in range(nb_structures):
            nom = STRUCTURES[i % len(STRUCTURES)]
            if i >= len(STRUCTURES):
                nom = f"{nom} ({i // len(STRUCTURES) + 1})"
            structures.append(StructurePorteuse(nom=nom, commune=communes["Dijon"]))
        self.structures = StructurePorteuse.objects.bulk_create(structures, batch_size=BATCH)

        origine = self.debut - relativedelta(years=4)
        referents, etps = [], []
        self.etp_referents: list[list[tuple[datetime.date, float]]] = []
        self.structure_referents: list[int] = []
        for i in range(nb_referents):
            structure_index, etp = REFERENTS[i % len(REFERENTS)]
            sexe = rng.choice([Sexe.FEMME, Sexe.FEMME, Sexe.HOMME])
            prenom, nom = rng.choice(self._prenoms[sexe]), rng.choice(self._noms)
            referents.append(
                Referent(
                    prenom=prenom,
                    nom=nom,
                    structure=self.structures[structure_index % nb_structures],
                    email=f"referent{i + 1}@{DOMAINE_DEMO}",
                )
            )
            self.structure_referents.append(structure_index % nb_structures)
            historique = [(origine, etp)]
            if i % len(REFERENTS) == 0:
                historique.append((datetime.date(self.jusqua.year, 7, 1), 0.8))
            if i % len(REFERENTS) == INDEX_PARTANT:
                historique.append((self.depart + datetime.timedelta(days=1), 0.0))
            self.etp_referents.append(historique)
        # The newcomers who take over the leaving référents' portfolios.
        self.successeurs = {}
        for i in range(nb_referents):
            if i % len(REFERENTS) == INDEX_PARTANT:
                structure_index, etp = REFERENTS[INDEX_PARTANT]
                self.successeurs[i] = len(referents)
                referents.append(
                    Referent(
                        prenom=rng.choice(self._prenoms[Sexe.FEMME]),
                        nom=rng.choice(self._noms),
                        structure=self.structures[structure_index % nb_structures],
                        email=f"referent{len(referents) + 1}@{DOMAINE_DEMO}",
                    )
                )
                self.structure_referents.append(structure_index % nb_structures)
                self.etp_referents.append([(self.depart + datetime.timedelta(days=1), etp)])
        self.referents = Referent.objects.bulk_create(referents, batch_size=BATCH)
        for referent, historique in zip(self.referents, self.etp_referents, strict=True):
            for date_debut, etp in historique:
                if date_debut <= self.jusqua:
                    etps.append(ReferentEtp(referent=referent, date_debut=date_debut, etp=Decimal(str(etp))))
        ReferentEtp.objects.bulk_create(etps, batch_size=BATCH)
        # One cover during a leave, so that the demo shows one.
        if len(self.referents) >= 3:
            debut = datetime.date(self.jusqua.year - 1, 3, 1)
            Remplacement.objects.create(
                remplacant=self.referents[1],
                remplace=self.referents[2],
                date_debut=debut,
                date_fin=debut + datetime.timedelta(days=60),
                motif="Congé",
            )

        groupes = {g.code: g for g in GroupePrescripteur.objects.all()}
        prescripteurs, self.groupes_prescripteurs = [], []
        for code, (_, _, noms) in PRESCRIPTEURS.items():
            for nom in noms:
                prescripteurs.append(Prescripteur(nom=nom, groupe=groupes[code], commune=communes["Dijon"]))
                self.groupes_prescripteurs.append(code)
        self.prescripteurs = Prescripteur.objects.bulk_create(prescripteurs)
        contacts = []
        self.contacts_par_prescripteur = []
        for prescripteur in self.prescripteurs:
            indices = []
            for _ in range(rng.randint(1, 3)):
                indices.append(len(contacts))
                prenom = rng.choice(self._prenoms[rng.choice([Sexe.FEMME, Sexe.HOMME])])
                nom = rng.choice(self._noms)
                contacts.append(
                    ContactPrescripteur(
                        prescripteur=prescripteur,
                        prenom=prenom,
                        nom=nom,
                        email=f"{_slug(prenom)}.{_slug(nom)}@prescripteur.example.org",
                    )
                )
            self.contacts_par_prescripteur.append(indices)
        self.contacts = ContactPrescripteur.objects.bulk_create(contacts)

    def _etp_au(self, referent: int, date: datetime.date) -> float:
        etp = 0.0
        for date_debut, valeur in self.etp_referents[referent]:
            if date_debut <= date:
                etp = valeur
        return etp

    def _choisir_referent(self, preaffectation: datetime.date, decision: datetime.date) -> int:
        """A référent in post at both dates, drawn in proportion to their ETP at pre-assignment."""
        if not hasattr(self, "_ruptures"):
            self._ruptures = sorted({d for historique in self.etp_referents for d, _ in historique})
            self._tirages = {}
        cle = (bisect.bisect_right(self._ruptures, preaffectation), bisect.bisect_right(self._ruptures, decision))
        if cle not in self._tirages:
            candidats = [
                i
                for i in range(len(self.etp_referents))
                if self._etp_au(i, preaffectation) > 0 and self._etp_au(i, decision) > 0
            ] or [i for i in range(len(self.etp_referents)) if self._etp_au(i, preaffectation) > 0]
            cumul, total = [], 0.0
            for i in candidats:
                total += self._etp_au(i, preaffectation)
                cumul.append(total)
            self._tirages[cle] = (candidats, cumul)
        candidats, cumul = self._tirages[cle]
        return self.rng.choices(candidats, cum_weights=cumul)[0]

    # -- people --------------------------------------------------------------------------------------------

    def _nouvelle_personne(self, date_entree: datetime.date) -> int:
        rng = self.rng
        sexe = rng.choice([Sexe.FEMME, Sexe.HOMME])
        age = _poids(rng, {(18, 25): 12, (26, 44): 50, (45, 54): 26, (55, 63): 12})
        naissance = date_entree - datetime.timedelta(days=rng.randint(age[0] * 365 + 1, age[1] * 365 + 360))
        commune = _poids(rng, COMMUNES)
        quartier = None
        tirage = rng.random()
        for nom, part in QUARTIERS.get(commune, []):
            if tirage < part:
                quartier = nom
                break
            tirage -= part
        prenom, nom = rng.choice(self._prenoms[sexe]), rng.choice(self._noms)
        self.personnes.append(
            PlanPersonne(
                nom=nom,
                prenom=prenom,
                sexe=sexe,
                date_naissance=naissance,
                nationalite=_poids(rng, {Nationalite.FRANCE: 78, Nationalite.UE: 5, Nationalite.HORS_UE: 17}),
                commune=commune,
                quartier=quartier,
                adresse=f"{rng.randint(1, 120)} {rng.choice(self._rues)}",
                telephone=f"06 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} "
                f"{rng.randint(0, 99):02d}",
                email=f"{_slug(prenom)}.{_slug(nom)}{rng.randint(1, 99)}@example.org",
            )
        )
        return len(self.personnes) - 1

    def _situation(self, personne: PlanPersonne, date_entree: datetime.date) -> dict:
        rng = self.rng
        situation_emploi = _poids(
            rng, {SituationEmploi.DEMANDEUR_EMPLOI: 85, SituationEmploi.INACTIF: 12, SituationEmploi.EN_EMPLOI: 3}
        )
        inscrit = situation_emploi == SituationEmploi.DEMANDEUR_EMPLOI and rng.random() < 0.92
        anciennete = rng.randint(30, 2000) if inscrit else None
        rsa = rng.random() < 0.4
        parent_isole = rng.random() < (0.3 if personne.sexe == Sexe.FEMME else 0.05)
        return {
            "niveau_formation": _poids(rng, NIVEAUX),
            "situation_emploi": situation_emploi,
            "inscrit_france_travail": inscrit,
            "date_inscription_france_travail": _jours(date_entree, -anciennete) if anciennete else None,
            "chomeur_longue_duree": bool(anciennete and anciennete > 365),
            "rsa": rsa,
            "ass": not rsa and rng.random() < 0.07,
            "aah": rng.random() < 0.04,
            "rqth": rng.random() < 0.1,
            "parent_isole": parent_isole,
            "probleme_mobilite": rng.random() < 0.3,
            "probleme_logement": rng.random() < 0.15,
            "mesure_justice": rng.random() < 0.04,
        }

    # -- the flows ---------------------------------------------------------------------------------------

    def _planifier(self):
        rng = self.rng
        groupes = list(PRESCRIPTEURS)
        prescripteurs_par_groupe = {
            code: [i for i, g in enumerate(self.groupes_prescripteurs) if g == code] for code in groupes
        }
        par_mois = 770 / 12 * self.echelle
        # Inflow was higher in the earlier years (as in Dijon, 2016 against 2017): the file active slowly
        # decreases and the last year has more exits than entries, as in the 2017 letters.
        tendance = {self.jusqua.year: 1.0, self.jusqua.year - 1: 1.1}
        mois = _debut_mois(self.debut - relativedelta(months=31))
        sorties_a_venir: list[tuple[datetime.date, int]] = []  # heap of (exit, person) of exited persons
        revenants: list[int] = []
        while mois <= self.jusqua:
            attendu = par_mois * SAISONS[mois.month - 1] * tendance.get(mois.year, 1.2)
            nombre = max(0, round(rng.gauss(attendu, math.sqrt(attendu))))
            fin = min(_fin_mois(mois), self.jusqua)
            jours = (fin - mois).days + 1
            for date in sorted(_jours(mois, rng.randrange(jours)) for _ in range(nombre)):
                while sorties_a_venir and sorties_a_venir[0][0] < date - datetime.timedelta(days=365):
                    revenants.append(heapq.heappop(sorties_a_venir)[1])
                self._planifier_prescription(date, groupes, prescripteurs_par_groupe, revenants, sorties_a_venir)
            mois += relativedelta(months=1)

    def _planifier_prescription(self, date, groupes, prescripteurs_par_groupe, revenants, sorties_a_venir):
        rng = self.rng
        groupe = rng.choices(groupes, weights=[PRESCRIPTEURS[g][0] for g in groupes])[0]
        prescripteur = rng.choice(prescripteurs_par_groupe[groupe])
        contact = rng.choice(self.contacts_par_prescripteur[prescripteur])
        date_preaffectation = _jours(date, rng.randint(0, 8))
        date_decision = _jours(date, 4 + rng.gammavariate(4, 10.5))
        entre = rng.random() < PRESCRIPTEURS[groupe][1]
        if not entre and date_decision < self.debut:
            return  # before the demo's first year, only the parcours (the stock) matter
        if date_preaffectation > self.jusqua:
            referent, date_preaffectation = None, None
        else:
            referent = self._choisir_referent(date_preaffectation, min(date_decision, self.jusqua))
        statut, motif = StatutPrescription.EN_ATTENTE, None
        if referent is None or date_decision > self.jusqua:
            date_decision = None
        elif entre:
            statut = StatutPrescription.ENTREE
        else:
            statut, motif = StatutPrescription.NON_ENTREE, _poids(rng, MOTIFS_NON_ENTREE)

        if statut == StatutPrescription.ENTREE and revenants and rng.random() < 0.05:
            personne, nouvelle = revenants.pop(rng.randrange(len(revenants))), False
        else:
            personne, nouvelle = self._nouvelle_personne(date_decision or date), True

        plan_parcours = None
        if statut == StatutPrescription.ENTREE:
            plan_parcours = self._planifier_parcours(personne, referent, date_decision)
            if plan_parcours.date_sortie and plan_parcours.date_sortie < self.debut:
                # Exited before the demo starts: not part of the stock.
                if nouvelle:
                    self.personnes.pop()
                return
        self.prescriptions.append(
            PlanPrescription(
                date=date,
                prescripteur=prescripteur,
                contact=contact,
                personne=personne,
                referent=referent,
                date_preaffectation=date_preaffectation,
                statut=statut,
                date_decision=date_decision,
                motif=motif,
            )
        )
        if plan_parcours:
            plan_parcours.prescription = len(self.prescriptions) - 1
            self.parcours.append(plan_parcours)
            if plan_parcours.date_sortie:
                heapq.heappush(sorties_a_venir, (plan_parcours.date_sortie, personne))

    def _planifier_parcours(self, personne: int, referent: int, date_entree: datetime.date) -> PlanParcours:
        rng = self.rng
        plan_personne = self.personnes[personne]
        age = (date_entree - plan_personne.date_naissance).days / 365.25
        if rng.random() < PART_SUIVI_30_MOIS:
            duree, motif = 30 * JOURS_MOIS + rng.randint(1, 30), "suivi_30_mois"
        else:
            duree = (1.5 + 28.5 * rng.betavariate(1.2, 1.2)) * JOURS_MOIS
            if rng.random() < PART_POSITIVES:
                motif = _poids(rng, MOTIFS_POSITIFS)
                if motif in ("emploi_durable", "creation_activite", "emploi_aide"):
                    duree = max(duree, (7 + 3 * rng.random()) * JOURS_MOIS)
            else:
                motif = _poids(rng, MOTIFS_AUTRES)
                if motif == "maternite" and plan_personne.sexe != Sexe.FEMME:
                    motif = "sante"
                if motif == "retraite" and age < 60:
                    motif = "indisponible"
        sortie_prevue = _jours(date_entree, duree)
        date_sortie = sortie_prevue if sortie_prevue <= self.jusqua else None
        plan = PlanParcours(
            personne=personne,
            prescription=-1,
            referent=referent,
            date_entree=date_entree,
            date_sortie=date_sortie,
            motif_sortie=motif if date_sortie else None,
            sortie_prevue=sortie_prevue,
            motif_prevu=motif,
            situation=self._situation(plan_personne, date_entree),
        )
        if referent in self.successeurs and (date_sortie is None or date_sortie > self.depart):
            plan.transfert = (self.successeurs[referent], self.depart + datetime.timedelta(days=1))
        return plan

    # -- writing -----------------------------------------------------------------------------------------

    def _ecrire_personnes_et_prescriptions(self):
        communes, quartiers = self.communes, self.quartiers
        # Only the people who entered become participants; the others stay on their prescription.
        entres = sorted({plan.personne for plan in self.parcours})
        self.pk_personnes = {}
        for debut in range(0, len(entres), BATCH):
            indices = entres[debut : debut + BATCH]
            objets = [
                Participant(
                    nom=p.nom,
                    prenom=p.prenom,
                    sexe=p.sexe,
                    date_naissance=p.date_naissance,
                    nationalite=p.nationalite,
                    adresse=p.adresse,
                    code_postal=communes[p.commune].code_postal,
                    commune=communes[p.commune],
                    quartier=quartiers[p.quartier] if p.quartier else None,
                    telephone=p.telephone,
                    email=p.email,
                )
                for p in (self.personnes[i] for i in indices)
            ]
            creees = Participant.objects.bulk_create(objets)
            self.pk_personnes.update(zip(indices, (o.pk for o in creees), strict=True))
        self.progression(f"{len(self.pk_personnes)} participants écrits")

        motifs = {m.code: m.pk for m in MotifNonEntree.objects.all()}
        personnes_entrees = {plan.prescription for plan in self.parcours}
        self.pk_prescriptions = []
        for debut in range(0, len(self.prescriptions), BATCH):
            objets = []
            for index, p in enumerate(self.prescriptions[debut : debut + BATCH], start=debut):
                personne = self.personnes[p.personne]
                objets.append(
                    Prescription(
                        date_prescription=p.date,
                        prescripteur=self.prescripteurs[p.prescripteur],
                        contact=self.contacts[p.contact],
                        nom=personne.nom,
                        prenom=personne.prenom,
                        date_naissance=personne.date_naissance,
                        sexe=personne.sexe,
                        telephone=personne.telephone,
                        commune=communes[personne.commune],
                        referent=self.referents[p.referent] if p.referent is not None else None,
                        date_preaffectation=p.date_preaffectation,
                        statut=p.statut,
                        date_decision=p.date_decision,
                        motif_non_entree_id=motifs[p.motif] if p.motif else None,
                        participant_id=self.pk_personnes[p.personne] if index in personnes_entrees else None,
                    )
                )
            self.pk_prescriptions += [o.pk for o in Prescription.objects.bulk_create(objets)]
        self.progression(f"{len(self.prescriptions)} prescriptions écrites")

    def _ecrire_parcours(self):
        rng = self.rng
        self.motifs_sortie = {m.code: m.pk for m in MotifSortie.objects.all()}
        self.types_etape = {t.code: t for t in TypeEtape.objects.all()}
        self.criteres = {c.code: c.pk for c in CritereEligibilite.objects.all()}
        self.animation = User.objects.get(email=f"animation@{DOMAINE_DEMO}")
        self.operations = {(o.annee, o.intitule): o.pk for o in Operation.objects.filter(annee__gte=self.debut.year)}
        fin_validation = self.jusqua - datetime.timedelta(days=30)
        for debut in range(0, len(self.parcours), BATCH):
            plans = self.parcours[debut : debut + BATCH]
            objets = []
            for plan in plans:
                personne = self.personnes[plan.personne]
                referent = plan.transfert[0] if plan.transfert else plan.referent
                valide = plan.date_sortie and plan.date_sortie <= fin_validation
                objets.append(
                    Parcours(
                        participant_id=self.pk_personnes[plan.personne],
                        prescription_id=self.pk_prescriptions[plan.prescription],
                        referent=self.referents[referent],
                        date_entree=plan.date_entree,
                        age_entree=age_au(personne.date_naissance, plan.date_entree),
                        commune=self.communes[personne.commune],
                        quartier=self.quartiers[personne.quartier] if personne.quartier else None,
                        autorise_travailler=True,
                        date_contrat_engagement=plan.date_entree,
                        date_information_rgpd=plan.date_entree,
                        date_sortie=plan.date_sortie,
                        motif_sortie_id=self.motifs_sortie[plan.motif_sortie] if plan.motif_sortie else None,
                        sortie_validee_le=(
                            timezone.make_aware(
                                datetime.datetime.combine(
                                    _jours(plan.date_sortie, rng.randint(5, 28)), datetime.time(10)
                                )
                            )
                            if valide
                            else None
                        ),
                        sortie_validee_par=self.animation if valide else None,
                        sortie_commission=(
                            (StatutCommission.VALIDEE if valide else StatutCommission.A_VALIDER)
                            if plan.date_sortie
                            else ""
                        ),
                        entree_commission=StatutCommission.VALIDEE
                        if plan.date_entree <= fin_validation
                        else StatutCommission.A_VALIDER,
                        entree_validee_par=self.animation if plan.date_entree <= fin_validation else None,
                        entree_validee_le=timezone.make_aware(
                            datetime.datetime.combine(_jours(plan.date_entree, 14), datetime.time(10))
                        )
                        if plan.date_entree <= fin_validation
                        else None,
                        **plan.situation,
                    )
                )
            objets = Parcours.objects.bulk_create(objets)
            self._ecrire_contenu(plans, objets)
            self.progression(f"{min(debut + BATCH, len(self.parcours))} / {len(self.parcours)} parcours écrits")

    def _ecrire_contenu(self, plans: list[PlanParcours], objets: list[Parcours]):
        rng = self.rng
        affectations, criteres, diagnostics, etapes, veilles, entretiens, aides = [], [], [], [], [], [], []
        Critere = Parcours.criteres.through
        for plan, parcours in zip(plans, objets, strict=True):
            affectations.append(
                dict(
                    parcours_id=parcours.pk, referent_id=self.referents[plan.referent].pk, date_debut=plan.date_entree
                )
            )
            if plan.transfert:
                affectations.append(
                    dict(
                        parcours_id=parcours.pk,
                        referent_id=self.referents[plan.transfert[0]].pk,
                        date_debut=plan.transfert[1],
                    )
                )
            for code in self._criteres(plan):
                criteres.append(dict(parcours_id=parcours.pk, critereeligibilite_id=self.criteres[code]))
            fin = min(plan.date_sortie or self.jusqua, self.jusqua)
            date_diagnostic = min(_jours(plan.date_entree, rng.randint(0, 21)), fin)
            diagnostics.append(Diagnostic(parcours_id=parcours.pk, date=date_diagnostic))
            etapes += self._etapes(plan, parcours, fin)
            plan_veille = self._veille(plan, parcours, fin)
            if plan_veille:
                veilles.append(plan_veille)
            entretiens += self._entretiens(plan, parcours, fin, plan_veille)
            aides += self._aides(plan, parcours, fin)
        _inserer(AffectationReferent, affectations)
        _inserer(Critere, criteres)
        diagnostics = Diagnostic.objects.bulk_create(diagnostics, batch_size=BATCH)
        freins, clea = [], []
        for plan, diagnostic in zip(plans, diagnostics, strict=True):
            freins += self._freins(plan, diagnostic)
            if rng.random() < 0.4:
                for domaine in DomaineClea.values:
                    niveau = _poids(
                        rng, {NiveauClea.ACQUIS: 55, NiveauClea.A_RENFORCER: 30, NiveauClea.NON_ACQUIS: 15}
                    )
                    clea.append(dict(diagnostic_id=diagnostic.pk, domaine=domaine, niveau=niveau))
        for modele, objets in (
            (FreinDiagnostic, freins),
            (PositionnementClea, clea),
            (Etape, [_champs(e) for e in etapes]),
            (Veille, [_champs(v) for v in veilles]),
            (Entretien, entretiens),
            (AideIndividuelle, [_champs(a) for a in aides]),
        ):
            _inserer(modele, objets)
        self.resultat.etapes += len(etapes)
        self.resultat.entretiens += len(entretiens)

    def _criteres(self, plan: PlanParcours) -> list[str]:
        s = plan.situation
        codes = ["residence_territoire", "autorise_travailler"]
        if s["chomeur_longue_duree"] or s["situation_emploi"] == SituationEmploi.INACTIF:
            codes.append("sans_activite_1_an")
        if s["rsa"] or s["ass"] or s["aah"]:
            codes.append("minima_sociaux")
        if s["niveau_formation"] in (NiveauFormation.NIVEAU_1, NiveauFormation.NIVEAU_2, NiveauFormation.NON_RECONNU):
            codes.append("qualification_insuffisante")
        if s["parent_isole"]:
            codes.append("situation_familiale")
        if s["probleme_mobilite"] or s["probleme_logement"]:
            codes.append("mobilite_logement")
        if s["rqth"]:
            codes.append("sante_handicap")
        if s["mesure_justice"]:
            codes.append("justice")
        if len(codes) == 2:
            codes.append("qualification_insuffisante")
        return codes

    def _freins(self, plan: PlanParcours, diagnostic: Diagnostic) -> list[FreinDiagnostic]:
        rng = self.rng
        s = plan.situation
        signales = {
            FamilleFrein.MOBILITE: s["probleme_mobilite"],
            FamilleFrein.LOGEMENT: s["probleme_logement"],
            FamilleFrein.SANTE: s["rqth"] or s["aah"],
            FamilleFrein.FAMILLE: s["parent_isole"],
            FamilleFrein.COMPETENCES: s["niveau_formation"] in (NiveauFormation.NIVEAU_1, NiveauFormation.NIVEAU_2),
        }
        freins = []
        for famille in FamilleFrein.values:
            if signales.get(famille):
                degre = _poids(rng, {DegreFrein.LEGER: 30, DegreFrein.FORT: 50, DegreFrein.BLOQUANT: 20})
            else:
                degre = _poids(
                    rng, {DegreFrein.AUCUN: 65, DegreFrein.LEGER: 25, DegreFrein.FORT: 9, DegreFrein.BLOQUANT: 1}
                )
            freins.append(dict(diagnostic_id=diagnostic.pk, famille=famille, degre=degre))
        return freins

    def _operation(self, code_type: str, date: datetime.date):
        intitule = ETAPES_OPERATIONS.get(code_type)
        return self.operations.get((date.year, intitule)) if intitule else None

    def _etape(self, parcours, code, debut, fin_prevue, fin_reelle, issue=IssueEtape.TERMINEE):
        """An étape from ``debut``; it is closed at its real end if that is known by ``jusqua``."""
        type_etape = self.types_etape[code]
        date_fin = fin_reelle if fin_reelle <= self.jusqua else None
        return Etape(
            parcours_id=parcours.pk,
            type_id=type_etape.pk,
            operation_id=self._operation(code, debut),
            date_debut=debut,
            date_fin_prevue=fin_prevue,
            date_fin=date_fin,
            issue=issue if date_fin else "",
            employeur_organisme=self.rng.choice(self._noms) + " " + self.rng.choice(["SAS", "SARL", "Association"]),
            heures_hebdo=Decimal(self.rng.choice([20, 24, 26, 28, 30, 35, 35, 35]))
            if type_etape.categorie == "emploi"
            else None,
        )

    def _etapes(self, plan: PlanParcours, parcours: Parcours, fin: datetime.date) -> list[Etape]:
        rng = self.rng
        etapes = []
        final = None
        if plan.motif_prevu in ("emploi_durable", "creation_activite", "emploi_aide", "formation_qualifiante"):
            code = {
                "emploi_durable": rng.choice(["contrat_long", "contrat_long", "interim", "cdd_court"]),
                "creation_activite": "creation_activite",
                "emploi_aide": "contrat_aide",
                "formation_qualifiante": rng.choice([c for c in TYPES_ETAPE if c.startswith("fq_")]),
            }[plan.motif_prevu]
            if plan.motif_prevu == "formation_qualifiante":
                debut_final = max(plan.date_entree, _jours(plan.sortie_prevue, -rng.randint(0, 20)))
            else:
                # Early enough for the employment-exit rule to hold on the exit day: 6 calendar months, and 183
                # days counted inclusively for the interim and short contracts (sortie_emploi).
                debut_final = max(
                    plan.date_entree,
                    min(plan.sortie_prevue - relativedelta(months=6), _jours(plan.sortie_prevue, -183)),
                )
            final = (code, debut_final)
        codes = list(TYPES_ETAPE)
        poids = [TYPES_ETAPE[c] for c in codes]
        t = _jours(plan.date_entree, rng.randint(7, 75))
        limite = final[1] if final else plan.sortie_prevue
        while t < limite and t <= fin:
            code = rng.choices(codes, weights=poids)[0]
            bornes = DUREES_ETAPE.get(code, DUREE_ETAPE_DEFAUT)
            fin_prevue = _jours(t, rng.randint(*bornes))
            fin_reelle = fin_prevue
            issue = IssueEtape.TERMINEE
            tirage = rng.random()
            if tirage < 0.1:
                fin_reelle, issue = _jours(t, (fin_prevue - t).days * rng.random()), IssueEtape.ABANDON
            elif tirage < 0.14 and self.types_etape[code].categorie == "emploi":
                fin_reelle, issue = _jours(t, (fin_prevue - t).days * rng.random()), IssueEtape.RUPTURE
            if plan.date_sortie and fin_reelle > plan.date_sortie:
                fin_reelle = plan.date_sortie
            etapes.append(self._etape(parcours, code, t, fin_prevue, fin_reelle, issue))
            t = _jours(t, max(7, rng.expovariate(1 / ECART_MOYEN_ETAPES)))
        if final and final[1] <= fin:
            code, debut_final = final
            fin_prevue = max(plan.sortie_prevue, _jours(debut_final, 180))
            etapes.append(self._etape(parcours, code, debut_final, fin_prevue, plan.sortie_prevue))
        return etapes

    def _veille(self, plan: PlanParcours, parcours: Parcours, fin: datetime.date) -> Veille | None:
        rng = self.rng
        marge = (fin - plan.date_entree).days - 45
        if marge < 30 or rng.random() >= 0.15:
            return None
        debut = _jours(plan.date_entree, rng.randint(30, marge))
        fin_prevue = min(_jours(debut, rng.choice([30, 45, 60])), debut + relativedelta(months=2))
        tirage = rng.random()
        if tirage < 0.15:
            fin_reelle = _jours(debut, rng.randint(10, max(10, (fin_prevue - debut).days)))
        else:
            fin_reelle = fin_prevue
        if plan.date_sortie and fin_reelle > plan.date_sortie:
            fin_reelle = plan.date_sortie
        date_fin = fin_reelle if fin_reelle <= self.jusqua and tirage < 0.9 else None
        if date_fin is None and plan.date_sortie:
            date_fin = min(fin_reelle, plan.date_sortie)
        if date_fin and date_fin > self.jusqua:
            date_fin = None
        motif = rng.choice(
            ["Raisons de santé", "Raisons familiales", "Démarches administratives", "Déménagement en cours"]
        )
        return Veille(
            parcours_id=parcours.pk, date_debut=debut, date_fin_prevue=fin_prevue, date_fin=date_fin, motif=motif
        )

    def _referent_au(self, plan: PlanParcours, date: datetime.date) -> Referent:
        if plan.transfert and date >= plan.transfert[1]:
            return self.referents[plan.transfert[0]]
        return self.referents[plan.referent]

    def _entretiens(self, plan, parcours, fin, veille) -> list[Entretien]:
        rng = self.rng
        entretiens = []
        mois = _debut_mois(max(plan.date_entree, self.debut))
        while mois <= fin:
            premier = max(mois, plan.date_entree)
            dernier = min(_fin_mois(mois), fin)
            en_veille = veille and veille.date_debut <= premier and (veille.date_fin or fin) >= dernier
            if not en_veille and rng.random() < 0.9:
                date = _jours(premier, rng.randint(0, (dernier - premier).days))
                anciennete = (date.year - plan.date_entree.year) * 12 + date.month - plan.date_entree.month
                if date == plan.date_entree or premier == plan.date_entree:
                    type_ = TypeEntretien.INDIVIDUEL
                elif anciennete in (6, 12, 18, 24, 30):
                    type_ = TypeEntretien.BILAN
                else:
                    type_ = _poids(
                        rng,
                        {
                            TypeEntretien.INDIVIDUEL: 55,
                            TypeEntretien.POINT_ETAPE: 20,
                            TypeEntretien.CONTACT: 15,
                            TypeEntretien.ATELIER: 7,
                            TypeEntretien.TRIPARTITE: 3,
                        },
                    )
                if type_ == TypeEntretien.CONTACT:
                    mode = rng.choice([ModeEntretien.TELEPHONE, ModeEntretien.MESSAGE])
                elif type_ in (TypeEntretien.ATELIER, TypeEntretien.TRIPARTITE, TypeEntretien.BILAN):
                    mode = ModeEntretien.PRESENTIEL
                else:
                    mode = _poids(
                        rng, {ModeEntretien.PRESENTIEL: 70, ModeEntretien.TELEPHONE: 22, ModeEntretien.VISIO: 8}
                    )
                duree = {
                    ModeEntretien.PRESENTIEL: (45, 90),
                    ModeEntretien.TELEPHONE: (10, 30),
                    ModeEntretien.VISIO: (30, 60),
                    ModeEntretien.MESSAGE: (5, 10),
                }[mode]
                entretiens.append(
                    dict(
                        parcours_id=parcours.pk,
                        referent_id=self._referent_au(plan, date).pk,
                        date=date,
                        type=type_,
                        mode=mode,
                        duree_minutes=rng.randint(*duree),
                        emargement_signe=mode == ModeEntretien.PRESENTIEL and rng.random() < 0.95,
                        notes=rng.choice(NOTES),
                    )
                )
            mois = _mois_suivant(mois)
        return entretiens

    def _aides(self, plan, parcours, fin) -> list[AideIndividuelle]:
        rng = self.rng
        debut = max(plan.date_entree, self.debut)
        jours = (fin - debut).days
        if jours <= 0:
            return []
        aides = []
        for _ in range(_poisson(rng, 0.12 * jours / 365)):
            date = _jours(debut, rng.randint(0, jours))
            nature = _poids(
                rng,
                {
                    NatureAide.TRANSPORT: 35,
                    NatureAide.FRAIS_FORMATION: 25,
                    NatureAide.EQUIPEMENT: 20,
                    NatureAide.GARDE_ENFANTS: 10,
                    NatureAide.REPAS: 10,
                },
            )
            bornes = {
                NatureAide.TRANSPORT: (30, 300),
                NatureAide.FRAIS_FORMATION: (150, 1200),
                NatureAide.EQUIPEMENT: (50, 400),
                NatureAide.GARDE_ENFANTS: (80, 500),
                NatureAide.REPAS: (20, 150),
            }[nature]
            aides.append(
                AideIndividuelle(
                    parcours_id=parcours.pk,
                    date=date,
                    nature=nature,
                    objet=_poids(rng, {ObjetAide.EMPLOI: 55, ObjetAide.FORMATION: 35, ObjetAide.STAGE: 10}),
                    montant=Decimal(rng.randint(*bornes)),
                    operation_id=self.operations.get((date.year, "Enveloppe souple")),
                )
            )
        return aides

    # -- programmation, objectives, users -------------------------------------------------------------------

    def _creer_programmation(self):
        rng = self.rng
        financeurs = list(Financeur.objects.order_by("ordre"))
        fse = next(f for f in financeurs if f.est_fse)
        autres = [f for f in financeurs if not f.est_fse]
        etp_structure = [0.0] * len(self.structures)
        for structure_index, historique in zip(self.structure_referents, self.etp_referents, strict=True):
            if historique[0][0] <= self.debut:
                etp_structure[structure_index] += historique[0][1]
        for annee in range(self.debut.year, self.jusqua.year + 1):
            ObjectifsAnnuels.objects.get_or_create(annee=annee)
            lignes = [
                (intitule, porteur, nature, None, _euros(budget * self.echelle), _euros(part_fse * self.echelle))
                for intitule, porteur, nature, budget, part_fse in PROGRAMMATION
            ]
            # Référents' portage split by ETP; the last structure takes the rounding remainder.
            parts_fse = _repartir(_euros(PORTAGE_FSE * self.echelle), etp_structure)
            cofinancements = _repartir(_euros((PORTAGE_BUDGET - PORTAGE_FSE) * self.echelle), etp_structure)
            for structure, fse_euros, cofinancement in zip(self.structures, parts_fse, cofinancements, strict=True):
                budget_euros = fse_euros + cofinancement
                lignes.append(
                    (
                        f"Portage de référents — {structure.nom}",
                        structure.nom,
                        NatureOperation.PORTAGE_REFERENTS,
                        structure,
                        budget_euros,
                        fse_euros,
                    )
                )
            for intitule, porteur, nature, structure, budget_euros, fse_euros in lignes:
                passe = annee < self.jusqua.year
                operation = Operation.objects.create(
                    annee=annee,
                    intitule=intitule,
                    porteur=porteur,
                    structure=structure,
                    nature=nature,
                    budget_prevu=budget_euros,
                    budget_realise=(budget_euros * Decimal(rng.randint(92, 100)) / 100).quantize(Decimal("1"))
                    if passe
                    else None,
                    date_debut=datetime.date(annee, 1, 1),
                    date_fin=datetime.date(annee, 12, 31),
                )
                financements = [Financement(operation=operation, financeur=fse, montant=fse_euros)]
                montants = _repartir(budget_euros - fse_euros, [part for _, part in COFINANCEURS])
                for (index, _), montant in zip(COFINANCEURS, montants, strict=True):
                    financements.append(Financement(operation=operation, financeur=autres[index - 1], montant=montant))
                Financement.objects.bulk_create(financements)

    def _creer_comptes(self):
        comptes = [
            ("animation", Role.ANIMATION, "Claire", "Martin"),
            ("referent", Role.REFERENT, "", ""),
            ("referent2", Role.REFERENT, "", ""),
            ("porteur", Role.PORTEUR, "Paul", "Bernard"),
            ("financeur", Role.FINANCEUR, "Sophie", "Durand"),
            ("admin", Role.ADMINISTRATEUR, "Alex", "Admin"),
        ]
        groupe, _ = Group.objects.get_or_create(name="Structure d'animation")
        groupe.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["participants", "programmation", "parcours"])
        )
        referents_demo = {"referent": self.referents[0], "referent2": self.referents[min(5, len(self.referents) - 1)]}
        for identifiant, role, prenom, nom in comptes:
            email = f"{identifiant}@{DOMAINE_DEMO}"
            referent = referents_demo.get(identifiant)
            if referent:
                prenom, nom = referent.prenom, referent.nom
            user = User.objects.create_user(
                email,
                MOT_DE_PASSE_DEMO,
                role=role,
                prenom=prenom,
                nom=nom,
                is_staff=role in (Role.ANIMATION, Role.ADMINISTRATEUR),
                is_superuser=role == Role.ADMINISTRATEUR,
            )
            if role == Role.ANIMATION:
                user.groups.add(groupe)
            if referent:
                referent.utilisateur = user
                referent.save(update_fields=["utilisateur"])
            if role == Role.PORTEUR:
                self.referents[0].structure.utilisateurs.add(user)

    # -- entry point -------------------------------------------------------------------------------------

    @transaction.atomic
    def executer(self) -> Resultat:
        self.resultat = Resultat(debut=self.debut, fin=self.jusqua)
        self._creer_organisations()
        self._creer_comptes()
        self._creer_programmation()
        self.progression("Organisations, comptes et programmation créés")
        self._planifier()
        self.progression(f"{len(self.parcours)} parcours planifiés")
        self._ecrire_personnes_et_prescriptions()
        self._ecrire_parcours()
        self.resultat.personnes = len(self.pk_personnes)
        self.resultat.prescriptions = len(self.prescriptions)
        self.resultat.parcours = len(self.parcours)
        return self.resultat


def _mois_suivant(date: datetime.date) -> datetime.date:
    return date.replace(year=date.year + 1, month=1) if date.month == 12 else date.replace(month=date.month + 1)


def _valeur_copy(valeur) -> str:
    """One value in PostgreSQL's COPY CSV format: unquoted empty for NULL, quoted text otherwise."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "t" if valeur else "f"
    if isinstance(valeur, str):
        return '"' + valeur.replace('"', '""') + '"'
    return str(valeur)


def _inserer(modele, lignes: list[dict]) -> None:
    """Insert rows given as field values, whose primary keys are not needed back.

    On PostgreSQL (the national-scale case) through COPY, without building model instances.
    """
    if not lignes:
        return
    if connection.vendor != "postgresql":
        modele.objects.bulk_create([modele(**ligne) for ligne in lignes], batch_size=BATCH)
        return
    champs = list(lignes[0])
    tampon = io.StringIO()
    for ligne in lignes:
        tampon.write(",".join(_valeur_copy(ligne[champ]) for champ in champs))
        tampon.write("\n")
    tampon.seek(0)
    colonnes = ", ".join(connection.ops.quote_name(modele._meta.get_field(c).column) for c in champs)
    table = connection.ops.quote_name(modele._meta.db_table)
    with connection.cursor() as curseur:
        curseur.copy_expert(f"COPY {table} ({colonnes}) FROM STDIN WITH (FORMAT csv)", tampon)


def _champs(objet) -> dict:
    return {f.attname: getattr(objet, f.attname) for f in objet._meta.concrete_fields if not f.primary_key}


def _euros(milliers: float) -> Decimal:
    return Decimal(round(milliers * 1000))


def _repartir(total: Decimal, poids: list[float]) -> list[Decimal]:
    somme = sum(poids) or 1
    # Rounded down, so that the last share (the remainder) is never negative.
    parts = [(total * Decimal(str(p / somme))).quantize(Decimal("1"), rounding=ROUND_DOWN) for p in poids[:-1]]
    return parts + [total - sum(parts, Decimal(0))]


def _poisson(rng: random.Random, moyenne: float) -> int:
    seuil, k, produit = math.exp(-moyenne), 0, rng.random()
    while produit > seuil:
        k += 1
        produit *= rng.random()
    return k


def _slug(texte: str) -> str:
    import unicodedata

    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.lower() if c.isalnum())


def base_contient_des_donnees() -> bool:
    return Referent.objects.exists() or Participant.objects.exists() or Prescription.objects.exists()


@transaction.atomic
def vider_donnees_demo():
    """Delete every parcours, person, organisation, operation and demo account; referentials stay."""
    for modele in (
        AideIndividuelle,
        Entretien,
        Veille,
        Etape,
        PositionnementClea,
        FreinDiagnostic,
        Diagnostic,
        AffectationReferent,
        Parcours.criteres.through,
        Parcours,
        Prescription,
        Participant,
        ContactPrescripteur,
        Prescripteur,
        Remplacement,
        ReferentEtp,
        Referent,
        Financement,
        Operation,
        ObjectifsAnnuels,
        StructurePorteuse,
    ):
        # Raw deletes, children first: no per-row signals, so no history rows for data that never was real.
        queryset = modele.objects.all()
        queryset._raw_delete(queryset.db)
    for modele in apps.get_models():
        if modele.__name__.startswith("Historical") and modele._meta.app_label in ("participants", "parcours"):
            queryset = modele.objects.all()
            queryset._raw_delete(queryset.db)
    User.objects.filter(email__endswith=f"@{DOMAINE_DEMO}").delete()
