"""The import's engine: every row of the file goes through the services — the same rules as a référent's entry,
transfer, étape and exit, none re-implemented here — each row in its own savepoint so that one refused row does not
stop the others from being checked.

The check (the preview) is the run in one transaction, rolled back: each row's status and each message are the
services' own. The commit is the same run kept, only when no row is in error: all or nothing — in short
transactions undone if a row fails (reprise/lots.py), or in one for the command."""

import contextlib
import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from fse import services as fse_services
from fse.models import DonneesEntree, DonneesSortie, Participation
from fse.participations import operations_fse, synchroniser
from parcours import champs, doublons, eligibilite
from parcours import services as parcours_services
from parcours.enums import IssueEtape, StatutCommission, StatutPrescription
from parcours.models import (
    AffectationReferent,
    Entretien,
    Etape,
    ExceptionReprise,
    Parcours,
    Prescription,
    Veille,
)
from participants import services as participants_services
from participants.enums import NiveauFormation
from participants.models import Participant, Referent, ReferentEtp
from reprise import lots, modele, referentiels
from reprise.lecture import Cellule, Lecture
from reprise.models import Correspondance, GenreCorrespondance, Import
from reprise.valeurs import ValeurInvalide, booleen, cle, date, decimal, entier, texte, vide

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


class Moteur:
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
        self.resultats.sort(key=lambda r: (_ordre_feuille(r.feuille), r.ligne))
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
                rangees = sorted(rangees, key=lambda ligne: _cle_date(ligne[1], "date"))
            for rangee in rangees:
                identifiant = texte(rangee[1]["parcours"].valeur) if "parcours" in rangee[1] else ""
                par_parcours.setdefault(identifiant, []).append((feuille, traiter, rangee))
        parcours = sorted(self._rangees(modele.PARCOURS), key=lambda ligne: _cle_date(ligne[1], "date_entree"))
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
                    raise _Annuler
        except _Annuler:
            pass
        except Refus as refus:
            resultat.erreur(_nom_colonne(feuille, refus.cle), refus.message)
        except ValidationError as erreur:
            for champ, message in _messages(erreur):
                resultat.erreur(_nom_colonne(feuille, CHAMPS.get(champ, champ)), message)
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

    # -- sheets ----------------------------------------------------------------------------------------

    def _referent(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            referent = self._existant(GenreCorrespondance.REFERENT, identifiant, Referent)
            donnees = {k: v[k] for k in ("prenom", "nom", "email", "telephone", "structure")}
            if referent is None:
                referent = participants_services.referent_enregistrer(referent=Referent(**donnees))
                r.statut = A_CREER
            elif _appliquer(referent, self._lues(donnees), r):
                participants_services.referent_enregistrer(referent=referent)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.REFERENT, identifiant, r)
            raise
        self._lier(GenreCorrespondance.REFERENT, identifiant, referent.pk, r)

    def _etp(self, v: dict, r: Resultat) -> None:
        referent_id = self._reference(GenreCorrespondance.REFERENT, v["referent"], "referent", "référent")
        ligne = ReferentEtp.objects.filter(referent_id=referent_id, date_debut=v["date_debut"]).first()
        if ligne is not None and ligne.etp == v["etp"]:
            return
        r.statut = A_CREER if ligne is None else A_METTRE_A_JOUR
        participants_services.etp_enregistrer(
            referent=Referent.objects.get(pk=referent_id), date_debut=v["date_debut"], etp=v["etp"]
        )

    def _prescription(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._prescription_ecrire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PRESCRIPTION, identifiant, r)
            raise

    def _prescription_ecrire(self, identifiant: str, v: dict, r: Resultat) -> None:
        prescription = self._existant(GenreCorrespondance.PRESCRIPTION, identifiant, Prescription)
        referent_id = self._reference(GenreCorrespondance.REFERENT, v.get("referent", ""), "referent", "référent")
        # An empty décision says nothing: a prescription the file's parcours entered is decided after the first run.
        statut = v.get("statut") or (prescription.statut if prescription else StatutPrescription.EN_ATTENTE)
        donnees = {k: v.get(k) if k in v else _VIDE.get(k, "") for k in CHAMPS_PRESCRIPTION}
        preaffectation = v.get("date_preaffectation") or (v["date_prescription"] if referent_id else None)
        if statut == StatutPrescription.NON_ENTREE:
            if not v.get("date_decision"):
                raise Refus("date_decision", "obligatoire pour une non-entrée")
            if not v.get("motif_non_entree"):
                raise Refus("motif_non_entree", "obligatoire pour une non-entrée")
        if prescription is None:
            prescription = parcours_services.prescription_creer(
                **donnees, referent_id=referent_id, date_preaffectation=preaffectation
            )
            r.statut = A_CREER
        else:
            differences = _differences(prescription, self._lues(donnees))
            if not prescription.est_decidee:
                if differences:
                    parcours_services.prescription_modifier(prescription=prescription, **differences)
                if referent_id and (
                    referent_id != prescription.referent_id or preaffectation != prescription.date_preaffectation
                ):
                    differences["referent"] = referent_id
                    prescription = parcours_services.prescription_preaffecter(
                        prescription=prescription,
                        referent=Referent.objects.get(pk=referent_id),
                        date=preaffectation,
                    )
            else:
                attendu = (statut, referent_id)
                if statut == StatutPrescription.NON_ENTREE:
                    attendu += (v["date_decision"], v["motif_non_entree"].pk, v.get("commentaire_decision", ""))
                actuel = (prescription.statut, prescription.referent_id)
                if prescription.statut == StatutPrescription.NON_ENTREE:
                    actuel += (
                        prescription.date_decision,
                        prescription.motif_non_entree_id,
                        prescription.commentaire_decision,
                    )
                if differences or attendu != actuel:
                    # The service refuses, with its own message, to change a decided prescription.
                    parcours_services.prescription_modifier(prescription=prescription, **differences)
                    raise Refus("statut", "Cette prescription est déjà décidée : sa décision ne change plus.")
            if differences:
                r.statut = A_METTRE_A_JOUR
                r.note = _note_modifies(Prescription, differences)
        if statut == StatutPrescription.NON_ENTREE and not prescription.est_decidee:
            parcours_services.prescription_non_entree(
                prescription=prescription,
                motif=v["motif_non_entree"],
                date=v["date_decision"],
                commentaire=v.get("commentaire_decision", ""),
            )
            r.statut = A_CREER if r.statut == A_CREER else A_METTRE_A_JOUR
        if statut == StatutPrescription.ENTREE and not prescription.est_decidee:
            self.entrees_attendues[identifiant] = r
        self._lier(GenreCorrespondance.PRESCRIPTION, identifiant, prescription.pk, r)

    def _personne(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._personne_lire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PERSONNE, identifiant, r)
            raise

    def _personne_lire(self, identifiant: str, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, "") for k in CHAMPS_PERSONNE}
        donnees["quartier"] = self._quartier(v.get("quartier", ""), donnees["commune"])
        participant = self._existant(GenreCorrespondance.PERSONNE, identifiant, Participant)
        if participant is None:
            candidat = Participant(**donnees)
            candidat.full_clean()  # the model's own rules, shown on this row before any parcours is read
            sosies = doublons.ressemblances(
                self.par, nom=candidat.nom, prenom=candidat.prenom, date_naissance=candidat.date_naissance
            ).toutes
            r.choix = [{"pk": p.pk, "libelle": _libelle_personne(p)} for p in sosies]
            choisi = str(self.decisions.get(r.decision, ""))
            r.choisi = choisi
            if sosies and choisi != NOUVELLE:
                par_pk = {str(p.pk): p for p in sosies}
                if choisi in par_pk or (len(sosies) == 1 and self.rattacher_si_un_seul):
                    participant = par_pk.get(choisi) or sosies[0]
                    r.note = f"rattachée à la personne connue : {_libelle_personne(participant)}"
                else:
                    raise Refus(
                        "identifiant",
                        "ressemble à une personne connue du PLIE : choisissez dans l'aperçu de la rattacher à "
                        "cette personne ou d'en créer une nouvelle",
                    )
            else:
                if sosies:
                    r.note = "nouvelle personne, bien qu'elle ressemble à une personne connue"
                nouvelle = NouvellePersonne(donnees, [p.pk for p in sosies], r)
                self.dans_le_fichier[GenreCorrespondance.PERSONNE][identifiant] = nouvelle
                self.lignes_du_fichier[(GenreCorrespondance.PERSONNE, identifiant)] = r
                r.statut = A_CREER
                return
        r.participant = participant.pk
        comparees = self._lues(donnees)
        if r.note.startswith("rattachée"):  # a look-alike, not the old tool's id: the base's identity stays
            comparees = {k: v for k, v in comparees.items() if k not in IDENTITE}
        differences = _differences(participant, comparees)
        if differences:
            parcours_services.participant_modifier(participant=participant, **differences)
            r.statut = A_METTRE_A_JOUR
            r.note = "; ".join(filter(None, [r.note, _note_modifies(Participant, differences)]))
        self._lier(GenreCorrespondance.PERSONNE, identifiant, participant.pk, r)

    def _quartier(self, nom: str, commune):
        if not nom:
            return None
        referentiel = self.quartiers.get(commune.pk if commune else None)
        if referentiel is None:
            raise Refus("quartier", f"la commune {commune} n'a pas de quartier au référentiel : « {nom} »")
        try:
            return referentiel.trouver(nom)
        except ValeurInvalide as erreur:
            raise Refus("quartier", str(erreur)) from None

    def _parcours(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._parcours_ecrire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PARCOURS, identifiant, r)
            raise

    def _parcours_ecrire(self, identifiant: str, v: dict, r: Resultat) -> None:
        personne = self._reference(GenreCorrespondance.PERSONNE, v["personne"], "personne", "personne")
        prescription_id = self._reference(
            GenreCorrespondance.PRESCRIPTION, v["prescription"], "prescription", "prescription"
        )
        nouvelle = personne if isinstance(personne, NouvellePersonne) else None
        if nouvelle and nouvelle.participant_id:
            personne, nouvelle = nouvelle.participant_id, None
        commune_personne = nouvelle.donnees["commune"] if nouvelle else Participant.objects.get(pk=personne).commune
        situation = {k: v.get(k, _VIDE.get(k, False)) for k in CHAMPS_SITUATION}
        situation["commune"] = v.get("commune") or commune_personne
        situation["quartier"] = self._quartier(v.get("quartier", ""), situation["commune"])
        situation["niveau_formation"] = v.get("niveau_formation") or NiveauFormation.INCONNU
        criteres = v.get("criteres", [])
        parcours = self._existant(GenreCorrespondance.PARCOURS, identifiant, Parcours)
        if parcours is None:
            prescription = Prescription.objects.get(pk=prescription_id)
            parcours = parcours_services.entree_enregistrer(
                prescription=prescription,
                participant=None if nouvelle else Participant.objects.get(pk=personne),
                nouvelle_personne=nouvelle.donnees if nouvelle else None,
                ressemblances_vues=nouvelle.vues if nouvelle else (),
                date_entree=v["date_entree"],
                criteres=criteres,
                par=self.par,
                **situation,
            )
            r.statut = A_CREER
            if nouvelle:
                nouvelle.participant_id = parcours.participant_id
                nouvelle.resultat.participant = parcours.participant_id
                self._lier(GenreCorrespondance.PERSONNE, v["personne"], parcours.participant_id, nouvelle.resultat)
            self.entrees_attendues.pop(v["prescription"], None)
        else:
            situation = self._lues(situation)
            differences = _differences(parcours, {"date_entree": v["date_entree"], **situation})
            actuels = list(parcours.criteres.exclude(code__in=eligibilite.DERIVES))
            if "criteres" in self.colonnes_lues:
                codes = {c.code for c in criteres} - set(eligibilite.DERIVES)
                if codes != {c.code for c in actuels}:
                    differences["criteres"] = criteres
            else:
                criteres = actuels
            if differences:
                parcours_services.entree_corriger(
                    parcours=parcours, date_entree=v["date_entree"], criteres=criteres, **situation
                )
                r.statut = A_METTRE_A_JOUR
                r.note = _note_modifies(Parcours, differences)
        r.participant = parcours.participant_id
        # Only what the import brought is « reprise »: a parcours entered here and corrected by a file goes back to
        # the commission, as the correction service decided.
        if r.statut == A_CREER:
            self.crees.add(parcours.pk)
        if r.statut == A_CREER or (r.statut != IDENTIQUE and parcours.entree_commission == StatutCommission.REPRISE):
            self._repris(parcours.pk, "entree")
        self._lier(GenreCorrespondance.PARCOURS, identifiant, parcours.pk, r)

    def _parcours_de(self, v: dict, r: Resultat) -> Parcours:
        pk = self._reference(GenreCorrespondance.PARCOURS, v["parcours"], "parcours", "parcours")
        parcours = Parcours.objects.get(pk=pk)
        r.participant = parcours.participant_id
        return parcours

    def _transfert(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        referent_id = self._reference(GenreCorrespondance.REFERENT, v["referent"], "referent", "référent")
        if AffectationReferent.objects.filter(
            parcours=parcours, date_debut=v["date"], referent_id=referent_id
        ).exists():
            return
        parcours_services.parcours_transferer(
            parcours=parcours, referent=Referent.objects.get(pk=referent_id), date=v["date"], par=self.par
        )
        r.statut = A_CREER

    def _element(self, genre: str, modele_, v: dict, r: Resultat, donnees: dict) -> None:
        identifiant = v["identifiant"]
        parcours = self._parcours_de(v, r)
        element = self._existant(genre, identifiant, modele_)
        donnees = {"parcours": parcours, **donnees}
        if element is None:
            element = parcours_services.element_enregistrer(element=modele_(**donnees))
            r.statut = A_CREER
        elif _appliquer(element, self._lues(donnees), r):
            parcours_services.element_enregistrer(element=element)
        self._lier(genre, identifiant, element.pk, r)

    def _etape(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, _VIDE.get(k, "")) for k in CHAMPS_ETAPE}
        if donnees["date_fin"] and not donnees["issue"]:
            donnees["issue"] = IssueEtape.TERMINEE
            r.note = "issue non renseignée : « Terminée »"
        donnees["operation"] = None
        if v.get("operation"):
            donnees["operation"] = self._operation(v.get("annee_operation") or v["date_debut"].year, v["operation"])
        self._element(GenreCorrespondance.ETAPE, Etape, v, r, donnees)

    def _veille(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k) for k in CHAMPS_VEILLE}
        self._element(GenreCorrespondance.VEILLE, Veille, v, r, donnees)

    def _entretien(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, _VIDE.get(k)) for k in CHAMPS_ENTRETIEN}
        self._element(GenreCorrespondance.ENTRETIEN, Entretien, v, r, donnees)

    def _sortie(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        commentaire = v.get("commentaire", "")
        exception = None
        if v.get("exception"):
            exception = parcours_services.Exception_(justification=v["exception"], source=self.source, par=self.par)
        actuel = (parcours.date_sortie, parcours.motif_sortie_id, parcours.commentaire_sortie)
        if actuel == (v["date_sortie"], v["motif"].pk, commentaire):
            pass
        elif parcours.date_sortie is None:
            parcours_services.sortie_enregistrer(
                parcours=parcours,
                date_sortie=v["date_sortie"],
                motif=v["motif"],
                commentaire=commentaire,
                exception=exception,
            )
            r.statut = A_CREER
        else:
            parcours_services.sortie_corriger(
                parcours=parcours,
                date_sortie=v["date_sortie"],
                motif=v["motif"],
                commentaire=commentaire,
                par=self.par,
                exception=exception,
            )
            r.statut = A_METTRE_A_JOUR
        exception_ = ExceptionReprise.objects.filter(parcours=parcours).first()
        if exception_:
            r.exception = True
            r.note = f"reprise sous exception ({exception_.get_regle_display().lower()}) : {exception_.message}"
        repris = parcours.pk in self.crees or StatutCommission.REPRISE in (
            parcours.entree_commission,
            parcours.sortie_commission,
        )
        if r.statut != IDENTIQUE and repris:
            self._repris(parcours.pk, "sortie")

    def _operation(self, annee: int, intitule: str):
        referentiel = self.operations.get(annee)
        if referentiel is None:
            raise Refus("operation", f"aucune opération n'est programmée en {annee}")
        try:
            return referentiel.trouver(intitule)
        except ValeurInvalide as erreur:
            raise Refus("operation", f"{erreur} (programmation {annee})") from None

    def _donnees_fse(self) -> None:
        """After every parcours and its content: the participations of the parcours the sheet names are derived
        from the record as it now stands, then each row's answers go through the FSE services."""
        rangees = self._rangees(modele.FSE)
        if not rangees:
            return
        parcours_ids = set()
        for _numero, cellules in rangees:
            identifiant = texte(cellules["parcours"].valeur) if "parcours" in cellules else ""
            pk = self.dans_le_fichier[GenreCorrespondance.PARCOURS].get(identifiant) or self._connu(
                GenreCorrespondance.PARCOURS, identifiant
            )
            if isinstance(pk, int):
                parcours_ids.add(pk)
        if parcours_ids:
            synchroniser(parcours_ids=sorted(parcours_ids))
        self.operations_fse = set(operations_fse().values_list("pk", flat=True))
        self._lignes(modele.FSE, self._fse, rangees)

    def _fse(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        operation = self._operation(v["annee_operation"], v["operation"])
        if operation.pk not in self.operations_fse:
            raise Refus(
                "operation", f"l'opération « {operation.intitule} » ({operation.annee}) n'est pas financée par le FSE"
            )
        participation = Participation.objects.filter(parcours=parcours, operation=operation).first()
        if participation is None:
            raise Refus(
                "",
                f"le dossier ne donne aucune participation du parcours « {v['parcours']} » à l'opération "
                f"« {operation.intitule} » ({operation.annee}) : vérifiez ses référents et ses étapes",
            )
        deja = self.participations_lues.get(participation.pk)
        if deja is not None:
            raise Refus("", f"participation déjà renseignée ({deja.feuille}, ligne {deja.ligne})")
        self.participations_lues[participation.pk] = r
        if self.par is None or not fse_services.peut_renseigner(participation, self.par):
            raise Refus("", "les données FSE s'importent au nom d'un compte de la structure d'animation")
        crees, modifies = [], []
        entree = {k: v.get(k, "") for k in CHAMPS_FSE_ENTREE}
        if any(entree.values()):  # the entry answers go together (the service says which one is missing)
            actuelle = DonneesEntree.objects.filter(participation=participation).first()
            if actuelle is None or _differences(actuelle, entree):
                fse_services.donnees_entree_enregistrer(participation=participation, par=self.par, **entree)
                (crees if actuelle is None else modifies).append("données à l'entrée")
        if v.get("date_situation"):  # no date: no exit data
            sortie = {k: v.get(k, False) for k in CHAMPS_FSE_SORTIE}
            actuelle = DonneesSortie.objects.filter(participation=participation).first()
            if actuelle is None or _differences(actuelle, sortie):
                participant = parcours.participant  # the contact the six-month survey needs: the record's
                fse_services.donnees_sortie_enregistrer(
                    participation=participation,
                    par=self.par,
                    telephone=participant.telephone,
                    email=participant.email,
                    **sortie,
                )
                (crees if actuelle is None else modifies).append("données à la sortie")
        if modifies:
            r.statut = A_METTRE_A_JOUR
            r.note = "modifié : " + ", ".join(modifies)
        elif crees:
            r.statut = A_CREER

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


GENRES = {
    modele.REFERENTS: GenreCorrespondance.REFERENT,
    modele.PRESCRIPTIONS: GenreCorrespondance.PRESCRIPTION,
    modele.PERSONNES: GenreCorrespondance.PERSONNE,
    modele.PARCOURS: GenreCorrespondance.PARCOURS,
}
# Columns read against a list of choices: empty is "" (Django's blank choice), not None.
CHOIX = {"sexe", "nationalite", "niveau_formation", "situation_emploi", "statut", "issue", "type_entretien"}
CHOIX |= {"mode_entretien", "genre_fse", "reponse_fse"}


def _sur_la_feuille(liste: tuple[str, ...], feuille: modele.Feuille, *, a_part=()) -> tuple[str, ...]:
    """The fields of a record (``parcours.champs``) its sheet has a column for, but those read ``a_part`` (a
    quartier found in its commune's referential, an operation in its year's)."""
    colonnes = {c.cle for c in feuille.colonnes}
    return tuple(c for c in liste if c in colonnes and c not in a_part)


class _Annuler(Exception):
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
_VIDE = {
    "date_naissance": None,
    "sexe": "",
    "commune": None,
    "date_inscription_france_travail": None,
    "date_contrat_engagement": None,
    "date_information_rgpd": None,
    "date_fin_prevue": None,
    "date_fin": None,
    "heures_hebdo": None,
    "temps_partiel_accepte": False,
    "emargement_signe": False,
    "issue": "",
}
# The services' field names whose column has another key.
CHAMPS = {"motif_sortie": "motif", "date_sortie": "date_sortie", NON_FIELD_ERRORS: ""}


def _valeur_comparable(valeur):
    return getattr(valeur, "pk", valeur)


NOMS = ("nom", "nom_naissance", "prenom")  # « LEFEVRE » is « Lefèvre »: the base's spelling stays


def _differences(objet, donnees: dict) -> dict:
    """The fields of ``donnees`` whose value differs from the record's (names ignoring case and accents)."""
    differences = {}
    for champ, valeur in donnees.items():
        actuel = getattr(objet, f"{champ}_id") if hasattr(objet, f"{champ}_id") else getattr(objet, champ)
        if champ in NOMS and isinstance(objet, Participant | Prescription) and cle(actuel) == cle(valeur or ""):
            continue
        if _valeur_comparable(actuel) != _valeur_comparable(valeur) and not (vide(actuel) and vide(valeur)):
            differences[champ] = valeur
    return differences


def _appliquer(objet, donnees: dict, r: Resultat) -> bool:
    differences = _differences(objet, donnees)
    for champ, valeur in differences.items():
        setattr(objet, champ, valeur)
    if differences:
        r.statut = A_METTRE_A_JOUR
        r.note = "; ".join(filter(None, [r.note, _note_modifies(type(objet), differences)]))
    return bool(differences)


def _note_modifies(modele_, differences: dict) -> str:
    noms = []
    for champ in differences:
        try:
            noms.append(str(modele_._meta.get_field(champ).verbose_name))
        except Exception:  # noqa: BLE001 (a key that is not a field)
            noms.append(champ)
    return "modifié : " + ", ".join(noms)


def _libelle_personne(participant: Participant) -> str:
    naissance = f", née le {participant.date_naissance:%d/%m/%Y}" if participant.sexe == "f" else ""
    if participant.sexe != "f" and participant.date_naissance:
        naissance = f", né le {participant.date_naissance:%d/%m/%Y}"
    return f"{participant}{naissance} ({participant.commune})"


def _messages(erreur: ValidationError):
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.message_dict.items():
            for message in erreurs:
                yield champ, message
    else:
        for message in erreur.messages:
            yield "", message


def _nom_colonne(feuille: modele.Feuille, cle_: str) -> str:
    return next((c.nom for c in feuille.colonnes if c.cle == cle_), "")


def _ordre_feuille(nom: str) -> int:
    return next(i for i, f in enumerate(modele.FEUILLES) if f.nom == nom)


def _cle_date(cellules: dict[str, Cellule], cle_: str):
    try:
        quand = date(cellules[cle_].valeur) if cle_ in cellules else None
    except ValeurInvalide:
        quand = None
    return quand or datetime.date.min
