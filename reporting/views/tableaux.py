"""A référent's dashboard and one-page activity sheet, for the structure d'animation, the référent's structure
porteuse and the référent themselves (counts only: no participant is named)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst

from participants.models import Referent
from plie import access
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier
from plie.journal import journaliser
from reporting import tableaux
from reporting.tableaux import excel as tableaux_excel
from reporting.tableaux import fiche

ROLES = (Role.ANIMATION, Role.PORTEUR, Role.REFERENT)


def _tableau(request, pk: int):
    referent = get_object_or_404(Referent.objects.visibles_par(request.user).select_related("structure"), pk=pk)
    aujourdhui = timezone.localdate()
    periode = tableaux.periode_choisie(request.GET.get("mois"), aujourdhui)
    return {
        **tableaux.tableau_referent(referent, periode, aujourdhui),
        "periode": periode,
        "aujourdhui": aujourdhui,
        "mois_proposes": tableaux.choix_des_mois(periode, aujourdhui),
        "situation": tableaux.situation(periode, aujourdhui),
    }


@acces(*ROLES)
def tableau_referent(request, pk: int):
    return render(request, "reporting/tableau_referent.html", _tableau(request, pk))


@acces(*ROLES)
def fiche_referent(request, pk: int):
    """The sheet for the tripartite meeting, as PDF (one page, rendered on request: about a second)."""
    contexte = _tableau(request, pk)
    contenu = fiche.pdf(contexte, situation=contexte["situation"], aujourdhui=contexte["aujourdhui"])
    journaliser(request, action=ActionJournal.EXPORT, objet="fiche_referent", objet_id=pk)
    return reponse_fichier(
        contenu, nom=f"fiche-activite-{pk}-{contexte['periode']}.pdf", type_contenu="application/pdf"
    )


@acces(Role.ANIMATION, Role.PORTEUR)
def tableau_excel(request):
    """The référents' table of the dashboard (all of them, or the structure porteuse's), as a workbook."""
    aujourdhui = timezone.localdate()
    periode = tableaux.periode_choisie(request.GET.get("mois"), aujourdhui)
    referents = None
    if access.a_le_role(request.user, Role.PORTEUR):
        referents = list(Referent.objects.visibles_par(request.user).values_list("pk", flat=True))
    tableau = tableaux.tableau_structures(periode, referents, aujourdhui)
    contenu = tableaux_excel.classeur(tableau, situation=capfirst(tableaux.situation(periode, aujourdhui)))
    journaliser(request, action=ActionJournal.EXPORT, objet="tableau_referents", objet_id=None)
    return reponse_fichier(contenu, nom=f"referents-{periode}.xlsx")
