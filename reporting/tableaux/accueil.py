"""What a référent's home page lists besides their dashboard: the work waiting for them (no indicator here;
every figure comes from the engine through ``reporting.tableaux``)."""

import datetime

from parcours import alertes as regles_alertes
from parcours.models import Parcours, Prescription
from participants.models import Referent


def a_faire(referent: Referent, *, au: datetime.date) -> dict:
    a_recevoir = (
        Prescription.objects.en_attente()
        .filter(referent=referent)
        .select_related("prescripteur")
        .order_by("date_prescription")
    )
    return {
        "a_recevoir": [(p, (au - p.date_prescription).days) for p in a_recevoir[:10]],
        "a_recevoir_total": a_recevoir.count(),
        "derniers_parcours": Parcours.objects.filter(referent=referent)
        .ouverts()
        .select_related("participant")
        .order_by("-date_entree")[:10],
    }


def alertes_groupees(liste: list) -> list[dict]:
    """Alerts grouped by rule, in the order of the missions, each group with its alerts."""
    groupes = {code: [] for code in regles_alertes.TITRES}
    for alerte in liste:
        groupes[alerte.code].append(alerte)
    return [
        {"code": code, "titre": regles_alertes.TITRES[code], "alertes": contenu}
        for code, contenu in groupes.items()
        if contenu
    ]


def alertes_visibles(user, *, au: datetime.date) -> list:
    """The alerts of every parcours and prescription the user may open (their portfolio and those they cover)."""
    return regles_alertes.alertes(Parcours.objects.visibles_par(user), Prescription.objects.visibles_par(user), au=au)
