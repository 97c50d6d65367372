"""The entries-exits commission: the structure d'animation validates, or sends back with a comment — one decision
at a time, or a page of them in one submit, each row showing what the decision needs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from parcours import services
from parcours.enums import StatutCommission
from parcours.filters import CommissionFilter
from parcours.models import CritereEligibilite, DerogationSenior, Document, Parcours
from plie.access import acces
from plie.enums import Role

PAR_PAGE = 50
OBJETS = {"entree": ("entrées", "Entrée"), "sortie": ("sorties", "Sortie")}


def _a_valider(objet: str, donnees):
    """The entries or exits waiting for the commission, filtered, with what each row shows (a fixed number of
    queries per page: criteria and proof documents prefetched)."""
    qs = (
        Parcours.objects.a_valider(objet)
        .select_related("participant", "referent__structure", "motif_sortie", "prescription__prescripteur", "commune")
        .prefetch_related(
            Prefetch("criteres", queryset=CritereEligibilite.objects.order_by("serie", "ordre")),
            Prefetch("documents", queryset=Document.objects.order_by("-televerse_le")),
        )
        .order_by("date_entree" if objet == "entree" else "date_sortie", "pk")
    )
    return CommissionFilter(donnees, queryset=qs, objet=objet)


@acces(Role.ANIMATION, lecture="commission")
def commission(request):
    filtres = {objet: _a_valider(objet, request.GET or None) for objet in OBJETS}
    parametres = request.GET.copy()
    for cle in ("entrees", "sorties"):
        parametres.pop(cle, None)
    entrees = Paginator(filtres["entree"].qs, PAR_PAGE).get_page(request.GET.get("entrees"))
    sorties = Paginator(filtres["sortie"].qs, PAR_PAGE).get_page(request.GET.get("sorties"))
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
        {
            "entrees": entrees,
            "sorties": sorties,
            "filtre": filtres["entree"],  # the form (the same fields for both sections)
            "objet_choisi": request.GET.get("objet", ""),
            "parametres": parametres.urlencode(),
            "derogations": derogations,
            "suite": request.get_full_path(),
        },
    )


def _retour(request):
    suite = request.POST.get("suite", "")
    return redirect(suite if suite.startswith(reverse("commission")) else "commission")


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
        renvoi = "refusée" if objet == "derogation" else "renvoyée au référent"
        messages.success(request, f"{quoi} {'validée' if valider else renvoi} : {parcours.participant}.")
    return _retour(request)


@acces(Role.ANIMATION)
@require_POST
def decider_lot(request, objet):
    """A page of entries or exits decided in one submit: each row validated, sent back with its comment, or left
    for later; « Tout valider » validates every row of the page left without a decision. Each decision goes
    through the service on its own: a refused row is reported with its reason and the others are recorded."""
    if objet not in OBJETS:
        messages.error(request, "La commission décide ici des entrées et des sorties.")
        return _retour(request)
    pluriel, libelle = OBJETS[objet]
    lignes = [int(pk) for pk in request.POST.getlist("ligne") if pk.isdigit()]
    parcours = Parcours.objects.select_related("participant").in_bulk(lignes)
    tout_valider = "tout_valider" in request.POST
    validees, renvoyees, refus = 0, 0, []
    for pk in lignes:
        decision = request.POST.get(f"decision-{pk}", "") or ("valider" if tout_valider else "")
        if decision not in ("valider", "renvoyer") or pk not in parcours:
            continue
        try:
            services.commission_decider(
                parcours=parcours[pk],
                objet=objet,
                valider=decision == "valider",
                par=request.user,
                commentaire=request.POST.get(f"commentaire-{pk}", ""),
            )
        except ValidationError as erreur:
            refus.append(f"{parcours[pk].participant} : {' '.join(erreur.messages)}")
        else:
            validees += decision == "valider"
            renvoyees += decision == "renvoyer"
    if validees or renvoyees:
        parties = [f"{validees} validée{'s' if validees > 1 else ''}"] if validees else []
        parties += [f"{renvoyees} renvoyée{'s' if renvoyees > 1 else ''} au référent"] if renvoyees else []
        messages.success(request, f"{libelle}s : {', '.join(parties)}.")
    if refus:
        messages.error(request, f"Non enregistrées ({len(refus)}) : " + " ; ".join(refus))
    if not (validees or renvoyees or refus):
        messages.info(request, f"Aucune décision choisie : cochez « Valider » ou « Renvoyer » sur les {pluriel}.")
    return _retour(request)
