"""The référent's agenda: the week (read by the référent, their employer and the structure d'animation), an activity
planned or recorded, changed, marked done or cancelled."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agenda import lectures, services
from agenda.enums import StatutActivite
from agenda.forms import ActiviteForm
from agenda.models import Activite
from parcours.models import Parcours
from participants.models import Referent
from plie import access
from plie.enums import Role
from plie.formulaires import erreurs_du_service, resume_erreurs


def _referents(user):
    """The référents whose agenda ``user`` may open, in post today."""
    return Referent.objects.visibles_par(user).en_poste_au(timezone.localdate()).select_related("structure")


def _referent_choisi(request) -> Referent:
    referents = _referents(request.user)
    choisi = request.GET.get("referent", "")
    if choisi.isdigit():
        return get_object_or_404(Referent.objects.visibles_par(request.user), pk=int(choisi))
    if access.est_referent(request.user):
        referent = Referent.objects.filter(utilisateur=request.user).first()
        if referent is None:
            raise Http404("Aucun référent n'est associé à ce compte.")
        return referent
    referent = referents.first()
    if referent is None:
        raise Http404("Aucun référent en poste.")
    return referent


def _lundi(request) -> datetime.date:
    try:
        jour = datetime.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        jour = timezone.localdate()
    if not datetime.date(1990, 1, 8) <= jour <= datetime.date(2100, 12, 31):
        jour = timezone.localdate()
    return lectures.lundi_de(jour)


@access.acces(Role.REFERENT, Role.ANIMATION, Role.PORTEUR, lecture="agenda")
def semaine(request):
    referent = _referent_choisi(request)
    lundi = _lundi(request)
    noms = access.peut_voir_donnees_personnelles(request.user)
    contexte = lectures.semaine(referent, lundi, noms=noms)
    un_jour = datetime.timedelta(days=7)
    return render(
        request,
        "agenda/semaine.html",
        {
            **contexte,
            "referent": referent,
            "referents": _referents(request.user) if not access.est_referent(request.user) else None,
            "ecrire": services.peut_ecrire(request.user, referent),
            "precedente": (lundi - un_jour).isoformat(),
            "suivante": (lundi + un_jour).isoformat(),
            "cette_semaine": lectures.lundi_de(timezone.localdate()),
            "noms": noms,
        },
    )


def _portefeuille(user, referent: Referent):
    """The parcours an activity may concern: the référent's open ones, within what ``user`` sees."""
    return (
        Parcours.objects.visibles_par(user)
        .filter(referent=referent, date_sortie__isnull=True)
        .select_related("participant")
        .order_by("participant__nom", "participant__prenom")
    )


def _page_activite(request, referent: Referent, activite: Activite | None):
    nouvelle = activite is None
    initial = {}
    if nouvelle:
        try:
            initial["date"] = datetime.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            initial["date"] = timezone.localdate()
    form = ActiviteForm(
        request.POST or None,
        instance=activite,
        initial=initial,
        portefeuille=_portefeuille(request.user, referent),
        nouvelle=nouvelle,
    )
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            enregistree = services.activite_enregistrer(
                referent=referent,
                activite=activite,
                categorie=donnees["categorie"],
                date=donnees["date"],
                debut=donnees["debut"],
                fin=donnees["fin"],
                duree_minutes=donnees["duree_minutes"],
                operation=donnees["operation"],
                participants=donnees["participants"],
                intitule=donnees["intitule"],
                realisee=donnees.get("realisee", False),
                par=request.user,
            )
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        except PermissionDenied as refus:
            form.add_error(None, str(refus))
        else:
            messages.success(request, f"Activité enregistrée : {enregistree}.")
            return redirect(f"{reverse('agenda')}?referent={referent.pk}&semaine={enregistree.date.isoformat()}")
    retour = f"{reverse('agenda')}?referent={referent.pk}"
    return render(
        request,
        "agenda/activite.html",
        {
            "form": form,
            "referent": referent,
            "titre": "Nouvelle activité" if nouvelle else "Modifier l'activité",
            "retour": retour,
            "erreurs": resume_erreurs(form),
        },
    )


@access.acces(Role.REFERENT, Role.ANIMATION, lecture="agenda")
def nouvelle(request):
    referent = _referent_choisi(request)
    if not services.peut_ecrire(request.user, referent):
        raise PermissionDenied
    return _page_activite(request, referent, None)


@access.acces(Role.REFERENT, Role.ANIMATION, lecture="agenda")
def modifier(request, pk):
    activite = get_object_or_404(Activite.objects.visibles_par(request.user).select_related("referent"), pk=pk)
    if not services.peut_ecrire(request.user, activite.referent):
        raise PermissionDenied
    return _page_activite(request, activite.referent, activite)


@access.acces(Role.REFERENT, Role.ANIMATION)
@require_POST
def changer_statut(request, pk):
    activite = get_object_or_404(Activite.objects.visibles_par(request.user), pk=pk)
    vers = request.POST.get("vers", "")
    if vers not in StatutActivite.values:
        messages.error(request, "Statut inconnu.")
    else:
        try:
            services.activite_changer_statut(activite=activite, vers=vers, par=request.user)
        except (ValidationError, PermissionDenied) as erreur:
            messages.error(request, " ".join(getattr(erreur, "messages", [str(erreur)])))
        else:
            messages.success(request, f"Activité {StatutActivite(vers).label.lower()} : {activite}.")
    return redirect(f"{reverse('agenda')}?referent={activite.referent_id}&semaine={activite.date.isoformat()}")
