from django.db import models


class StatutPrescription(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ENTREE = "entree", "Entrée"
    NON_ENTREE = "non_entree", "Non-entrée"


class GroupeMotifPrescripteur(models.TextChoices):
    """What a prescriber learns of a non-entry: a group, never the detailed motif (a health or maternity motif,
    or "already accompanied", would tell them about the person)."""

    SANS_SUITE = "sans_suite", "N'a pas donné suite"
    AUTRE_ACCOMPAGNEMENT = "autre_accompagnement", "Orientée vers un autre accompagnement"
    CONDITIONS = "conditions", "Ne remplit pas les conditions"
    RAISON_PERSONNELLE = "raison_personnelle", "Raison personnelle"
    EMPLOI_FORMATION = "emploi_formation", "A trouvé un emploi ou une formation"


class OriginePrescription(models.TextChoices):
    SAISIE = "saisie", "Saisie par la structure d'animation"
    EN_LIGNE = "en_ligne", "Envoyée en ligne par le prescripteur"


class SituationPrescription(models.TextChoices):
    """The person's situation as the prescriber describes it in the online form."""

    RSA = "rsa", "Bénéficiaire du RSA"
    DEMANDEUR_EMPLOI_LONGUE_DUREE = "de_longue_duree", "Demandeur d'emploi de longue durée"
    DEMANDEUR_EMPLOI = "demandeur_emploi", "Demandeur d'emploi"
    SANS_EMPLOI = "sans_emploi", "Sans emploi, non inscrit à France Travail"
    EMPLOI_PRECAIRE = "emploi_precaire", "En emploi précaire ou à temps partiel subi"
    AUTRE = "autre", "Autre situation"


class SituationEmploi(models.TextChoices):
    DEMANDEUR_EMPLOI = "demandeur_emploi", "Demandeur d'emploi"
    INACTIF = "inactif", "Inactif"
    EN_EMPLOI = "en_emploi", "En emploi"


class SerieCritere(models.TextChoices):
    MARCHE_TRAVAIL = "marche_travail", "Situation sur le marché du travail"
    SITUATION_PERSONNELLE = "situation_personnelle", "Situation personnelle"
    GENERAL = "general", "Conditions générales"


class CategorieEtape(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    FORMATION_NON_QUALIFIANTE = "formation_non_qualifiante", "Formation non qualifiante"
    FORMATION_QUALIFIANTE = "formation_qualifiante", "Formation qualifiante"
    MOBILISATION = "mobilisation", "Mobilisation vers l'emploi et mise en situation professionnelle"


class RegleSortie(models.TextChoices):
    """How an étape type leads to an employment exit (parcours/sortie_emploi.py): carried by the referential, so
    that a type added in the admin counts in the exit rule, the dossier and the alert."""

    AUCUNE = "", "Aucune"
    CONTRAT_SIX_MOIS = "contrat_six_mois", "Contrat tenu 6 mois (emploi durable)"
    CUMUL_DOUZE_MOIS = "cumul_douze_mois", "183 jours cumulés sur 12 mois (emploi durable)"
    CREATION_SIX_MOIS = "creation_six_mois", "Création ou reprise d'activité, 6 mois après son début"
    CONTRAT_AIDE_SIX_MOIS = "contrat_aide_six_mois", "Contrat aidé tenu 6 mois (emploi aidé)"
    INSERTION_SENIOR = "insertion_senior", "Insertion tenue 6 mois : dérogation 55 ans et plus (emploi aidé)"


class IssueEtape(models.TextChoices):
    TERMINEE = "terminee", "Terminée"
    ABANDON = "abandon", "Abandon"
    RUPTURE = "rupture", "Rupture de contrat"
    EMBAUCHE = "embauche", "Embauche"
    AUTRE = "autre", "Autre"


class TypePositive(models.TextChoices):
    """Kinds of sortie positive in the annual statistics."""

    EMPLOI_DURABLE = "emploi_durable", "Emploi durable (hors emploi aidé)"
    EMPLOI_AIDE = "emploi_aide", "Emploi aidé"
    FORMATION_QUALIFIANTE = "formation_qualifiante", "Formation qualifiante"
    CREATION = "creation", "Création ou reprise d'activité"


class TypeEntretien(models.TextChoices):
    INDIVIDUEL = "individuel", "Entretien individuel"
    BILAN = "bilan", "Bilan de parcours"
    POINT_ETAPE = "point_etape", "Point d'étape"
    TRIPARTITE = "tripartite", "Rencontre tripartite"
    ATELIER = "atelier", "Atelier collectif"
    CONTACT = "contact", "Contact bref"


class ModeEntretien(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    TELEPHONE = "telephone", "Par téléphone"
    VISIO = "visio", "En visioconférence"
    MESSAGE = "message", "Par message"


class FamilleFrein(models.TextChoices):
    MOBILITE = "mobilite", "Mobilité"
    SANTE = "sante", "Santé"
    LOGEMENT = "logement", "Logement"
    LANGUE = "langue", "Langue française"
    FAMILLE = "famille", "Famille, garde d'enfants"
    ADMINISTRATIF = "administratif", "Situation administrative"
    RESSOURCES = "ressources", "Ressources financières"
    COMPETENCES = "competences", "Compétences, qualification"
    NUMERIQUE = "numerique", "Numérique"
    SAVOIR_ETRE = "savoir_etre", "Savoir-être, confiance en soi"


class DegreFrein(models.TextChoices):
    AUCUN = "aucun", "Aucun"
    LEGER = "leger", "Léger"
    FORT = "fort", "Fort"
    BLOQUANT = "bloquant", "Bloquant"


class DomaineClea(models.TextChoices):
    """The 7 domains of the CléA certification."""

    FRANCAIS = "francais", "Communication en français"
    CALCUL = "calcul", "Calcul, raisonnement mathématique"
    NUMERIQUE = "numerique", "Techniques usuelles de l'information et de la communication numérique"
    EQUIPE = "equipe", "Travail dans le cadre de règles définies d'un travail en équipe"
    AUTONOMIE = "autonomie", "Travail en autonomie et réalisation d'un objectif individuel"
    APPRENDRE = "apprendre", "Apprendre à apprendre tout au long de la vie"
    GESTES = "gestes", "Gestes et postures, règles d'hygiène, de sécurité et environnementales"


class NiveauClea(models.TextChoices):
    ACQUIS = "acquis", "Acquis"
    A_RENFORCER = "a_renforcer", "À renforcer"
    NON_ACQUIS = "non_acquis", "Non acquis"


class NatureAide(models.TextChoices):
    FRAIS_FORMATION = "frais_formation", "Frais de formation"
    TRANSPORT = "transport", "Transport"
    GARDE_ENFANTS = "garde_enfants", "Garde d'enfants"
    EQUIPEMENT = "equipement", "Équipement de travail"
    REPAS = "repas", "Repas"


class ObjetAide(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    STAGE = "stage", "Stage"


class StatutCommission(models.TextChoices):
    A_VALIDER = "a_valider", "À valider"
    VALIDEE = "validee", "Validée"
    RENVOYEE = "renvoyee", "Renvoyée au référent"
    REPRISE = "reprise", "Reprise de l'ancien outil"


class RegleReprise(models.TextChoices):
    """The rules of today that a record taken over from the old tool may be imported without (docs/import.md)."""

    SORTIE_EMPLOI = "sortie_emploi", "Règle de sortie pour emploi"
