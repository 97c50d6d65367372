"""What each role's home page shows: small read-only summaries over the other apps."""

import datetime

from django.db.models import Count, Q

from parcours import alertes as regles_alertes
from parcours.enums import StatutCommission
from parcours.models import Parcours, Prescription, q_file_active
from participants.models import Referent


def resume_referent(referent: Referent, *, au: datetime.date) -> dict:
    parcours = Parcours.objects.filter(referent=referent)
    a_recevoir = (
        Prescription.objects.en_attente()
        .filter(referent=referent)
        .select_related("prescripteur")
        .order_by("date_prescription")
    )
    return {
        "referent": referent,
        "file_active": parcours.file_active(au=au).count(),
        "entrees_annee": parcours.filter(date_entree__year=au.year, date_entree__lte=au).count(),
        "a_recevoir": [(p, (au - p.date_prescription).days) for p in a_recevoir[:10]],
        "a_recevoir_total": a_recevoir.count(),
        "derniers_parcours": parcours.ouverts().select_related("participant").order_by("-date_entree")[:10],
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


def alertes_du_referent(user, *, au: datetime.date) -> list[dict]:
    return alertes_groupees(
        regles_alertes.alertes(Parcours.objects.visibles_par(user), Prescription.objects.visibles_par(user), au=au)
    )


def resume_plie(*, au: datetime.date) -> dict:
    prescriptions = Prescription.objects.en_attente().aggregate(
        en_attente=Count("pk"), sans_referent=Count("pk", filter=Q(referent__isnull=True))
    )
    annee = Q(date_sortie__year=au.year, date_sortie__lte=au)
    sorties = Parcours.objects.aggregate(
        sorties=Count("pk", filter=annee),
        positives=Count("pk", filter=annee & Q(motif_sortie__positive=True)),
        entrees_a_valider=Count("pk", filter=Q(entree_commission=StatutCommission.A_VALIDER)),
        sorties_a_valider=Count("pk", filter=Q(sortie_commission=StatutCommission.A_VALIDER)),
    )
    return {
        "file_active": Parcours.objects.file_active(au=au).count(),
        "entrees_annee": Parcours.objects.filter(date_entree__year=au.year, date_entree__lte=au).count(),
        **prescriptions,
        **sorties,
    }


def resume_structures(structures, *, au: datetime.date) -> list[dict]:
    en_fa = q_file_active(au=au, prefixe="parcours__")
    referents = (
        Referent.objects.filter(structure__in=structures)
        .avec_etp_au(au)
        .annotate(file_active=Count("parcours", filter=en_fa))
        .select_related("structure")
        .order_by("structure__nom", "nom")
    )
    return list(referents)
