"""The entries-exits commission: the structure d'animation validates, or sends back with a comment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parcours import services
from parcours.enums import StatutCommission
from parcours.models import DerogationSenior, Parcours
from plie.access import acces
from plie.enums import Role

PAR_PAGE = 50


@acces(Role.ANIMATION, lecture="commission")
def commission(request):
    base = Parcours.objects.select_related(
        "participant", "referent", "motif_sortie", "prescription__prescripteur", "commune"
    )
    entrees = Paginator(base.a_valider("entree").order_by("date_entree", "pk"), PAR_PAGE).get_page(
        request.GET.get("entrees")
    )
    sorties = Paginator(base.a_valider("sortie").order_by("date_sortie", "pk"), PAR_PAGE).get_page(
        request.GET.get("sorties")
    )
    derogations = (
        DerogationSenior.objects.filter(commission=StatutCommission.A_VALIDER)
        .select_related("parcours__participant", "parcours__referent", "etape__type")
        .order_by("demandee_le")
    )
    justifications = services.justifications_des_sorties(list(sorties))
    for parcours in sorties:
        parcours.justification = justifications.get(parcours.pk)
    return render(
        request,
        "parcours/commission.html",
        {"entrees": entrees, "sorties": sorties, "derogations": derogations},
    )


@acces(Role.ANIMATION)
@require_POST
def decider(request, pk, objet):
    parcours = get_object_or_404(Parcours, pk=pk)
    valider = request.POST.get("decision") == "valider"
    try:
        services.commission_decider(
            parcours=parcours,
            objet=objet,
            valider=valider,
            par=request.user,
            commentaire=request.POST.get("commentaire", ""),
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        quoi = {"entree": "Entrée", "sortie": "Sortie"}.get(objet, "Dérogation")
        messages.success(
            request, f"{quoi} {'validée' if valider else 'renvoyée au référent'} : {parcours.participant}."
        )
    return redirect("commission")
