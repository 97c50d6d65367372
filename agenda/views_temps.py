"""The monthly time statements: the month's list (each référent's status and hours), one statement with its
validations, and its PDF."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agenda import services, temps
from agenda.enums import StatutActivite, StatutEtatTemps
from agenda.models import Activite, EtatTemps
from parcours.models import Entretien
from participants.models import Referent
from plie import access
from plie.enums import Role
from plie.pdf import ecrire_pdf

ROLES = (Role.REFERENT, Role.ANIMATION, Role.PORTEUR)


def mois_choisi(request, *, par_defaut_le_precedent: bool = True) -> tuple[int, int]:
    """The month asked (``?mois=2026-11``), else the month before this one (the one to validate), or this one."""
    try:
        annee, mois = (int(x) for x in request.GET.get("mois", "").split("-"))
        if not 1990 <= annee <= 2100:
            raise ValueError
        datetime.date(annee, mois, 1)
    except ValueError:
        jour = timezone.localdate()
        if par_defaut_le_precedent:
            jour = jour.replace(day=1) - datetime.timedelta(days=1)
        annee, mois = jour.year, jour.month
    return annee, mois


@access.acces(*ROLES)
def liste(request):
    """Each référent the user may see, with the month's hours done and their statement's status (three queries,
    whatever the number of référents)."""
    annee, mois = mois_choisi(request)
    debut, fin = temps.bornes(annee, mois)
    en_poste = (
        Referent.objects.en_poste_au(debut)
        .order_by()
        .values("pk")
        .union(Referent.objects.en_poste_au(fin).order_by().values("pk"))
    )
    arrives = Referent.objects.filter(historique_etp__date_debut__range=(debut, fin), historique_etp__etp__gt=0)
    referents = list(
        Referent.objects.visibles_par(request.user)
        .filter(Q(pk__in=en_poste) | Q(pk__in=arrives.values("pk")))
        .select_related("structure")
        .order_by("structure__nom", "nom", "prenom")
    )
    ids = [r.pk for r in referents]
    minutes = dict(
        Activite.objects.filter(referent_id__in=ids, date__range=(debut, fin), statut=StatutActivite.REALISEE)
        .values_list("referent_id")
        .annotate(m=Sum("duree_minutes"))
    )
    for referent_id, m in (
        Entretien.objects.filter(referent_id__in=ids, date__range=(debut, fin))
        .values_list("referent_id")
        .annotate(m=Sum("duree_minutes"))
    ):
        minutes[referent_id] = minutes.get(referent_id, 0) + m
    etats = {e.referent_id: e for e in EtatTemps.objects.filter(referent_id__in=ids, annee=annee, mois=mois)}
    precedent = debut - datetime.timedelta(days=1)
    suivant = fin + datetime.timedelta(days=1)
    return render(
        request,
        "agenda/temps_liste.html",
        {
            "libelle": temps.libelle_mois(annee, mois),
            "annee": annee,
            "mois": mois,
            "lignes": [{"referent": r, "minutes": minutes.get(r.pk, 0), "etat": etats.get(r.pk)} for r in referents],
            "precedent": f"{precedent.year}-{precedent.month:02d}",
            "suivant": f"{suivant.year}-{suivant.month:02d}" if suivant <= timezone.localdate() else "",
        },
    )


def _verifier_mois(annee: int, mois: int) -> None:
    if not (1 <= mois <= 12 and 1990 <= annee <= 2100):
        raise Http404


def _referent(request, pk) -> Referent:
    return get_object_or_404(Referent.objects.visibles_par(request.user).select_related("structure"), pk=pk)


def _contexte(request, referent: Referent, annee: int, mois: int) -> dict:
    _verifier_mois(annee, mois)
    releve = temps.releve(referent, annee, mois)
    etat = releve.etat
    statut = etat.statut if etat else ""
    user = request.user
    referent_lui_meme = access.est_referent(user) and referent.utilisateur_id == user.pk
    employeur = services.est_employeur(user, referent)
    return {
        "releve": releve,
        "referent": referent,
        "changements": list(etat.changements_statut.select_related("par")) if etat else [],
        "peut_valider": referent_lui_meme and statut in ("", StatutEtatTemps.EN_COURS),
        "peut_valider_employeur": employeur and statut == StatutEtatTemps.VALIDE_REFERENT,
        "peut_rouvrir": (employeur and statut in (StatutEtatTemps.VALIDE_REFERENT, StatutEtatTemps.VERROUILLE))
        or (access.est_animation(user) and statut == StatutEtatTemps.VERROUILLE),
    }


@access.acces(*ROLES)
def detail(request, pk, annee, mois):
    referent = _referent(request, pk)
    return render(request, "agenda/temps.html", _contexte(request, referent, annee, mois))


@access.acces(*ROLES)
def pdf(request, pk, annee, mois):
    referent = _referent(request, pk)
    contexte = _contexte(request, referent, annee, mois)
    document = render_to_string("agenda/temps_pdf.html", {**contexte, "imprime_le": timezone.localtime()})
    reponse = HttpResponse(ecrire_pdf(document), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="etat-des-temps-{referent.pk}-{annee}-{mois:02d}.pdf"'
    return reponse


@access.acces(Role.REFERENT, Role.ANIMATION, Role.PORTEUR)
@require_POST
def agir(request, pk, annee, mois, action):
    _verifier_mois(annee, mois)
    referent = _referent(request, pk)
    retour = reverse("agenda_temps", args=[pk, annee, mois])
    try:
        if action == "valider":
            services.etat_valider_referent(referent=referent, annee=annee, mois=mois, par=request.user)
            messages.success(request, "État des temps validé : il part à votre employeur.")
        else:
            etat = get_object_or_404(EtatTemps, referent=referent, annee=annee, mois=mois)
            if action == "valider-employeur":
                services.etat_valider_employeur(etat=etat, par=request.user)
                messages.success(request, "État des temps validé par l'employeur : le mois est verrouillé.")
            elif action == "rouvrir":
                services.etat_rouvrir(etat=etat, par=request.user, motif=request.POST.get("motif", ""))
                messages.success(request, "État des temps rouvert : il devra être validé de nouveau.")
            else:
                raise Http404
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    except PermissionDenied as refus:
        messages.error(request, str(refus))
    return redirect(retour)
