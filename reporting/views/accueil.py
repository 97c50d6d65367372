"""The signed-in home page: each role's dashboard."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from participants.models import Referent
from plie import access
from plie.access import TOUS_LES_ROLES, acces
from plie.enums import ActionJournal, Role
from plie.journal import journaliser
from reporting import tableaux
from reporting.tableaux import accueil as travail


@acces(*TOUS_LES_ROLES)
def accueil(request):
    """The structure d'animation, a structure porteuse and a référent land on their dashboard; a financeur on
    the letters; an administrator on the referentials."""
    user = request.user
    if access.est_prescripteur(user):
        return redirect("prescripteur")
    aujourdhui = timezone.localdate()
    context = {"aujourdhui": aujourdhui}
    if access.a_le_role(user, Role.ANIMATION, Role.PORTEUR, Role.REFERENT):
        periode = tableaux.periode_choisie(request.GET.get("mois"), aujourdhui)
        parametres = request.GET.copy()
        parametres.pop("page", None)
        context["parametres"] = parametres.urlencode()
        context.update(
            periode=periode,
            mois_proposes=tableaux.choix_des_mois(periode, aujourdhui),
            situation=tableaux.situation(periode, aujourdhui),
        )
    if access.est_referent(user):
        referent = Referent.objects.select_related("structure").filter(utilisateur=user).first()
        context["referent"] = referent
        if referent is not None:
            visibles = travail.alertes_visibles(user, au=aujourdhui)
            context.update(tableaux.tableau_referent(referent, periode, aujourdhui, alertes=visibles))
            context.update(travail.a_faire(referent, au=aujourdhui))
            context["alertes"] = travail.alertes_groupees(visibles)
            # The page names people (alerts, prescriptions to receive, latest parcours): a read of their data.
            journaliser(request, action=ActionJournal.CONSULTATION, objet="accueil", objet_id=referent.pk)
    elif access.est_animation(user):
        context.update(tableaux.tableau_animation(periode, aujourdhui, page=request.GET.get("page") or "1"))
        # The month's entries, as the tile counts them: every parcours entered in the month, open or not.
        entrees = {
            "etat": "tous",
            "entre_du": periode.debut_mois.isoformat(),
            "entre_au": periode.fin_mois.isoformat(),
        }
        context["lien_entrees_mois"] = f"{reverse('file_active')}?{urlencode(entrees)}"
    elif access.a_le_role(user, Role.PORTEUR):
        referents = list(Referent.objects.visibles_par(user).values_list("pk", flat=True))
        context.update(
            tableaux.tableau_structures(periode, referents, aujourdhui, page=request.GET.get("page") or "1")
        )
        context["structures"] = user.structures_porteuses.order_by("nom")
    return render(request, f"reporting/accueil_{user.role}.html", context)
