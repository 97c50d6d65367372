"""The plan of the demo PLIE, drawn before anything is written: who is prescribed, who enters, when they leave."""

import bisect
import datetime
import heapq
import math
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from demo.outils import (
    _debut_mois,
    _fin_mois,
    _jours,
    _poids,
    _slug,
)
from demo.parametres import (
    COMMUNES,
    JOURS_MOIS,
    MOTIFS_AUTRES,
    MOTIFS_NON_ENTREE,
    MOTIFS_POSITIFS,
    NIVEAUX,
    PART_POSITIVES,
    PART_SUIVI_30_MOIS,
    PRESCRIPTEURS,
    QUARTIERS,
    SAISONS,
)
from parcours.enums import (
    SituationEmploi,
    StatutPrescription,
)
from participants.enums import Nationalite, Sexe

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


class PlanificationDemo:
    """The drawing part of the generator (``GenerateurDemo`` writes)."""

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
