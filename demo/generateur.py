"""Synthetic PLIE for the demo and the benchmarks, shaped like Dijon Métropole's in 2017.

The generator first plans every prescription, parcours and event as light Python tuples, from a seeded random
generator (so that a seed always gives the same database), then writes them with bulk inserts, parcours by
chunks, so that memory stays flat at national scale.

Shape per year and per unit of ``echelle`` (rapport d'activité 2017 and its letters): 14 référents in post in
9 structures porteuses totalling 12.7 ETP, ~770 prescriptions, ~500 entries, ~270 non-entries, ~1 700 étapes,
~590 exits of which about half positive, a file active of 700 to 900. All names are invented.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from faker import Faker

from agenda.enums import StatutFeuille
from agenda.models import FeuilleEmargement
from demo import fse
from demo.outils import (
    _champs,
    _debut_mois,
    _euros,
    _fin_mois,
    _inserer,
    _jours,
    _mois_suivant,
    _poids,
    _poisson,
    _repartir,
    _slug,
)
from demo.parametres import (
    BATCH,
    COFINANCEURS,
    DOMAINE_DEMO,
    DUREE_ETAPE_DEFAUT,
    DUREES_ETAPE,
    ECART_MOYEN_ETAPES,
    ETAPES_OPERATIONS,
    INDEX_PARTANT,
    MOT_DE_PASSE_DEMO,
    NOTES,
    PORTAGE_BUDGET,
    PORTAGE_FSE,
    PRESCRIPTEURS,
    PROGRAMMATION,
    REFERENTS,
    STRUCTURES,
    TYPES_ETAPE,
)
from demo.plan import (
    PlanificationDemo,
    PlanParcours,
    PlanPersonne,
    PlanPrescription,
    Resultat,
)
from parcours import eligibilite
from parcours.enums import (
    DegreFrein,
    DomaineClea,
    FamilleFrein,
    IssueEtape,
    ModeEntretien,
    NatureAide,
    NiveauClea,
    ObjetAide,
    OriginePrescription,
    SituationPrescription,
    StatutCommission,
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
from participants.enums import NiveauFormation, Sexe
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
from plie.statistiques import analyser
from programmation.enums import NatureOperation
from programmation.models import Financement, Financeur, ObjectifsAnnuels, Operation


class GenerateurDemo(PlanificationDemo):
    def __init__(
        self,
        *,
        seed: int,
        echelle: float,
        jusqua: datetime.date,
        progression: Callable[[str], None] = lambda message: None,
    ):
        self.seed = seed
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
        self._signes: set[tuple[int, datetime.date]] = set()  # entretiens whose old tool's box was ticked

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
                        date_information_fse=plan.date_entree,
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
        """What the référent would tick: the criteria the record gives and those its situation proposes (the rules
        of ``parcours.eligibilite``, written once); at least one besides the two the record gives."""
        codes = [*eligibilite.DERIVES, *eligibilite.propositions(plan.situation, plan.date_entree)]
        if len(codes) == len(eligibilite.DERIVES):
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
                referent_id = self._referent_au(plan, date).pk
                minutes = rng.randint(*duree)
                if mode == ModeEntretien.PRESENTIEL and rng.random() < 0.95:  # the old tool's « signé » box
                    self._signes.add((parcours.pk, date))
                entretiens.append(
                    dict(
                        parcours_id=parcours.pk,
                        referent_id=referent_id,
                        date=date,
                        type=type_,
                        mode=mode,
                        duree_minutes=minutes,
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
            ("prescripteur", Role.PRESCRIPTEUR, "", ""),
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
            if role == Role.PRESCRIPTEUR:  # the first contact of the first France Travail agency
                prenom, nom = self.contacts[0].prenom, self.contacts[0].nom
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
            if role == Role.PRESCRIPTEUR:
                self.contacts[0].utilisateur = user
                self.contacts[0].bilan_mensuel = True
                self.contacts[0].save(update_fields=["utilisateur", "bilan_mensuel"])
                self.compte_prescripteur = user

    def _prescriptions_en_ligne(self):
        """The demo prescriber's agency has sent its last two months of prescriptions online."""
        contact = self.contacts[0]
        Prescription.objects.filter(
            prescripteur=contact.prescripteur, date_prescription__gt=self.jusqua - datetime.timedelta(days=61)
        ).update(
            origine=OriginePrescription.EN_LIGNE,
            personne_informee=True,
            situation=SituationPrescription.DEMANDEUR_EMPLOI_LONGUE_DUREE,
            contact=contact,
            envoyee_par=self.compte_prescripteur,
        )

    # -- entry point -------------------------------------------------------------------------------------

    def _emargements(self):
        """The PLIE came from a tool with an « émargement signé » box, ticked for 19 in 20 entretiens in person:
        before last month, those hold a sheet « déclarée, sans pièce »; since, none is signed yet — the émargement
        board's work."""
        limite = (self.jusqua.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        entretiens = Entretien.objects.filter(mode=ModeEntretien.PRESENTIEL, date__lt=limite)
        _inserer(
            FeuilleEmargement,
            [
                # Every column: on PostgreSQL the rows go by COPY, without the model's defaults.
                {
                    "entretien_id": pk,
                    "statut": StatutFeuille.DECLAREE,
                    "fichier": "",
                    "empreinte": "",
                    "empreinte_contenu": "",
                }
                for pk, parcours_id, date in entretiens.values_list("pk", "parcours_id", "date").iterator()
                if (parcours_id, date) in self._signes
            ],
        )

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
        self._prescriptions_en_ligne()
        self._emargements()
        # Statistics of the rows just written before the FSE+ synchronisation reads them: with those of the empty
        # tables, PostgreSQL plans nested loops that take minutes.
        analyser()
        entrees, sorties = fse.renseigner(seed=self.seed, jusqua=self.jusqua)
        self.progression(f"Données FSE+ : {entrees} questionnaires d'entrée et {sorties} de sortie renseignés")
        self.resultat.personnes = len(self.pk_personnes)
        self.resultat.prescriptions = len(self.prescriptions)
        self.resultat.parcours = len(self.parcours)
        return self.resultat
