"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models

TEXTE_COURT = 4_000  # a comment, an observation, a reason: about a page
TEXTE_LONG = 20_000  # an entretien's notes


def texte_libre(libelle: str, *, limite: int = TEXTE_COURT, **options) -> models.TextField:
    """A free-text field bounded at the model (whatever calls ``full_clean``: screens, services, import) and in the
    form (the textarea's ``maxlength``): nobody pastes a megabyte into a comment."""
    return models.TextField(libelle, max_length=limite, validators=[MaxLengthValidator(limite)], **options)
