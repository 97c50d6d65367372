"""The annual activity statistics, for the structure d'animation: tables and charts, Excel export."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from parcours.models import Parcours
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier
from plie.journal import journaliser
from reporting import statistiques as presentation
from reporting.indicateurs.annuel import statistiques


def _annee(valeur, premiere: int, derniere: int) -> int:
    try:
        annee = int(valeur)
    except (TypeError, ValueError):
        raise Http404("Année invalide.") from None
    if not premiere <= annee <= derniere:
        raise Http404("Année hors de la période suivie.")
    return annee


def _annees() -> list[int]:
    derniere = timezone.localdate().year
    premiere = Parcours.objects.order_by("date_entree").values_list("date_entree__year", flat=True).first()
    return list(range(derniere, (premiere or derniere) - 1, -1))


@acces(Role.ANIMATION)
def statistiques_annuelles(request):
    annees = _annees()
    annee = _annee(request.GET.get("annee", annees[0]), annees[-1], annees[0])
    stats = statistiques(annee)
    tableaux = [presentation.pour_affichage(tableau, annee) for tableau in stats["tableaux"]]
    return render(
        request,
        "reporting/statistiques.html",
        {
            "stats": stats,
            "annee": annee,
            "annees": annees,
            "synthese": presentation.synthese(stats),
            "tableaux": tableaux,
        },
    )


@acces(Role.ANIMATION)
def statistiques_excel(request, annee: int):
    annees = _annees()
    annee = _annee(annee, annees[-1], annees[0])
    contenu = presentation.classeur(statistiques(annee))
    journaliser(request, action=ActionJournal.EXPORT, objet="statistiques", objet_id=annee)
    return reponse_fichier(contenu, nom=f"statistiques-plie-{annee}.xlsx")
