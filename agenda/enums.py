from django.db import models


class StatutActivite(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    REALISEE = "realisee", "Réalisée"
    ANNULEE = "annulee", "Annulée"


class StatutEtatTemps(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    VALIDE_REFERENT = "valide_referent", "Validé par le référent"
    VERROUILLE = "verrouille", "Validé par l'employeur (verrouillé)"
