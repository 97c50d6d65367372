"""The run: the sheets in their order, each row in its savepoint, the references between rows, the end of the run
and its summary. What each sheet does is in reprise/moteur/feuilles/."""

import contextlib
from collections import Counter
from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from agenda.models import Activite, EtatTemps, FeuilleEmargement, TempsValide
from fse.models import DonneesEntree, DonneesSortie, Participation
from parcours import services as parcours_services
from parcours.models import (
    AffectationReferent,
    Entretien,
    Etape,
    ExceptionReprise,
    Parcours,
    Prescription,
    Veille,
)
from participants.models import Participant, Referent, ReferentEtp
from reprise import lots, modele, referentiels
from reprise.lecture import Cellule, Lecture
from reprise.models import Correspondance, GenreCorrespondance, Import
from reprise.moteur.communs import CHAMPS, CHOIX, GENRES, Annuler, cle_date, messages_de, nom_colonne, ordre_feuille
from reprise.moteur.feuilles.agenda import FeuilleAgenda
from reprise.moteur.feuilles.elements import FeuilleElements
from reprise.moteur.feuilles.fse import FeuilleFse
from reprise.moteur.feuilles.parcours import FeuilleParcours
from reprise.moteur.feuilles.personnes import FeuillePersonnes
from reprise.moteur.feuilles.prescriptions import FeuillePrescriptions
from reprise.moteur.feuilles.referents import FeuilleReferents
from reprise.moteur.feuilles.sorties import FeuilleSorties
from reprise.moteur.resultats import EN_ERREUR, ERREUR, FORMULE, STATUTS, Bilan, NouvellePersonne, Refus, Resultat
from reprise.valeurs import ValeurInvalide, booleen, date, decimal, entier, heure, texte, vide


class Moteur(
    FeuilleReferents,
    FeuillePrescriptions,
    FeuillePersonnes,
    FeuilleParcours,
    FeuilleElements,
    FeuilleSorties,
    FeuilleFse,
    FeuilleAgenda,
):
    """One run over a file read (``Lecture``): the check, or the commit. Each sheet's rows are handled by the
    part named after it (reprise/moteur/feuilles/)."""

    # What an import writes (its statistics refreshed after a commit: reprise.services).
    MODELES_ECRITS = (
        Referent,
        ReferentEtp,
        Prescription,
        Participant,
        Parcours,
        AffectationReferent,
        Etape,
        Veille,
        Entretien,
        ExceptionReprise,
        Participation,
        DonneesEntree,
        DonneesSortie,
        Activite,
        EtatTemps,
        TempsValide,
        FeuilleEmargement,
        Correspondance,
    )

    def __init__(
        self,
        lecture: Lecture,
        *,
        par=None,
        source: str,
        decisions: dict | None = None,
        import_origine: Import | None = None,
        progression: Callable[[int, int], None] = lambda fait, total: None,
        rattacher_si_un_seul: bool = False,
    ):
        self.rattacher_si_un_seul = rattacher_si_un_seul  # the command's --rattacher; the browser asks
        self.lecture = lecture
        self.par = par
        self.source = source
        self.decisions = decisions or {}
        self.import_origine = import_origine
        self.progression = progression
        self.resultats: list[Resultat] = []
        self.refs = referentiels.charger()
        self.quartiers = referentiels.quartiers()
        self.operations = referentiels.operations()
        self.correspondances: dict[str, dict[str, int]] = {g: {} for g in GenreCorrespondance.values}
        for genre, identifiant, objet_id in Correspondance.objects.values_list("genre", "identifiant", "objet_id"):
            self.correspondances[genre][identifiant] = objet_id
        self.nouvelles: list[Correspondance] = []
        self.dans_le_fichier: dict[str, dict[str, object]] = {g: {} for g in GenreCorrespondance.values}
        self.lignes_du_fichier: dict[tuple[str, str], Resultat] = {}
        self.entrees_attendues: dict[str, Resultat] = {}
        self.crees: set[int] = set()  # parcours this import created
        self.reprises: dict[int, set[str]] = {}  # parcours -> what the import recorded: "entree", "sortie"
        self.colonnes_lues: set[str] = set()
        self.operations_fse: set[int] = set()  # read once the parcours are written (Données FSE)
        self.participations_lues: dict[int, Resultat] = {}  # participation -> its row (Données FSE)
        # A person or an entered prescription whose parcours row is in error: that row carries the message.
        self.attendus_par_un_parcours_en_erreur: set[tuple[str, str]] = set()
        self.fait = 0
        self.lots: lots.Lots | None = None  # the commit's batches
        self.total = sum(len(f.lignes) for f in lecture.feuilles.values())

    # -- the run ---------------------------------------------------------------------------------------

    def executer(self, *, enregistrer: bool) -> Bilan:
        """The check (``enregistrer`` false: one transaction, rolled back) or the commit: of a deposited import, in
        batches (reprise/lots.py); of the command, in one transaction."""
        if enregistrer and self.import_origine is not None:
            bilan = self._par_lots()
        else:
            # A check is rolled back: it locks no identity (parcours.services.simulation).
            with transaction.atomic(), contextlib.nullcontext() if enregistrer else parcours_services.simulation():
                bilan = self._passe()
                if enregistrer and not bilan.erreurs and not bilan.vide:
                    Correspondance.objects.bulk_create(self.nouvelles, batch_size=1000)
                    bilan.enregistre = True
                else:
                    transaction.set_rollback(True)
        self.resultats.sort(key=lambda r: (ordre_feuille(r.feuille), r.ligne))
        return bilan

    def _passe(self) -> Bilan:
        for feuille, traiter in (
            (modele.REFERENTS, self._referent),
            (modele.ETP, self._etp),
            (modele.PRESCRIPTIONS, self._prescription),
            (modele.PERSONNES, self._personne),
        ):
            self._lignes(feuille, traiter, self._rangees(feuille))
        self._parcours_et_leur_contenu()
        # The agenda once the parcours its participants follow are written; the validated time last (it locks).
        self._lignes(modele.ACTIVITES, self._activite, self._rangees(modele.ACTIVITES))
        self._lignes(modele.TEMPS, self._temps, self._rangees(modele.TEMPS))
        self._donnees_fse()
        self._fin()
        return self._bilan()

    def _par_lots(self) -> Bilan:
        """The commit in short transactions, each with what it wrote; all of it undone unless every row passes."""
        lots.annuler(self.import_origine)  # what a commit stopped in the middle left
        journal = lots.Journal(self.import_origine)
        self.lots = lots.Lots(journal)
        try:
            with journal.actif():
                self.lots.ouvrir()
                bilan = self._passe()
                if not bilan.erreurs and not bilan.vide:
                    Correspondance.objects.bulk_create(self.nouvelles, batch_size=1000)
                    bilan.enregistre = True
                    self.lots.terminer()
                else:
                    self.lots.abandonner()
        except BaseException:
            self.lots.abandonner()
            lots.annuler(self.import_origine)
            raise
        finally:
            self.lots = None
        if not bilan.enregistre:
            lots.annuler(self.import_origine)
        return bilan

    def _rangees(self, feuille: modele.Feuille) -> list:
        lue = self.lecture.feuilles.get(feuille.nom)
        return lue.lignes if lue else []

    def _parcours_et_leur_contenu(self) -> None:
        """Parcours by entry date, each followed by its transfers, étapes, veilles, entretiens and exit: a person's
        next parcours comes after the exit of the one before, as in life."""
        contenu = [
            (modele.TRANSFERTS, self._transfert),
            (modele.ETAPES, self._etape),
            (modele.VEILLES, self._veille),
            (modele.ENTRETIENS, self._entretien),
            (modele.SORTIES, self._sortie),
        ]
        par_parcours: dict[str, list] = {}
        for feuille, traiter in contenu:
            rangees = self._rangees(feuille)
            if feuille is modele.TRANSFERTS:
                rangees = sorted(rangees, key=lambda ligne: cle_date(ligne[1], "date"))
            for rangee in rangees:
                identifiant = texte(rangee[1]["parcours"].valeur) if "parcours" in rangee[1] else ""
                par_parcours.setdefault(identifiant, []).append((feuille, traiter, rangee))
        parcours = sorted(self._rangees(modele.PARCOURS), key=lambda ligne: cle_date(ligne[1], "date_entree"))
        for rangee in parcours:
            self._lignes(modele.PARCOURS, self._parcours, [rangee])
            identifiant = texte(rangee[1]["identifiant"].valeur) if "identifiant" in rangee[1] else ""
            for feuille, traiter, ligne in par_parcours.pop(identifiant, []) if identifiant else []:
                self._lignes(feuille, traiter, [ligne])
        for lignes in par_parcours.values():  # parcours of an earlier import
            for feuille, traiter, ligne in lignes:
                self._lignes(feuille, traiter, [ligne])

    def _lignes(self, feuille: modele.Feuille, traiter, rangees) -> None:
        lue = self.lecture.feuilles.get(feuille.nom)
        if lue is None:
            return
        self.colonnes_lues = lue.colonnes
        for numero, cellules in rangees:
            resultat = Resultat(
                feuille=feuille.nom,
                ligne=numero,
                valeurs={feuille.colonne(k).nom: texte(c.valeur) for k, c in cellules.items()},
            )
            self.resultats.append(resultat)
            valeurs = self._lire(feuille, cellules, resultat)
            if resultat.statut != EN_ERREUR:
                self._traiter(feuille, traiter, valeurs, resultat)
            elif feuille in GENRES and "identifiant" in cellules:  # the rows that refer to it say so
                self._marquer_erreur(GENRES[feuille], texte(cellules["identifiant"].valeur), resultat)
            if feuille is modele.PARCOURS and resultat.statut == EN_ERREUR:
                for cle_ in ("personne", "prescription"):
                    if cle_ in cellules:
                        self.attendus_par_un_parcours_en_erreur.add((cle_, texte(cellules[cle_].valeur)))
            self.fait += 1
            if self.lots is not None:
                self.lots.ligne()
            if self.fait % 50 == 0 or self.fait == self.total:
                self.progression(self.fait, self.total)

    def _lire(self, feuille: modele.Feuille, cellules: dict[str, Cellule], resultat: Resultat) -> dict:
        valeurs = {}
        for colonne in feuille.colonnes:
            cellule = cellules.get(colonne.cle)
            if cellule is not None and cellule.formule:
                resultat.erreur(colonne.nom, FORMULE)
                continue
            brut = cellule.valeur if cellule is not None else None
            if (colonne.cle == "identifiant" or colonne.lecture.startswith("ref_")) and len(texte(brut)) > 100:
                resultat.erreur(colonne.nom, "identifiant trop long (100 caractères au plus)")
                continue
            if colonne.obligatoire and vide(brut):
                resultat.erreur(colonne.nom, "obligatoire")
                continue
            try:
                valeurs[colonne.cle] = self._valeur(colonne, brut)
            except ValeurInvalide as erreur:
                resultat.erreur(colonne.nom, str(erreur))
        return valeurs

    def _valeur(self, colonne: modele.Colonne, brut):
        lecture = colonne.lecture
        if lecture == modele.TEXTE or lecture.startswith("ref_") or lecture in ("quartier", "operation"):
            return texte(brut)
        if lecture == modele.DATE:
            return date(brut)
        if lecture == modele.HEURE:
            return heure(brut)
        if lecture == modele.PARCOURS_LISTE:
            return [m.strip() for m in texte(brut).replace(",", ";").split(";") if m.strip()]
        if lecture == modele.DECIMAL:
            return decimal(brut)
        if lecture == modele.ENTIER:
            return entier(brut)
        if lecture == modele.BOOLEEN:
            return booleen(brut)
        if lecture == "criteres":
            if vide(brut):
                return []
            morceaux = [m for m in str(brut).replace("\n", ";").split(";") if m.strip()]
            return [self.refs["criteres"].trouver(m) for m in morceaux]
        trouve = self.refs[lecture].trouver(brut)
        return "" if trouve is None and lecture in CHOIX else trouve

    def _traiter(self, feuille: modele.Feuille, traiter, valeurs: dict, resultat: Resultat) -> None:
        marque = self.lots.journal.marque() if self.lots is not None else None
        try:
            self._traiter_ligne(feuille, traiter, valeurs, resultat)
        finally:
            if marque is not None and resultat.statut == EN_ERREUR:  # the row's savepoint was rolled back
                self.lots.journal.revenir(marque)

    def _traiter_ligne(self, feuille: modele.Feuille, traiter, valeurs: dict, resultat: Resultat) -> None:
        try:
            with transaction.atomic():
                traiter(valeurs, resultat)
                if resultat.statut == EN_ERREUR:  # refused after a partial write: undo the row
                    raise Annuler
        except Annuler:
            pass
        except Refus as refus:
            resultat.erreur(nom_colonne(feuille, refus.cle), refus.message)
        except ValidationError as erreur:
            for champ, message in messages_de(erreur):
                resultat.erreur(nom_colonne(feuille, CHAMPS.get(champ, champ)), message)
        except PermissionDenied as refus:
            resultat.erreur("", str(refus) or "Action non autorisée.")
        except ObjectDoesNotExist:
            resultat.erreur(
                "", "un enregistrement auquel cette ligne renvoie a été supprimé de la base depuis son import"
            )

    def _lues(self, donnees: dict) -> dict:
        """What an update compares and changes: the columns the file has (a column left out changes nothing)."""
        return {k: v for k, v in donnees.items() if k in self.colonnes_lues}

    def _repris(self, parcours_id: int, objet: str) -> None:
        self.reprises.setdefault(parcours_id, set()).add(objet)

    # -- references ------------------------------------------------------------------------------------

    def _lier(self, genre: str, identifiant: str, objet_id: int, resultat: Resultat) -> None:
        self.dans_le_fichier[genre][identifiant] = objet_id
        self.lignes_du_fichier[(genre, identifiant)] = resultat
        if identifiant not in self.correspondances[genre]:
            self.correspondances[genre][identifiant] = objet_id
            self.nouvelles.append(
                Correspondance(
                    genre=genre, identifiant=identifiant, objet_id=objet_id, import_origine=self.import_origine
                )
            )

    def _marquer_erreur(self, genre: str, identifiant: str, resultat: Resultat) -> None:
        self.dans_le_fichier[genre][identifiant] = ERREUR
        self.lignes_du_fichier[(genre, identifiant)] = resultat

    def _connu(self, genre: str, identifiant: str):
        return self.correspondances[genre].get(identifiant)

    def _reference(self, genre: str, identifiant: str, cle_colonne: str, libelle: str):
        """The record a row refers to: from this file (a row in error stops this one) or from an earlier import."""
        if not identifiant:
            return None
        trouve = self.dans_le_fichier[genre].get(identifiant)
        if trouve is ERREUR:
            ligne = self.lignes_du_fichier[(genre, identifiant)]
            raise Refus(
                cle_colonne, f"{libelle} « {identifiant} » est en erreur ({ligne.feuille}, ligne {ligne.ligne})"
            )
        if trouve is None:
            trouve = self._connu(genre, identifiant)
        if trouve is None:
            raise Refus(cle_colonne, f"{libelle} inconnu : « {identifiant} » (ni dans ce fichier, ni déjà importé)")
        return trouve

    def _existant(self, genre: str, identifiant: str, modele_):
        pk = self._connu(genre, identifiant)
        if identifiant in self.dans_le_fichier[genre]:
            ligne = self.lignes_du_fichier[(genre, identifiant)]
            raise Refus("identifiant", f"identifiant déjà utilisé ({ligne.feuille}, ligne {ligne.ligne})")
        objet = modele_.objects.filter(pk=pk).first() if pk else None
        if pk and objet is None:
            raise Refus(
                "identifiant", f"« {identifiant} » a été importé puis supprimé de la base : il n'est pas recréé"
            )
        return objet

    # -- end of the run --------------------------------------------------------------------------------

    def _fin(self) -> None:
        for identifiant, nouvelle in self.dans_le_fichier[GenreCorrespondance.PERSONNE].items():
            if isinstance(nouvelle, NouvellePersonne) and nouvelle.participant_id is None:
                if ("personne", identifiant) in self.attendus_par_un_parcours_en_erreur:
                    nouvelle.resultat.note = "créée avec son parcours, qui est en erreur"
                elif nouvelle.resultat.statut != EN_ERREUR:
                    nouvelle.resultat.erreur(
                        "",
                        "aucun parcours de cette personne n'a pu être enregistré : une personne entre au PLIE avec "
                        "son premier parcours (feuille Parcours)",
                    )
        for identifiant, resultat in self.entrees_attendues.items():
            if ("prescription", identifiant) in self.attendus_par_un_parcours_en_erreur:
                resultat.note = "entrée avec son parcours, qui est en erreur"
            elif resultat.statut != EN_ERREUR:
                resultat.erreur(
                    modele.PRESCRIPTIONS.colonne("statut").nom,
                    "décision « Entrée » sans parcours enregistré (feuille Parcours) : ajoutez son parcours ou "
                    "corrigez la décision",
                )
        for pk, objets in sorted(self.reprises.items()):
            parcours_services.reprise_marquer(
                parcours=Parcours(pk=pk), objets=sorted(objets), source=self.source, par=self.par
            )

    def _bilan(self) -> Bilan:
        bilan = Bilan(
            lignes=len(self.resultats),
            lignes_vides=self.lecture.lignes_vides,
            feuilles_ignorees=list(self.lecture.ignorees),
            colonnes_ignorees={
                nom: lue.colonnes_ignorees for nom, lue in self.lecture.feuilles.items() if lue.colonnes_ignorees
            },
            vide=self.lecture.vide,
        )
        compte: dict[str, Counter] = {}
        for resultat in self.resultats:
            compte.setdefault(resultat.feuille, Counter())[resultat.statut] += 1
            bilan.exceptions += resultat.exception
        bilan.par_feuille = {f.nom: {s: compte[f.nom][s] for s in STATUTS} for f in modele.FEUILLES if f.nom in compte}
        bilan.erreurs = sum(c[EN_ERREUR] for c in compte.values())
        return bilan
