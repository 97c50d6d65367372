"""What of a person a user may see, beyond the parcours they may open (``Parcours.objects.visibles_par``).

A référent whose parcours of a person ended keeps that parcours in their scope (within the active base), but not
what was recorded after it by someone else: documents and elements belong to a parcours, and the person's identity
and contact details are shown as they were on the day of that exit, from the history.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from parcours.enums import StatutCommission
from parcours.models import Parcours
from participants.models import Participant
from plie import access

CHAMPS_COORDONNEES = ("adresse", "code_postal", "telephone", "email", "commune_id", "quartier_id")


@dataclass(frozen=True)
class PersonneVue:
    personne: Participant  # the current record, or the one of the day shown
    au: datetime.date | None = None  # None: as it is today; else as it was on that day (the last exit)
    coordonnees_masquees: bool = False  # no history for that day: the contact details are hidden


def fin_du_jour(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.max))


def personne_vue_par(user, participant: Participant, parcours: list[Parcours]) -> PersonneVue:
    """``parcours``: the person's parcours the user may open. The structure d'animation, and whoever follows an
    open one, see the person as recorded today; a former référent, as on the day of their last visible exit."""
    # An exit the commission sent back is still the référent's to correct: they follow the person until then.
    suivis = [p for p in parcours if p.date_sortie is None or p.sortie_commission == StatutCommission.RENVOYEE]
    if access.est_animation(user) or suivis or not parcours:
        return PersonneVue(participant)
    jour = max(p.date_sortie for p in parcours)
    trace = participant.historique.filter(history_date__lte=fin_du_jour(jour)).order_by("-history_date").first()
    if trace is None:
        masquee = Participant(
            **{f.attname: getattr(participant, f.attname) for f in Participant._meta.concrete_fields}
        )
        for champ in CHAMPS_COORDONNEES:
            setattr(masquee, champ, None if champ.endswith("_id") else "")
        return PersonneVue(masquee, jour, coordonnees_masquees=True)
    return PersonneVue(trace.instance, jour)
