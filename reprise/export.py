"""The base exported in the import's own template, so that it can be imported again (into another base, or into
this one: each record keeps its identifier, the old tool's or ``plie-<genre>-<pk>``). Built with pandas from one
query per sheet; written by the formula-safe writer of plie/fichiers.py. Anonymised people are not exported."""

import datetime

import pandas as pd
from django.db.models import Exists, OuterRef, Q

from agenda import temps
from agenda.enums import FEUILLES_PROBANTES, StatutActivite, StatutEtatTemps, StatutFeuille
from agenda.models import Activite, CategorieActivite, EtatTemps
from fse.enums import Genre, Reponse
from fse.models import Participation
from parcours import eligibilite
from parcours.enums import (
    IssueEtape,
    ModeEntretien,
    SituationEmploi,
    StatutCommission,
    StatutPrescription,
    TypeEntretien,
)
from parcours.models import (
    AffectationReferent,
    DerogationSenior,
    Entretien,
    Etape,
    ExceptionReprise,
    Parcours,
    Prescription,
    Veille,
)
from participants.enums import Nationalite, NiveauFormation, Sexe
from participants.models import Participant, Referent, ReferentEtp
from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets
from programmation.models import Operation
from reprise import modele
from reprise.lisez_moi import ajouter_lisez_moi
from reprise.models import Correspondance, GenreCorrespondance
from reprise.valeurs import texte

G = GenreCorrespondance


class Identifiants:
    """The identifier each exported record carries; those the base did not have yet are recorded, so that the
    exported file, imported again here, updates instead of duplicating."""

    def __init__(self):
        self.par_genre: dict[str, dict[int, str]] = {g: {} for g in G.values}
        for genre, identifiant, objet_id in Correspondance.objects.order_by("pk").values_list(
            "genre", "identifiant", "objet_id"
        ):
            self.par_genre[genre].setdefault(objet_id, identifiant)
        self.nouvelles: list[Correspondance] = []

    def de(self, genre: str, pk) -> str:
        if pk is None or pd.isna(pk):
            return ""
        pk = int(pk)
        connus = self.par_genre[genre]
        if pk not in connus:
            connus[pk] = f"plie-{genre}-{pk}"
            self.nouvelles.append(Correspondance(genre=genre, identifiant=connus[pk], objet_id=pk))
        return connus[pk]

    def enregistrer(self) -> None:
        Correspondance.objects.bulk_create(self.nouvelles, batch_size=1000, ignore_conflicts=True)


def _libelles(enum) -> dict:
    return {valeur: str(libelle) for valeur, libelle in enum.choices}


# An entretien exported « émargement signé »: a sheet held, or declared (imported back: declared, without the piece).
SIGNEES = (*FEUILLES_PROBANTES, StatutFeuille.DECLAREE)


def _oui(valeur) -> str:
    return "oui" if valeur else "non"


def _tableau(qs, champs: list[str]) -> pd.DataFrame:
    """One query; every cell a Python value (None where the base has nothing, never NaN)."""
    tableau = pd.DataFrame.from_records(list(qs.values_list(*champs)), columns=champs).astype(object)
    return tableau.where(tableau.notna(), None)


def _date(valeur):
    if valeur is None or (not isinstance(valeur, datetime.date) and pd.isna(valeur)):
        return None
    return valeur


def _donnees_fse(parcours_qs, ids: Identifiants) -> list[list]:
    """The participations that hold answers; the participation itself is derived again from the record."""
    genres, reponses = _libelles(Genre), _libelles(Reponse)
    participations = _tableau(
        Participation.objects.filter(parcours__in=parcours_qs)
        .filter(Q(donnees_entree__isnull=False) | Q(donnees_sortie__isnull=False))
        .order_by("parcours_id", "operation__annee", "operation__intitule", "pk"),
        [
            "parcours_id",
            "operation__annee",
            "operation__intitule",
            "donnees_entree__genre",
            "donnees_entree__sans_domicile",
            "donnees_entree__origine_etrangere",
            "donnees_entree__minorite",
            "donnees_sortie__date_situation",
            "donnees_sortie__recherche_emploi",
            "donnees_sortie__formation",
            "donnees_sortie__qualification",
            "donnees_sortie__emploi",
        ],
    )
    lignes = []
    for p in participations.to_dict("records"):
        sortie = _date(p["donnees_sortie__date_situation"])
        lignes.append(
            [
                ids.de(G.PARCOURS, p["parcours_id"]),
                int(p["operation__annee"]),
                p["operation__intitule"],
                genres.get(p["donnees_entree__genre"], ""),
                reponses.get(p["donnees_entree__sans_domicile"], ""),
                reponses.get(p["donnees_entree__origine_etrangere"], ""),
                reponses.get(p["donnees_entree__minorite"], ""),
                sortie,
                *(
                    _oui(p[f"donnees_sortie__{champ}"]) if sortie else None
                    for champ in ("recherche_emploi", "formation", "qualification", "emploi")
                ),
            ]
        )
    return lignes


def _referents(ids: Identifiants) -> list[list]:
    """The Référents sheet."""
    referents = _tableau(
        Referent.objects.order_by("pk"), ["pk", "prenom", "nom", "email", "telephone", "structure__nom"]
    )
    return [
        [ids.de(G.REFERENT, r.pk), r.prenom, r.nom, r.email, r.telephone, r.structure__nom]
        for r in referents.itertuples()
    ]


def _etp(ids: Identifiants) -> list[list]:
    """The ETP sheet: each référent's full-time equivalents from their dates."""
    etp = _tableau(ReferentEtp.objects.order_by("referent_id", "date_debut"), ["referent_id", "date_debut", "etp"])
    return [[ids.de(G.REFERENT, e.referent_id), e.date_debut, float(e.etp)] for e in etp.itertuples()]


def _prescriptions(ids: Identifiants) -> list[list]:
    """The Prescriptions sheet (but those of anonymised people)."""
    sexes = _libelles(Sexe)
    statuts = _libelles(StatutPrescription)
    prescriptions = _tableau(
        Prescription.objects.exclude(participant__anonymise_le__isnull=False).order_by("pk"),
        [
            "pk",
            "date_prescription",
            "prescripteur__nom",
            "nom",
            "prenom",
            "date_naissance",
            "sexe",
            "telephone",
            "email",
            "commune__nom",
            "observations",
            "referent_id",
            "date_preaffectation",
            "statut",
            "date_decision",
            "motif_non_entree__libelle",
            "commentaire_decision",
        ],
    )
    return [
        [
            ids.de(G.PRESCRIPTION, p.pk),
            p.date_prescription,
            p.prescripteur__nom,
            p.nom,
            p.prenom,
            _date(p.date_naissance),
            sexes.get(p.sexe, ""),
            p.telephone,
            p.email,
            texte(p.commune__nom),
            p.observations,
            ids.de(G.REFERENT, p.referent_id),
            _date(p.date_preaffectation),
            statuts[p.statut],
            _date(p.date_decision) if p.statut == StatutPrescription.NON_ENTREE else None,
            texte(p.motif_non_entree__libelle),
            p.commentaire_decision,
        ]
        for p in prescriptions.itertuples()
    ]


def _personnes(ids: Identifiants) -> tuple[list[list], list[int]]:
    """The Personnes sheet (the people with a parcours, but the anonymised ones), and who they are."""
    exportables = Participant.objects.filter(anonymise_le__isnull=True)
    sexes, nationalites = _libelles(Sexe), _libelles(Nationalite)
    personnes = _tableau(
        exportables.filter(Exists(Parcours.objects.filter(participant=OuterRef("pk")))).order_by("pk"),
        [
            "pk",
            "nom",
            "nom_naissance",
            "prenom",
            "sexe",
            "date_naissance",
            "nationalite",
            "adresse",
            "code_postal",
            "commune__nom",
            "quartier__nom",
            "telephone",
            "email",
        ],
    )
    lignes = [
        [
            ids.de(G.PERSONNE, p.pk),
            p.nom,
            p.nom_naissance,
            p.prenom,
            sexes[p.sexe],
            p.date_naissance,
            nationalites[p.nationalite],
            p.adresse,
            p.code_postal,
            p.commune__nom,
            texte(p.quartier__nom),
            p.telephone,
            p.email,
        ]
        for p in personnes.itertuples()
    ]
    return lignes, [int(pk) for pk in personnes["pk"]]


def _parcours(parcours_qs, ids: Identifiants) -> list[list]:
    """The Parcours sheet: each entry, its situation and the criteria the référent chose."""
    criteres: dict[int, list[str]] = {}
    for parcours_id, libelle in (
        Parcours.criteres.through.objects.filter(parcours__in=parcours_qs)
        .exclude(critereeligibilite__code__in=eligibilite.DERIVES)
        .order_by("critereeligibilite__serie", "critereeligibilite__ordre")
        .values_list("parcours_id", "critereeligibilite__libelle")
    ):
        criteres.setdefault(parcours_id, []).append(libelle)
    champs_situation = [c.cle for c in modele.PARCOURS.colonnes[7:] if c.cle != "criteres"]
    parcours = _tableau(
        parcours_qs,
        ["pk", "participant_id", "prescription_id", "date_entree", "commune__nom", "quartier__nom", "niveau_formation"]
        + champs_situation,
    )
    niveaux, situations = _libelles(NiveauFormation), _libelles(SituationEmploi)
    lignes = []
    for p in parcours.to_dict("records"):
        ligne = [
            ids.de(G.PARCOURS, p["pk"]),
            ids.de(G.PERSONNE, p["participant_id"]),
            ids.de(G.PRESCRIPTION, p["prescription_id"]),
            p["date_entree"],
            p["commune__nom"],
            texte(p["quartier__nom"]),
            niveaux[p["niveau_formation"]],
        ]
        for colonne in modele.PARCOURS.colonnes[7:]:
            if colonne.cle == "criteres":
                ligne.append("; ".join(criteres.get(p["pk"], [])))
            elif colonne.lecture == modele.BOOLEEN:
                ligne.append(_oui(p[colonne.cle]))
            elif colonne.lecture == modele.DATE:
                ligne.append(_date(p[colonne.cle]))
            elif colonne.cle == "situation_emploi":
                ligne.append(situations[p[colonne.cle]])
            else:
                ligne.append(p[colonne.cle])
        lignes.append(ligne)
    return lignes


def _transferts(parcours_qs, ids: Identifiants) -> list[list]:
    """The Transferts sheet: every assignment but the first, which is the entry's."""
    affectations = _tableau(
        AffectationReferent.objects.filter(parcours__in=parcours_qs).order_by("parcours_id", "date_debut"),
        ["parcours_id", "date_debut", "referent_id"],
    )
    transferts = affectations[affectations.duplicated("parcours_id", keep="first")]  # the first is the entry
    return [
        [ids.de(G.PARCOURS, t.parcours_id), t.date_debut, ids.de(G.REFERENT, t.referent_id)]
        for t in transferts.itertuples()
    ]


def _etapes(parcours_qs, ids: Identifiants) -> list[list]:
    """The Étapes sheet."""
    issues = _libelles(IssueEtape)
    etapes = _tableau(
        Etape.objects.filter(parcours__in=parcours_qs).order_by("parcours_id", "date_debut", "pk"),
        [
            "pk",
            "parcours_id",
            "type__libelle",
            "date_debut",
            "date_fin_prevue",
            "date_fin",
            "issue",
            "employeur_organisme",
            "intitule",
            "heures_hebdo",
            "temps_partiel_accepte",
            "operation__intitule",
            "operation__annee",
            "commentaire",
        ],
    )
    return [
        [
            ids.de(G.ETAPE, e["pk"]),
            ids.de(G.PARCOURS, e["parcours_id"]),
            e["type__libelle"],
            e["date_debut"],
            _date(e["date_fin_prevue"]),
            _date(e["date_fin"]),
            issues.get(e["issue"], ""),
            e["employeur_organisme"],
            e["intitule"],
            None if e["heures_hebdo"] is None or pd.isna(e["heures_hebdo"]) else float(e["heures_hebdo"]),
            _oui(e["temps_partiel_accepte"]),
            texte(e["operation__intitule"]),
            None if pd.isna(e["operation__annee"]) else int(e["operation__annee"]),
            e["commentaire"],
        ]
        for e in etapes.to_dict("records")
    ]


def _veilles(parcours_qs, ids: Identifiants) -> list[list]:
    """The Veilles sheet."""
    veilles = _tableau(
        Veille.objects.filter(parcours__in=parcours_qs).order_by("parcours_id", "date_debut", "pk"),
        ["pk", "parcours_id", "date_debut", "date_fin_prevue", "date_fin", "motif"],
    )
    return [
        [
            ids.de(G.VEILLE, v["pk"]),
            ids.de(G.PARCOURS, v["parcours_id"]),
            v["date_debut"],
            v["date_fin_prevue"],
            _date(v["date_fin"]),
            v["motif"],
        ]
        for v in veilles.to_dict("records")
    ]


def _entretiens(parcours_qs, ids: Identifiants) -> list[list]:
    """The Entretiens sheet."""
    types_entretien, modes = _libelles(TypeEntretien), _libelles(ModeEntretien)
    entretiens = _tableau(
        Entretien.objects.filter(parcours__in=parcours_qs).order_by("parcours_id", "date", "pk"),
        ["pk", "parcours_id", "date", "type", "mode", "duree_minutes", "feuille_emargement__statut"],
    )
    return [
        [
            ids.de(G.ENTRETIEN, e.pk),
            ids.de(G.PARCOURS, e.parcours_id),
            e.date,
            types_entretien[e.type],
            modes[e.mode],
            int(e.duree_minutes),
            _oui(e.feuille_emargement__statut in SIGNEES),
        ]
        for e in entretiens.itertuples()
    ]


def _sorties(parcours_qs, ids: Identifiants) -> list[list]:
    """The Sorties sheet, with the exception or derogation that justified an exit."""
    exceptions = dict(
        ExceptionReprise.objects.filter(parcours__in=parcours_qs).values_list("parcours_id", "justification")
    )
    for parcours_id, justification in DerogationSenior.objects.filter(
        parcours__in=parcours_qs, commission=StatutCommission.VALIDEE
    ).values_list("parcours_id", "commentaire_commission"):
        exceptions.setdefault(
            parcours_id, f"Dérogation 55 ans et plus validée par la commission : {justification}".strip()
        )
    sorties = _tableau(
        parcours_qs.filter(date_sortie__isnull=False),
        ["pk", "date_sortie", "motif_sortie__libelle", "commentaire_sortie"],
    )
    return [
        [
            ids.de(G.PARCOURS, s.pk),
            s.date_sortie,
            s.motif_sortie__libelle,
            s.commentaire_sortie,
            exceptions.get(s.pk, ""),
        ]
        for s in sorties.itertuples()
    ]


def _activites(parcours_qs, ids: Identifiants) -> list[list]:
    """The Activités sheet: every référent's agenda, its participants by their parcours' identifiers."""
    statuts = _libelles(StatutActivite)
    activites = _tableau(
        Activite.objects.order_by("referent_id", "date", "pk"),
        [
            "pk",
            "referent_id",
            "categorie__libelle",
            "date",
            "debut",
            "fin",
            "duree_minutes",
            "statut",
            "operation__intitule",
            "operation__annee",
            "intitule",
        ],
    )
    inscrits: dict[int, list[str]] = {}
    lies = Activite.participants.through.objects.filter(parcours__in=parcours_qs)  # the anonymised: not exported
    for activite_id, parcours_id in lies.order_by("activite_id", "parcours_id").values_list(
        "activite_id", "parcours_id"
    ):
        inscrits.setdefault(activite_id, []).append(ids.de(G.PARCOURS, parcours_id))
    return [
        [
            ids.de(G.ACTIVITE, a.pk),
            ids.de(G.REFERENT, a.referent_id),
            a.categorie__libelle,
            a.date,
            f"{a.debut:%H:%M}" if a.debut else None,
            f"{a.fin:%H:%M}" if a.fin else None,
            None if a.debut and a.fin else int(a.duree_minutes),
            statuts[a.statut],
            a.operation__intitule,
            int(a.operation__annee) if a.operation__annee is not None else None,
            a.intitule,
            "; ".join(inscrits.get(int(a.pk), [])),
        ]
        for a in activites.itertuples()
    ]


def _temps(ids: Identifiants) -> list[list]:
    """The Temps validés sheet: each locked month's time, by operation and category, as it was validated (here or
    in the old tool)."""
    categories = dict(CategorieActivite.objects.values_list("libelle", "avec_participants"))
    operations = dict(Operation.objects.values_list("pk", "intitule"))
    etats = EtatTemps.objects.filter(statut=StatutEtatTemps.VERROUILLE).filter(releve_valide__isnull=False)
    lignes = []
    for etat in etats.order_by("referent_id", "annee", "mois"):
        releve = etat.releve_valide
        repris = {(v["operation_id"], v["categorie"]): v["participants"] for v in releve.get("repris", [])}
        for valeurs in releve["lignes"]:
            for categorie, minutes in valeurs["minutes"].items():
                lie = repris.get((valeurs["operation_id"], categorie))
                if lie is None and "liees" in releve:  # validated here: as frozen then
                    lie = categorie in releve["liees"]
                elif lie is None:  # validated before the statement kept it: the categories' flags of today
                    lie = categorie == temps.ENTRETIENS or categories.get(categorie, False)
                lignes.append(
                    [
                        ids.de(G.REFERENT, etat.referent_id),
                        etat.annee,
                        etat.mois,
                        operations.get(valeurs["operation_id"]),
                        categorie,
                        round(minutes / 60, 4),  # 20 minutes: 0,3333 h, read back as 20 minutes
                        _oui(lie),
                    ]
                )
    return lignes


def exporter() -> tuple[bytes, list[int]]:
    """The workbook, and the people it holds (for the journal)."""
    ids = Identifiants()
    parcours_qs = Parcours.objects.filter(participant__anonymise_le__isnull=True).order_by("pk")
    personnes, exportees = _personnes(ids)
    feuilles = {
        modele.REFERENTS.nom: _referents(ids),
        modele.ETP.nom: _etp(ids),
        modele.PRESCRIPTIONS.nom: _prescriptions(ids),
        modele.PERSONNES.nom: personnes,
        modele.PARCOURS.nom: _parcours(parcours_qs, ids),
        modele.TRANSFERTS.nom: _transferts(parcours_qs, ids),
        modele.ETAPES.nom: _etapes(parcours_qs, ids),
        modele.VEILLES.nom: _veilles(parcours_qs, ids),
        modele.ENTRETIENS.nom: _entretiens(parcours_qs, ids),
        modele.SORTIES.nom: _sorties(parcours_qs, ids),
        modele.FSE.nom: _donnees_fse(parcours_qs, ids),
        modele.ACTIVITES.nom: _activites(parcours_qs, ids),
        modele.TEMPS.nom: _temps(ids),
    }
    classeur = publicite.classeur("Données du PLIE au format du modèle d'import")
    ajouter_lisez_moi(classeur)
    for feuille in modele.FEUILLES:
        ajouter_feuille(
            classeur,
            feuille.nom,
            [c.nom for c in feuille.colonnes],
            feuilles[feuille.nom],
            colonnes_dates=[i for i, c in enumerate(feuille.colonnes) if c.lecture == modele.DATE],
        )
    ids.enregistrer()
    return classeur_en_octets(classeur), exportees
