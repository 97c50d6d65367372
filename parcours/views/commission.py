"""The entries-exits commission: the structure d'animation validates, or sends back with a comment — one decision
at a time, or a page of them in one submit, each row showing what the decision needs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from parcours import lectures, services
from parcours.enums import StatutCommission
from parcours.filters import CommissionFilter
from parcours.models import CritereEligibilite, DerogationSenior, Document, Parcours
from plie.access import acces
from plie.enums import Role
from plie.middleware import sans_prolonger_la_session

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
            Prefetch("documents", queryset=Document.objects.select_related("type_piece").order_by("-televerse_le")),
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
            # Filtered counts are the page's own; unfiltered, they follow the commission's queue while open.
            "filtre_actif": any(request.GET.get(champ) for champ in filtres["entree"].form.fields),
            "parametres": parametres.urlencode(),
            "derogations": derogations,
            "suite": request.get_full_path(),
        },
    )


def _retour(request):
    suite = request.POST.get("suite", "")
    return redirect(suite if suite.startswith(reverse("commission")) else "commission")


@sans_prolonger_la_session
@acces(Role.ANIMATION)
def comptes(request):
    """What awaits the commission, for the pages that show it to refresh their counts (in the background: the
    idle session is not prolonged)."""
    return JsonResponse(lectures.file_de_la_commission())


def _en_json(request) -> bool:
    """A decision sent by the page's script, which updates the page itself (no reload)."""
    return request.headers.get("Accept", "").startswith("application/json")


def _reponse(request, *, decides: list[int], succes: str = "", erreur: str = "", info: str = ""):
    """The page again (messages, then the commission), or for the page's script: the rows decided, the messages
    and the new counts."""
    if _en_json(request):
        return JsonResponse(
            {
                "decides": decides,
                "succes": succes,
                "erreur": erreur,
                "info": info,
                "comptes": lectures.file_de_la_commission(),
            }
        )
    for niveau, texte in ((messages.success, succes), (messages.error, erreur), (messages.info, info)):
        if texte:
            niveau(request, texte)
    return _retour(request)


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
        return _reponse(request, decides=[], erreur=" ".join(erreur.messages))
    quoi = {"entree": "Entrée", "sortie": "Sortie"}.get(objet, "Dérogation")
    renvoi = "refusée" if objet == "derogation" else "renvoyée au référent"
    succes = f"{quoi} {'validée' if valider else renvoi} : {parcours.participant}."
    return _reponse(request, decides=[pk], succes=succes)


@acces(Role.ANIMATION)
@require_POST
def decider_lot(request, objet):
    """A page of entries or exits decided in one submit: each row validated, sent back with its comment, or left
    for later; « Tout valider » validates every row of the page left without a decision. Each decision goes
    through the service on its own: a refused row is reported with its reason and the others are recorded."""
    if objet not in OBJETS:
        return _reponse(request, decides=[], erreur="La commission décide ici des entrées et des sorties.")
    pluriel, libelle = OBJETS[objet]
    lignes = [int(pk) for pk in request.POST.getlist("ligne") if pk.isdigit()]
    parcours = Parcours.objects.select_related("participant").in_bulk(lignes)
    tout_valider = "tout_valider" in request.POST
    validees, renvoyees, refus, decides = 0, 0, [], []
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
            decides.append(pk)
            validees += decision == "valider"
            renvoyees += decision == "renvoyer"
    parties = [f"{validees} validée{'s' if validees > 1 else ''}"] if validees else []
    parties += [f"{renvoyees} renvoyée{'s' if renvoyees > 1 else ''} au référent"] if renvoyees else []
    return _reponse(
        request,
        decides=decides,
        succes=f"{libelle}s : {', '.join(parties)}." if parties else "",
        erreur=f"Non enregistrées ({len(refus)}) : " + " ; ".join(refus) if refus else "",
        info=""
        if decides or refus
        else f"Aucune décision choisie : cochez « Valider » ou « Renvoyer » sur les {pluriel}.",
    )
