"""The import template: its sheets and columns, in one place. The downloadable model, its « Lisez-moi » sheet, the
reader, the engine, the export and docs/import.md all follow this definition."""

from dataclasses import dataclass, field

from reprise.valeurs import cle

# How a column is read (reprise/valeurs.py and reprise/moteur/passe.py).
TEXTE, DATE, HEURE, DECIMAL, ENTIER, BOOLEEN = "texte", "date", "heure", "decimal", "entier", "booleen"
PARCOURS_LISTE = "parcours_liste"  # identifiers of parcours, separated by « ; »


@dataclass(frozen=True)
class Colonne:
    nom: str  # the header, as in the template (matched ignoring case and accents)
    cle: str  # the key the engine reads
    lecture: str = TEXTE  # TEXTE, DATE, HEURE, DECIMAL, ENTIER, BOOLEEN, PARCOURS_LISTE, or a referential's name
    obligatoire: bool = False
    aide: str = ""
    exemple: str = ""


@dataclass(frozen=True)
class Feuille:
    nom: str
    aide: str
    colonnes: tuple[Colonne, ...]
    facultative: bool = False
    cles: tuple[str, ...] = field(default=())  # the columns that identify a row

    def colonne(self, cle_: str) -> Colonne:
        return next(c for c in self.colonnes if c.cle == cle_)

    @property
    def obligatoires(self) -> list[Colonne]:
        return [c for c in self.colonnes if c.obligatoire]


def _c(nom, cle_, lecture=TEXTE, *, obligatoire=False, aide="", exemple=""):
    return Colonne(nom, cle_, lecture, obligatoire, aide, exemple)


ID_REFERENT = _c(
    "identifiant référent",
    "referent",
    "ref_referent",
    obligatoire=True,
    aide="Identifiant du référent dans l'ancien outil.",
    exemple="R012",
)
ID_PARCOURS = _c(
    "identifiant parcours",
    "parcours",
    "ref_parcours",
    obligatoire=True,
    aide="Identifiant du parcours (feuille Parcours).",
    exemple="P0457",
)
BOOLEEN_AIDE = "oui ou non (vide : non)."

REFERENTS = Feuille(
    "Référents",
    "Les référents de parcours, un par ligne.",
    (
        _c(
            "identifiant référent",
            "identifiant",
            obligatoire=True,
            aide="Identifiant dans l'ancien outil.",
            exemple="R012",
        ),
        _c("prénom", "prenom", obligatoire=True, exemple="Claire"),
        _c("nom", "nom", obligatoire=True, exemple="Martin"),
        _c("adresse électronique", "email", exemple="claire.martin@exemple.fr"),
        _c("téléphone", "telephone", exemple="03 80 00 00 00"),
        _c(
            "structure porteuse",
            "structure",
            "structure",
            obligatoire=True,
            aide="Libellé d'une structure porteuse du PLIE.",
            exemple="Maison de l'emploi",
        ),
    ),
    cles=("identifiant",),
)
ETP = Feuille(
    "ETP des référents",
    "L'historique des ETP : une ligne par changement ; un ETP de 0 marque un départ.",
    (
        ID_REFERENT,
        _c("à partir du", "date_debut", DATE, obligatoire=True, exemple="01/01/2015"),
        _c("ETP", "etp", DECIMAL, obligatoire=True, aide="Entre 0 et 1, virgule décimale acceptée.", exemple="0,8"),
    ),
    cles=("referent", "date_debut"),
)
PRESCRIPTIONS = Feuille(
    "Prescriptions",
    "Les prescriptions reçues, entrées ou non. Une prescription « entrée » a son parcours dans la feuille Parcours.",
    (
        _c("identifiant prescription", "identifiant", obligatoire=True, exemple="PR2016-0042"),
        _c("date de prescription", "date_prescription", DATE, obligatoire=True, exemple="12/09/2016"),
        _c(
            "prescripteur",
            "prescripteur",
            "prescripteur",
            obligatoire=True,
            aide="Nom d'un prescripteur du PLIE.",
            exemple="France Travail Dijon Nord",
        ),
        _c("nom", "nom", obligatoire=True, exemple="Durand"),
        _c("prénom", "prenom", obligatoire=True, exemple="Karim"),
        _c("date de naissance", "date_naissance", DATE, exemple="03/04/1980"),
        _c("sexe", "sexe", "sexe", aide="Femme ou Homme.", exemple="Homme"),
        _c("téléphone", "telephone", exemple="06 00 00 00 00"),
        _c("adresse électronique", "email"),
        _c("commune", "commune", "commune", aide="Nom ou code INSEE d'une commune du référentiel.", exemple="Dijon"),
        _c("observations du prescripteur", "observations"),
        _c(
            "référent pré-affecté",
            "referent",
            "ref_referent",
            aide="Identifiant du référent (feuille Référents).",
            exemple="R012",
        ),
        _c(
            "date de pré-affectation",
            "date_preaffectation",
            DATE,
            aide="Vide : la date de prescription.",
            exemple="15/09/2016",
        ),
        _c(
            "décision",
            "statut",
            "statut",
            aide="En attente, Entrée ou Non-entrée (vide : en attente).",
            exemple="Entrée",
        ),
        _c(
            "date de décision",
            "date_decision",
            DATE,
            aide="Pour une non-entrée ; celle d'une entrée est sa date d'entrée.",
        ),
        _c(
            "motif de non-entrée",
            "motif_non_entree",
            "motif_non_entree",
            aide="Pour une non-entrée : un motif du référentiel.",
        ),
        _c("commentaire de la décision", "commentaire_decision"),
    ),
    cles=("identifiant",),
)
PERSONNES = Feuille(
    "Personnes",
    "Les personnes entrées au PLIE, une par ligne, avec leurs coordonnées actuelles. Chaque personne a au moins un "
    "parcours dans la feuille Parcours. Une personne qui ressemble à une personne déjà connue (nom et date de "
    "naissance) lui est rattachée, ou créée, selon votre choix dans l'aperçu.",
    (
        _c("identifiant personne", "identifiant", obligatoire=True, exemple="I00871"),
        _c("nom", "nom", obligatoire=True, exemple="Durand"),
        _c("nom de naissance", "nom_naissance"),
        _c("prénom", "prenom", obligatoire=True, exemple="Karim"),
        _c("sexe", "sexe", "sexe", obligatoire=True, aide="Femme ou Homme.", exemple="Homme"),
        _c("date de naissance", "date_naissance", DATE, obligatoire=True, exemple="03/04/1980"),
        _c(
            "nationalité",
            "nationalite",
            "nationalite",
            obligatoire=True,
            aide="Française, Union européenne ou Hors Union européenne.",
            exemple="Française",
        ),
        _c("adresse", "adresse", exemple="12 rue des Lilas"),
        _c("code postal", "code_postal", exemple="21000"),
        _c("commune", "commune", "commune", obligatoire=True, exemple="Dijon"),
        _c("quartier", "quartier", "quartier", aide="Un quartier de la commune (QPV ou de veille), ou vide."),
        _c("téléphone", "telephone"),
        _c("adresse électronique", "email"),
    ),
    cles=("identifiant",),
)
PARCOURS = Feuille(
    "Parcours",
    "Les parcours, un par ligne : l'entrée et la situation à l'entrée. Le référent d'entrée est le référent "
    "pré-affecté de la prescription ; les changements suivent dans la feuille Transferts, la sortie dans Sorties.",
    (
        _c("identifiant parcours", "identifiant", obligatoire=True, exemple="P0457"),
        _c(
            "identifiant personne",
            "personne",
            "ref_personne",
            obligatoire=True,
            aide="Feuille Personnes.",
            exemple="I00871",
        ),
        _c(
            "identifiant prescription",
            "prescription",
            "ref_prescription",
            obligatoire=True,
            aide="Feuille Prescriptions : sa décision est « Entrée ».",
            exemple="PR2016-0042",
        ),
        _c("date d'entrée", "date_entree", DATE, obligatoire=True, exemple="03/10/2016"),
        _c("commune à l'entrée", "commune", "commune", aide="Vide : la commune de la personne.", exemple="Dijon"),
        _c("quartier à l'entrée", "quartier", "quartier", aide="Vide : aucun."),
        _c(
            "niveau de formation",
            "niveau_formation",
            "niveau_formation",
            aide="Niveau 1 à 8 de la nomenclature de 2019, « Diplôme étranger non reconnu en France », ou vide "
            "(inconnu) : libellés acceptés en fin de feuille.",
            exemple="Niveau 3 — CAP, BEP",
        ),
        _c(
            "situation sur le marché du travail",
            "situation_emploi",
            "situation_emploi",
            obligatoire=True,
            aide="Demandeur d'emploi, Inactif ou En emploi.",
            exemple="Demandeur d'emploi",
        ),
        _c("inscrit à France Travail", "inscrit_france_travail", BOOLEEN, aide=BOOLEEN_AIDE, exemple="oui"),
        _c("inscrit depuis le", "date_inscription_france_travail", DATE),
        _c("demandeur d'emploi de longue durée", "chomeur_longue_duree", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("bénéficiaire du RSA", "rsa", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("bénéficiaire de l'ASS", "ass", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("bénéficiaire de l'AAH", "aah", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("RQTH", "rqth", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("parent isolé", "parent_isole", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("problème de mobilité", "probleme_mobilite", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("problème de logement", "probleme_logement", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("sous main de justice", "mesure_justice", BOOLEEN, aide=BOOLEEN_AIDE),
        _c(
            "critères d'éligibilité",
            "criteres",
            "criteres",
            aide="Libellés du référentiel séparés par « ; ». La résidence et l'autorisation de travailler se "
            "déduisent du dossier.",
            exemple="Bénéficiaire de minima sociaux (RSA…); Qualification insuffisante ou inadaptée",
        ),
        _c("contrat d'engagement signé le", "date_contrat_engagement", DATE),
        _c("notice RGPD remise le", "date_information_rgpd", DATE),
        _c("informé du cofinancement FSE+ le", "date_information_fse", DATE),
    ),
    cles=("identifiant",),
)
TRANSFERTS = Feuille(
    "Transferts",
    "Les changements de référent en cours de parcours, du plus ancien au plus récent.",
    (
        ID_PARCOURS,
        _c("date du transfert", "date", DATE, obligatoire=True, exemple="01/03/2017"),
        _c(
            "nouveau référent",
            "referent",
            "ref_referent",
            obligatoire=True,
            aide="Identifiant du référent (feuille Référents).",
            exemple="R007",
        ),
    ),
    cles=("parcours", "date"),
)
ETAPES = Feuille(
    "Étapes",
    "Les étapes des parcours : emplois, formations, actions.",
    (
        _c("identifiant étape", "identifiant", obligatoire=True, exemple="E10233"),
        ID_PARCOURS,
        _c(
            "type d'étape",
            "type",
            "type_etape",
            obligatoire=True,
            aide="Un type d'étape du référentiel.",
            exemple="Contrat long (CDI / CDD 6 mois et plus)",
        ),
        _c("début", "date_debut", DATE, obligatoire=True, exemple="02/01/2017"),
        _c("fin prévue", "date_fin_prevue", DATE),
        _c("fin réelle", "date_fin", DATE),
        _c(
            "issue",
            "issue",
            "issue",
            aide="Pour une étape terminée : Terminée, Abandon, Rupture de contrat, Embauche ou Autre.",
        ),
        _c("employeur ou organisme", "employeur_organisme"),
        _c("poste ou intitulé de l'action", "intitule"),
        _c("heures par semaine", "heures_hebdo", DECIMAL, exemple="35"),
        _c("moins de 17 h 30 acceptées", "temps_partiel_accepte", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("opération", "operation", "operation", aide="Intitulé d'une opération de la programmation."),
        _c("année de l'opération", "annee_operation", ENTIER, aide="Vide : l'année du début de l'étape."),
        _c("commentaire", "commentaire"),
    ),
    cles=("identifiant",),
)
VEILLES = Feuille(
    "Veilles",
    "Les mises en veille (deux mois au plus).",
    (
        _c("identifiant veille", "identifiant", obligatoire=True, exemple="V0031"),
        ID_PARCOURS,
        _c("début", "date_debut", DATE, obligatoire=True, exemple="01/02/2017"),
        _c("fin prévue", "date_fin_prevue", DATE, obligatoire=True, exemple="30/04/2017"),
        _c("fin réelle", "date_fin", DATE),
        _c("motif", "motif", obligatoire=True, exemple="Raisons de santé"),
    ),
    cles=("identifiant",),
)
ENTRETIENS = Feuille(
    "Entretiens",
    "Facultative : les entretiens (sans leurs notes).",
    (
        _c("identifiant entretien", "identifiant", obligatoire=True, exemple="ENT55012"),
        ID_PARCOURS,
        _c("date", "date", DATE, obligatoire=True, exemple="14/11/2016"),
        _c("type", "type", "type_entretien", obligatoire=True, exemple="Entretien individuel"),
        _c("modalité", "mode", "mode_entretien", obligatoire=True, exemple="En présentiel"),
        _c("durée (minutes)", "duree_minutes", ENTIER, obligatoire=True, exemple="45"),
        _c(
            "feuille d'émargement signée",
            "emargement_signe",
            BOOLEEN,
            aide=BOOLEEN_AIDE + " Oui : une feuille « déclarée, sans pièce » (la feuille elle-même se dépose dans "
            "le produit, ou se fait signer à l'écran).",
        ),
    ),
    facultative=True,
    cles=("identifiant",),
)
SORTIES = Feuille(
    "Sorties",
    "Les sorties, une par parcours sorti.",
    (
        ID_PARCOURS,
        _c("date de sortie", "date_sortie", DATE, obligatoire=True, exemple="30/06/2017"),
        _c(
            "motif de sortie",
            "motif",
            "motif_sortie",
            obligatoire=True,
            aide="Un motif de sortie du référentiel.",
            exemple="Formation qualifiante",
        ),
        _c("commentaire", "commentaire"),
        _c(
            "reprise sans la règle : pourquoi",
            "exception",
            aide="Pour une sortie que la règle de sortie pour emploi d'aujourd'hui refuse : pourquoi la reprendre "
            "telle quelle. Elle est alors reprise sous une exception enregistrée, visible sur le parcours.",
        ),
    ),
    cles=("parcours",),
)

REPONSE_AIDE = "Oui, Non ou Ne souhaite pas répondre."
FSE = Feuille(
    "Données FSE",
    "Facultative : les réponses au questionnaire FSE+ d'une participation (un parcours dans une opération financée "
    "par le FSE), une ligne par participation. La participation se déduit du dossier (référents, étapes) : elle "
    "doit exister pour le parcours et l'opération de la ligne. Les réponses à l'entrée s'écrivent ensemble ; celles "
    "à la sortie avec leur date, entre la sortie de l'opération et quatre semaines après.",
    (
        ID_PARCOURS,
        _c("année de l'opération", "annee_operation", ENTIER, obligatoire=True, exemple="2017"),
        _c(
            "opération",
            "operation",
            "operation",
            obligatoire=True,
            aide="Intitulé d'une opération de la programmation de cette année, financée par le FSE.",
            exemple="Accompagnement Maison de l'emploi 2017",
        ),
        _c("genre", "genre", "genre_fse", aide="Femme, Homme ou Non binaire.", exemple="Femme"),
        _c(
            "sans domicile ou exclu du logement",
            "sans_domicile",
            "reponse_fse",
            aide=REPONSE_AIDE,
            exemple="Non",
        ),
        _c(
            "origine étrangère",
            "origine_etrangere",
            "reponse_fse",
            aide="Née à l'étranger, ou dont un parent au moins est né à l'étranger : " + REPONSE_AIDE,
            exemple="Ne souhaite pas répondre",
        ),
        _c("minorité", "minorite", "reponse_fse", aide=REPONSE_AIDE, exemple="Non"),
        _c(
            "situation à la sortie constatée le",
            "date_situation",
            DATE,
            aide="Vide : pas de données de sortie. Le téléphone ou l'adresse électronique de la personne est requis.",
            exemple="15/07/2017",
        ),
        _c("en recherche d'emploi", "recherche_emploi", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("en études ou en formation", "formation", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("a obtenu une qualification", "qualification", BOOLEEN, aide=BOOLEEN_AIDE),
        _c("en emploi", "emploi", BOOLEEN, aide="Y compris indépendant : " + BOOLEEN_AIDE, exemple="oui"),
    ),
    facultative=True,
    cles=("parcours", "annee_operation", "operation"),
)

ACTIVITES = Feuille(
    "Activités",
    "Facultative : l'agenda des référents hors entretiens (feuille Entretiens) — séances collectives, démarches et "
    "contacts pour un participant, réunions, formation, administration.",
    (
        _c("identifiant activité", "identifiant", obligatoire=True, exemple="A2016-0131"),
        _c(
            "identifiant référent",
            "referent",
            "ref_referent",
            obligatoire=True,
            aide="Le référent dont c'est l'agenda (feuille Référents).",
            exemple="R012",
        ),
        _c(
            "catégorie",
            "categorie",
            "categorie_activite",
            obligatoire=True,
            aide="Une catégorie de l'agenda.",
            exemple="Atelier collectif",
        ),
        _c("date", "date", DATE, obligatoire=True, exemple="14/11/2016"),
        _c("début", "debut", HEURE, aide="hh:mm.", exemple="09:30"),
        _c("fin", "fin", HEURE, aide="hh:mm ; avec le début, la durée s'en déduit.", exemple="11:45"),
        _c("durée (minutes)", "duree_minutes", ENTIER, aide="Sans heures de début et de fin."),
        _c(
            "statut",
            "statut",
            "statut_activite",
            aide="Prévue, Réalisée ou Annulée (vide : réalisée si la date est passée, prévue sinon).",
        ),
        _c(
            "opération",
            "operation",
            "operation",
            aide="Intitulé d'une opération de la programmation (vide : l'opération de portage du référent).",
        ),
        _c("année de l'opération", "annee_operation", ENTIER, aide="Vide : l'année de l'activité."),
        _c("intitulé", "intitule", aide="Sans donnée personnelle.", exemple="Atelier CV"),
        _c(
            "participants",
            "participants",
            PARCOURS_LISTE,
            aide="Identifiants des parcours (feuille Parcours), séparés par « ; ».",
            exemple="P0457; P0458",
        ),
    ),
    facultative=True,
    cles=("identifiant",),
)
TEMPS = Feuille(
    "Temps validés",
    "Facultative : le temps que l'ancien outil a validé, par référent, mois, opération et catégorie ; chaque mois "
    "repris est verrouillé tel quel (docs/fse.md).",
    (
        ID_REFERENT,
        _c("année", "annee", ENTIER, obligatoire=True, exemple="2016"),
        _c("mois", "mois", ENTIER, obligatoire=True, aide="De 1 à 12.", exemple="11"),
        _c(
            "opération",
            "operation",
            "operation",
            aide="Intitulé d'une opération de la programmation de l'année (vide : sans opération).",
        ),
        _c("catégorie", "categorie", aide="Libre (vide : « Temps repris »).", exemple="Entretiens individuels"),
        _c("heures", "heures", DECIMAL, obligatoire=True, aide="Virgule décimale acceptée.", exemple="12,5"),
        _c("temps lié aux participants", "participants", BOOLEEN, aide=BOOLEEN_AIDE),
    ),
    facultative=True,
    cles=("referent", "annee", "mois", "operation", "categorie"),
)

FEUILLES = (
    REFERENTS,
    ETP,
    PRESCRIPTIONS,
    PERSONNES,
    PARCOURS,
    TRANSFERTS,
    ETAPES,
    VEILLES,
    ENTRETIENS,
    SORTIES,
    FSE,
    ACTIVITES,
    TEMPS,
)
LISEZ_MOI = "Lisez-moi"


def feuille_nommee(titre: str) -> Feuille | None:
    return next((f for f in FEUILLES if cle(f.nom) == cle(titre)), None)
