"""Ahead of a control: the readiness board of an operation's participations (fse/controle/preparation.py), for the
structure d'animation (every participation) and a référent (their portfolio)."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import render

from fse.controle import preparation
from fse.forms import ControleForm
from fse.models import Participation
from fse.participations import operations_fse, periode
from fse.views import _a_suivre, _sans
from participants.models import Referent
from plie import access
from plie.access import acces
from plie.enums import Role

PAR_PAGE = 25


@acces(Role.ANIMATION, Role.REFERENT, lecture="fse_controle")
def preparation_controle(request):
    referents = Referent.objects.visibles_par(request.user)
    donnees = request.GET.copy()
    # By default the latest year's first operation that has participations (an index probe per operation).
    avec = Exists(Participation.objects.filter(operation=OuterRef("pk")))
    premiere = operations_fse().order_by("-annee", avec.desc(), "intitule").first()
    if premiere is not None and not donnees.get("operation"):
        donnees["operation"] = str(premiere.pk)
    form = ControleForm(donnees, referents=referents)
    contexte = {
        "form": form,
        "animation": access.est_animation(request.user),
        "page": None,
        "sans_operation": premiere is None,
    }
    if premiere is None or not form.is_valid():
        return render(request, "fse/controle.html", contexte)
    operation = form.cleaned_data["operation"]
    debut_defaut, fin_defaut = periode(operation)
    debut = form.cleaned_data.get("debut") or debut_defaut
    fin = form.cleaned_data.get("fin") or fin_defaut
    qs = preparation.participations(_a_suivre(request.user), operation, debut, fin, form.cleaned_data.get("referent"))
    rangs = Paginator(
        qs.order_by("parcours__participant__nom", "parcours__participant__prenom", "pk").values_list("pk", flat=True),
        PAR_PAGE,
    ).get_page(request.GET.get("page"))
    ordre = {pk: rang for rang, pk in enumerate(rangs.object_list)}
    page = list(
        Participation.objects.filter(pk__in=ordre).select_related("parcours__participant", "parcours__referent")
    )
    page.sort(key=lambda p: ordre[p.pk])
    rangs.object_list = preparation.lignes(page, debut, fin)
    return render(
        request,
        "fse/controle.html",
        {
            **contexte,
            "operation": operation,
            "debut": debut,
            "fin": fin,
            "comptes": preparation.comptes(qs),
            "page": rangs,
            "parametres": _sans(request.GET, "page"),
        },
    )
