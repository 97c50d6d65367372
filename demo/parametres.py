"""The shape of the demo PLIE: Dijon Métropole's structures, référents, prescripteurs, motifs, étape types and
their weights, as the 2017 activity report and letters give them."""

from participants.enums import NiveauFormation
from programmation.enums import NatureOperation

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
