from django.db import models


class TypeQuartier(models.TextChoices):
    QPV = "qpv", "Quartier prioritaire (QPV)"
    VEILLE = "veille", "Quartier de veille"


class Sexe(models.TextChoices):
    FEMME = "f", "Femme"
    HOMME = "h", "Homme"


class Nationalite(models.TextChoices):
    FRANCE = "france", "Française"
    UE = "ue", "Union européenne"
    HORS_UE = "hors_ue", "Hors Union européenne"


class NiveauFormation(models.TextChoices):
    """National nomenclature of 2019 (décret n° 2019-14)."""

    NIVEAU_1 = "niveau_1", "Niveau 1 — maîtrise des savoirs de base"
    NIVEAU_2 = "niveau_2", "Niveau 2 — activités simples (sans diplôme)"
    NIVEAU_3 = "niveau_3", "Niveau 3 — CAP, BEP"
    NIVEAU_4 = "niveau_4", "Niveau 4 — baccalauréat"
    NIVEAU_5 = "niveau_5", "Niveau 5 — bac + 2 (BTS, DUT)"
    NIVEAU_6 = "niveau_6", "Niveau 6 — licence, bac + 3"
    NIVEAU_7 = "niveau_7", "Niveau 7 — master, bac + 5"
    NIVEAU_8 = "niveau_8", "Niveau 8 — doctorat"
    NON_RECONNU = "non_reconnu", "Diplôme étranger non reconnu en France"
    INCONNU = "inconnu", "Inconnu"


class AncienNiveau(models.TextChoices):
    """Former levels (1969 nomenclature) used by the national PLIE consolidation."""

    VI = "VI", "Niveau VI"
    V_BIS = "V bis", "Niveau V bis"
    V = "V", "Niveau V"
    IV = "IV", "Niveau IV"
    III_ET_PLUS = "III et +", "Niveau III et plus"
    INCONNU = "inconnu", "Non renseigné"


class GroupeCite(models.TextChoices):
    """ISCED (CITE 2011) groups of FSE reporting."""

    CITE_0_2 = "cite_0_2", "CITE 0 à 2"
    CITE_3_4 = "cite_3_4", "CITE 3 à 4"
    CITE_5_8 = "cite_5_8", "CITE 5 à 8"
    INCONNU = "inconnu", "Non renseigné"


NIVEAU_VERS_ANCIEN = {
    NiveauFormation.NIVEAU_1: AncienNiveau.VI,
    NiveauFormation.NIVEAU_2: AncienNiveau.V_BIS,
    NiveauFormation.NIVEAU_3: AncienNiveau.V,
    NiveauFormation.NIVEAU_4: AncienNiveau.IV,
    NiveauFormation.NIVEAU_5: AncienNiveau.III_ET_PLUS,
    NiveauFormation.NIVEAU_6: AncienNiveau.III_ET_PLUS,
    NiveauFormation.NIVEAU_7: AncienNiveau.III_ET_PLUS,
    NiveauFormation.NIVEAU_8: AncienNiveau.III_ET_PLUS,
    # A foreign diplome not recognised counts as no recognised qualification.
    NiveauFormation.NON_RECONNU: AncienNiveau.VI,
    NiveauFormation.INCONNU: AncienNiveau.INCONNU,
}

NIVEAU_VERS_CITE = {
    NiveauFormation.NIVEAU_1: GroupeCite.CITE_0_2,
    NiveauFormation.NIVEAU_2: GroupeCite.CITE_0_2,
    NiveauFormation.NIVEAU_3: GroupeCite.CITE_3_4,
    NiveauFormation.NIVEAU_4: GroupeCite.CITE_3_4,
    NiveauFormation.NIVEAU_5: GroupeCite.CITE_5_8,
    NiveauFormation.NIVEAU_6: GroupeCite.CITE_5_8,
    NiveauFormation.NIVEAU_7: GroupeCite.CITE_5_8,
    NiveauFormation.NIVEAU_8: GroupeCite.CITE_5_8,
    NiveauFormation.NON_RECONNU: GroupeCite.CITE_0_2,
    NiveauFormation.INCONNU: GroupeCite.INCONNU,
}


class GroupeLettre(models.TextChoices):
    """How the monthly letter groups prescripteurs."""

    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    AUTRES = "autres", "Autres prescripteurs"
