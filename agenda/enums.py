from django.db import models


class StatutActivite(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    REALISEE = "realisee", "Réalisée"
    ANNULEE = "annulee", "Annulée"


class StatutEtatTemps(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    VALIDE_REFERENT = "valide_referent", "Validé par le référent"
    VERROUILLE = "verrouille", "Validé par l'employeur (verrouillé)"


class StatutFeuille(models.TextChoices):
    """Where a contact's émargement sheet stands (agenda/emargement.py)."""

    DECLAREE = "declaree", "Déclarée, sans pièce"
    SIGNEE = "signee", "Signée à l'écran"
    DEPOSEE = "deposee", "Signée sur papier, déposée"
    A_RESIGNER = "a_resigner", "À re-signer"


# A sheet that proves the contact: a signed PDF or a scan, whose contact has not changed since.
FEUILLES_PROBANTES = (StatutFeuille.SIGNEE, StatutFeuille.DEPOSEE)
