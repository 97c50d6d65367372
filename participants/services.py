"""Writes of the organisation records that the import of the old tool's data brings (the admin edits the same
records through its forms, which run the same model rules)."""

import datetime
from decimal import Decimal

from django.db import transaction

from participants.models import Referent, ReferentEtp


@transaction.atomic
def referent_enregistrer(*, referent: Referent) -> Referent:
    """Create or correct a référent, after every model rule."""
    referent.full_clean()
    referent.save()
    return referent


@transaction.atomic
def etp_enregistrer(*, referent: Referent, date_debut: datetime.date, etp: Decimal) -> ReferentEtp:
    """The référent's ETP from ``date_debut`` on (a line per date: an existing one is corrected)."""
    ligne = ReferentEtp.objects.filter(referent=referent, date_debut=date_debut).first() or ReferentEtp(
        referent=referent, date_debut=date_debut
    )
    ligne.etp = etp
    ligne.full_clean()
    ligne.save()
    return ligne
