"""The alert counts across référents (the structure d'animation's and a structure porteuse's dashboards),
computed in the background and shown with their time.

Counting every rule over every open parcours costs the size of the PLIE (about a second at ten times Dijon's
size), and the counts need not be fresh to the second: the task ``reporting.compter_alertes`` stores them
(``ComptesAlertes``, by rule and référent in charge, no name), and a dashboard reads them. A dashboard that finds
them older than a minute, or of another day, asks for a new count (``plie.actualisations``: one task at a time).
A référent's own home page still computes their alerts live: its cost is their portfolio.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from parcours import alertes as regles_alertes
from plie import actualisations
from plie.models import Actualisation
from reporting.models_syntheses import ComptesAlertes

NOM = "alertes"
TACHE = "reporting.compter_alertes"
SANS_REFERENT = ""  # the JSON key of the prescriptions waiting without a pre-assigned référent


def actualiser() -> int:
    """Count every alert of the PLIE today and store the counts; return how many alerts."""
    with actualisations.executer(NOM):
        au = timezone.localdate()
        comptes = regles_alertes.comptes(au=au)
        stockes = {
            code: {SANS_REFERENT if referent is None else str(referent): n for referent, n in compteur.items()}
            for code, compteur in comptes.items()
        }
        with transaction.atomic():  # a reader sees the previous counts or the new ones, never none
            ComptesAlertes.objects.all().delete()
            ComptesAlertes.objects.create(au=au, comptes=stockes)
    return sum(sum(compteur.values()) for compteur in comptes.values())


def lire(referents: list[int] | None) -> tuple[dict[str, Counter] | None, Actualisation | None]:
    """The stored counts of ``referents`` (their ids; None: the whole PLIE, with the prescriptions without a
    référent under the key None), and when they were computed; (None, …) while the first count runs. Asks for
    a new count when they are older than a minute or of another day."""
    stockes = ComptesAlertes.objects.first()
    actualisation = actualisations.etat(NOM)
    if stockes is None or stockes.au != timezone.localdate() or actualisations.perimee(actualisation):
        actualisations.demander(NOM, TACHE)
    if stockes is None:
        return None, actualisation
    gardes = None if referents is None else {str(r) for r in referents}
    comptes = {
        code: Counter(
            {
                (None if cle == SANS_REFERENT else int(cle)): n
                for cle, n in par_referent.items()
                if gardes is None or cle in gardes
            }
        )
        for code, par_referent in stockes.comptes.items()
    }
    return comptes, actualisation
