from django.db import models


class NatureOperation(models.TextChoices):
    ANIMATION = "animation", "Animation du PLIE"
    PORTAGE_REFERENTS = "portage_referents", "Accompagnement — portage des référents"
    ACTIONS_PARTICIPANTS = "actions_participants", "Actions pour les participants"
    CLAUSES = "clauses", "Clauses d'insertion"
    PROFESSIONNALISATION = "professionnalisation", "Professionnalisation des référents"
