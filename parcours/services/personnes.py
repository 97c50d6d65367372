"""The person's identity and contact details, corrected (right of rectification); the history keeps each change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parcours import champs
from participants.models import Participant, age_au
from plie import access

CHAMPS_MODIFIABLES = champs.PERSONNE


@transaction.atomic
def participant_modifier(*, participant: Participant, par, **donnees) -> Participant:
    """Correct the person's record. A corrected birth date corrects the age at entry of each of their parcours,
    which must still be 16 or more. The identity of a person whose parcours have all exited is the structure
    d'animation's to correct (parcours/droits.py); their contact details stay open (the FSE+ exit survey)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymise_le:
        raise ValidationError("Cette personne a été anonymisée : sa fiche ne se modifie plus.")
    identite = set(donnees) & set(champs.IDENTITE)
    if (
        identite
        and not access.est_animation(par)
        and not participant.parcours.filter(date_sortie__isnull=True).exists()
    ):
        if participant.parcours.exists():
            raise PermissionDenied(
                "Les parcours de cette personne sont sortis : seule la structure d'animation corrige son identité."
            )
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
        assert participant.date_naissance is not None  # an erased birth date was refused above
        for parcours in participant.parcours.select_for_update():
            parcours.participant = participant
            parcours.age_entree = age_au(participant.date_naissance, parcours.date_entree)
            try:
                parcours.full_clean()
            except ValidationError as erreur:
                raise ValidationError({"date_naissance": erreur.messages}) from None
            parcours.save(update_fields=["age_entree"])
    return participant
