"""Each record's fields as the product's doors write them, in one place: the forms show them, the services accept
them, the import reads them from its sheets (``reprise.moteur``: the ones its sheet has a column for). A field
added to a model and to its screens is added here, and every door sees it."""

# A waiting prescription, as typed or corrected by the PLIE (its decision and pre-assignment have their services).
PRESCRIPTION = (
    "date_prescription",
    "prescripteur",
    "contact",
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "telephone",
    "email",
    "commune",
    "observations",
)

# What a prescriber sends online (the rest — organisation, contact, date, origin — comes from their account).
PRESCRIPTION_EN_LIGNE = (
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "telephone",
    "email",
    "commune",
    "situation",
    "observations",
    "personne_informee",
)

# Who the person is: compared ignoring case and accents by the import (the base's spelling stays).
IDENTITE = ("nom", "nom_naissance", "prenom", "sexe", "date_naissance")

# The person's identity and contact details (participants.Participant).
PERSONNE = (
    *IDENTITE,
    "nationalite",
    "adresse",
    "code_postal",
    "commune",
    "quartier",
    "telephone",
    "email",
)

# The situation at entry (parcours.Parcours), corrected with the entry.
SITUATION = (
    "niveau_formation",
    "situation_emploi",
    "inscrit_france_travail",
    "date_inscription_france_travail",
    "chomeur_longue_duree",
    "rsa",
    "ass",
    "aah",
    "rqth",
    "parent_isole",
    "probleme_mobilite",
    "probleme_logement",
    "mesure_justice",
)

# The entry: its date, residence, situation, eligibility, engagement and information.
ENTREE = (
    "date_entree",
    "commune",
    "quartier",
    *SITUATION,
    "autorise_travailler",
    "criteres",
    "date_contrat_engagement",
    "date_information_rgpd",
    "date_information_fse",
)

ETAPE = (
    "type",
    "operation",
    "date_debut",
    "date_fin_prevue",
    "date_fin",
    "issue",
    "employeur_organisme",
    "intitule",
    "heures_hebdo",
    "temps_partiel_accepte",
    "commentaire",
)
ENTRETIEN = ("date", "type", "mode", "duree_minutes", "notes")
VEILLE = ("date_debut", "date_fin_prevue", "date_fin", "motif")
AIDE = ("date", "nature", "objet", "montant", "operation", "commentaire")
