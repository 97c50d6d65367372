"""The person's identity and contact details, corrected (right of rectification); the history keeps each change."""

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours import champs
from participants.models import Participant, age_au

CHAMPS_MODIFIABLES = champs.PERSONNE


@transaction.atomic
def participant_modifier(*, participant: Participant, **donnees) -> Participant:
    """Correct the person's record. A corrected birth date corrects the age at entry of each of their parcours,
    which must still be 16 or more."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymise_le:
        raise ValidationError("Cette personne a été anonymisée : sa fiche ne se modifie plus.")
    inconnus = set(donnees) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    naissance_avant = participant.date_naissance
    for champ, valeur in donnees.items():
        setattr(participant, champ, valeur)
    if naissance_avant and not participant.date_naissance:
        raise ValidationError({"date_naissance": "La date de naissance ne peut pas être effacée."})
    participant.full_clean()
    participant.save()
    if participant.date_naissance != naissance_avant:
        for parcours in participant.parcours.select_for_update():
            parcours.participant = participant
            parcours.age_entree = age_au(participant.date_naissance, parcours.date_entree)
            try:
                parcours.full_clean()
            except ValidationError as erreur:
                raise ValidationError({"date_naissance": erreur.messages}) from None
            parcours.save(update_fields=["age_entree"])
    return participant
