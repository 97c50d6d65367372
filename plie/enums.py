from django.db import models


class Role(models.TextChoices):
    REFERENT = "referent", "Référent de parcours"
    ANIMATION = "animation", "Structure d'animation"
    PORTEUR = "porteur", "Structure porteuse"
    FINANCEUR = "financeur", "Financeur"
    PRESCRIPTEUR = "prescripteur", "Prescripteur"
    ADMINISTRATEUR = "administrateur", "Administrateur"


class ActionJournal(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    EXPORT = "export", "Export"
    TELECHARGEMENT = "telechargement", "Téléchargement d'un fichier"
    MODIFICATION = "modification", "Correction ou suppression"
