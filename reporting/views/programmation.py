"""The programmation as the structure d'animation reads it: operations with budgets and funding, the people on
each operation, the enveloppe souple, the coût moyen; Excel exports. Figures come from the engine."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agenda import couts
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier, tableau_excel
from plie.journal import journaliser
from programmation.models import Operation
from reporting import graphiques_web
from reporting.annees import annee_choisie, annees_depuis
from reporting.indicateurs import programmation as calcul
from reporting.indicateurs.annuel import cout_moyen_annee
from reporting.indicateurs.arrondi import un_decimal


def _annees() -> list[int]:
    """The programmation's years, next year included (it is prepared in advance)."""
    premiere = Operation.objects.order_by("annee").values_list("annee", flat=True).first()
    return annees_depuis(premiere, derniere=timezone.localdate().year + 1)


def _annee_demandee(request) -> tuple[int, list[int]]:
    annees = _annees()
    return annee_choisie(request.GET.get("annee", timezone.localdate().year), annees), annees


@acces(Role.ANIMATION)
def programmation(request):
    annee, annees = _annee_demandee(request)
    prog = calcul.operations(annee)
    cout_personnels = couts.couts_de_l_annee(annee)
    for operation in prog["operations"]:
        operation["cout_personnels"] = cout_personnels.get(operation["id"], Decimal("0.00"))
    financement = graphiques_web.graphique(
        prog["financeurs"], [graphiques_web.serie("Financements prévus", prog["total"]["financements"])], unite=" €"
    )
    return render(
        request,
        "reporting/programmation.html",
        {
            "annee": annee,
            "annees": annees,
            "prog": prog,
            "cout": cout_moyen_annee(annee),
            "cout_personnels_total": sum(cout_personnels.values(), Decimal("0.00")),
            "graphique_financeurs": financement,
        },
    )


@acces(Role.ANIMATION)
def programmation_excel(request, annee: int):
    annee = annee_choisie(annee, _annees())
    prog = calcul.operations(annee)
    colonnes = ["Opération", "Porteur", "Nature", "Budget prévisionnel (€)", "Budget réalisé (€)"]
    colonnes += [f"{nom} (€)" for nom in prog["financeurs"]]
    colonnes += ["dont FSE (€)", "Cofinancements hors FSE (€)", "Part FSE (%)", "Étapes", "Personnes"]
    lignes = [
        [o["intitule"], o["porteur"], o["nature"], o["budget_prevu"], o["budget_realise"], *o["financements"]]
        + [o["fse"], o["cofinancement"], un_decimal(o["part_fse"]), o["etapes"], o["personnes"]]
        for o in prog["operations"]
    ]
    total = prog["total"]
    lignes.append(
        ["Total", "", "", total["budget_prevu"], total["budget_realise"], *total["financements"]]
        + [total["fse"], total["cofinancement"], un_decimal(total["part_fse"]), None, None]
    )
    journaliser(request, action=ActionJournal.EXPORT, objet="programmation", objet_id=annee)
    return reponse_fichier(
        tableau_excel(f"Programmation {annee}", colonnes, lignes), nom=f"programmation-{annee}.xlsx"
    )


@acces(Role.ANIMATION, lecture="operation")
def operation(request, pk: int):
    """An operation's people and their outcomes (a read of their data, journaled by the policy)."""
    operation = get_object_or_404(Operation.objects.select_related("structure"), pk=pk)
    resume = calcul.participants_operation(operation)
    page = Paginator(resume.pop("etapes_liste"), 50).get_page(request.GET.get("page"))
    return render(request, "reporting/operation.html", {"operation": operation, "resume": resume, "page": page})


@acces(Role.ANIMATION)
def enveloppe_souple(request):
    annee, annees = _annee_demandee(request)
    env = calcul.enveloppe_souple(annee)
    par_nature = graphiques_web.graphique(
        [ligne["libelle"] for ligne in env["par_nature"]],
        [graphiques_web.serie("Montant accordé", [ligne["montant"] for ligne in env["par_nature"]])],
        unite=" €",
    )
    return render(
        request,
        "reporting/enveloppe_souple.html",
        {
            "annee": annee,
            "annees": annees,
            "env": env,
            "graphique_nature": par_nature,
            "tableaux": [("Par nature", "Nature", env["par_nature"]), ("Par objet", "Objet", env["par_objet"])],
        },
    )


@acces(Role.ANIMATION)
def enveloppe_souple_excel(request, annee: int):
    annee = annee_choisie(annee, _annees())
    env = calcul.enveloppe_souple(annee)
    colonnes = ["Regroupement", "Libellé", "Aides", "Montant (€)", "Bénéficiaires", "Part du montant (%)"]
    lignes = [
        [
            groupe,
            ligne["libelle"],
            ligne["nombre"],
            ligne["montant"],
            ligne["beneficiaires"],
            un_decimal(ligne["pourcentage"]),
        ]
        for groupe, cle in (("Nature", "par_nature"), ("Objet", "par_objet"))
        for ligne in env[cle]
    ]
    lignes += [
        [
            "Total",
            "Aides accordées",
            env["nombre"],
            env["montant"],
            env["beneficiaires"],
            None,
        ],
        ["Total", "Part de femmes parmi les bénéficiaires (%)", None, None, None, un_decimal(env["part_femmes"])],
        ["Total", "Montant moyen par personne (€)", None, un_decimal(env["moyenne_par_personne"]), None, None],
    ]
    journaliser(request, action=ActionJournal.EXPORT, objet="enveloppe_souple", objet_id=annee)
    return reponse_fichier(
        tableau_excel(f"Enveloppe souple {annee}", colonnes, lignes), nom=f"enveloppe-souple-{annee}.xlsx"
    )
