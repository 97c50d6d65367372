from django.db import models


class Genre(models.TextChoices):
    """Gender as the managing authority's participant questionnaire asks it (Regulation (EU) 2021/1057, Annex I:
    women, men, non-binary persons). The letters keep the record's sex."""

    FEMME = "femme", "Femme"
    HOMME = "homme", "Homme"
    NON_BINAIRE = "non_binaire", "Non binaire"


class Reponse(models.TextChoices):
    """An answer to a sensitive question: the person may decline."""

    OUI = "oui", "Oui"
    NON = "non", "Non"
    REFUS = "refus", "Ne souhaite pas répondre"


class EtatDonnees(models.TextChoices):
    COMPLETES = "completes", "Complètes"
    A_COMPLETER = "a_completer", "À compléter"
    EN_RETARD = "en_retard", "En retard"
    SANS_OBJET = "sans_objet", "Sans objet"


class FormatExport(models.TextChoices):
    XLSX = "xlsx", "Classeur Excel (.xlsx)"
    CSV = "csv", "Fichiers CSV (archive .zip)"


class EtatExport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    PRET = "pret", "Prêt"
    ECHEC = "echec", "Échec"
