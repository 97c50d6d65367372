"""The annual activity statistics, for the structure d'animation: tables and charts, Excel export."""

from django.shortcuts import render

from parcours.models import Parcours
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier
from plie.journal import journaliser
from reporting import statistiques as presentation
from reporting.annees import annee_choisie, annees_depuis
from reporting.indicateurs.annuel import statistiques


def _annees() -> list[int]:
    return annees_depuis(Parcours.objects.order_by("date_entree").values_list("date_entree__year", flat=True).first())


@acces(Role.ANIMATION)
def statistiques_annuelles(request):
    annees = _annees()
    annee = annee_choisie(request.GET.get("annee", annees[0]), annees)
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
    annee = annee_choisie(annee, _annees())
    contenu = presentation.classeur(statistiques(annee))
    journaliser(request, action=ActionJournal.EXPORT, objet="statistiques", objet_id=annee)
    return reponse_fichier(contenu, nom=f"statistiques-plie-{annee}.xlsx")
