"""Ahead of a control: the readiness board of an operation's participations (fse/controle/preparation.py), for the
structure d'animation (every participation) and a référent (their portfolio)."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render

from fse import services
from fse.controle import preparation
from fse.enums import EtatExport
from fse.forms import ControleForm, PaquetForm
from fse.models import PaquetControle, Participation
from fse.participations import operations_fse, periode
from fse.views import _a_suivre, _sans
from participants.models import Referent
from plie import access
from plie.access import acces
from plie.enums import Role
from plie.fichiers import telechargement
from plie.formulaires import erreurs_du_service, resume_erreurs
from plie.journal import journaliser_export

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


@acces(Role.ANIMATION)
def paquets(request):
    """The controller's packages: ask for one (produced in the background), download those ready."""
    form = PaquetForm(request.POST or None, initial={"graine": secrets.randbelow(10**6)})
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        try:
            donnees["identifiants"] = services.lire_identifiants(donnees.get("identifiants") or "")
            services.paquet_demander(par=request.user, **donnees)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(
                request, "Le paquet est en préparation : son lien apparaît ci-dessous dès qu'il est prêt."
            )
            return redirect("fse_paquets")
    liste = PaquetControle.objects.select_related("operation", "cree_par")[:30]
    return render(
        request,
        "fse/paquets.html",
        {
            "form": form,
            "paquets": liste,
            "en_cours": any(p.etat in (EtatExport.EN_ATTENTE, EtatExport.EN_COURS) for p in liste),
            "retention": settings.FSE_CONTROLE_RETENTION_JOURS,
            "erreurs": resume_erreurs(form),
        },
    )


@acces(Role.ANIMATION)
def paquet_telecharger(request, pk: int):
    """The package's ZIP; one journal row per person it holds."""
    paquet = get_object_or_404(PaquetControle, pk=pk, etat=EtatExport.PRET)
    journaliser_export(
        request, objet="paquet_controle", lignes=[(paquet.pk, p) for p in paquet.participants] or [(paquet.pk, None)]
    )
    nom = f"controle-operation-{paquet.operation_id}-{paquet.debut:%Y%m%d}-{paquet.fin:%Y%m%d}"
    return telechargement(paquet.fichier, nom=nom)  # streamed: a package may weigh
