"""The programmation's figures: operations with their budgets and funding, the people on each operation, the
enveloppe souple, the coût moyen de l'accompagnement. A fixed number of aggregate queries per call."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from parcours.enums import IssueEtape, NatureAide, ObjetAide
from parcours.models import AideIndividuelle, Etape
from participants.enums import Sexe
from programmation.models import Financement, Financeur, Operation
from reporting.indicateurs.arrondi import taux

ZERO = Decimal("0")


def operations(annee: int) -> dict:
    """The year's operations, each with its funding by funder, FSE and co-financing, and the number of étapes and
    people attached to it; the year's totals."""
    financeurs = list(Financeur.objects.all())
    lignes = list(
        Operation.objects.filter(annee=annee)
        .select_related("structure")
        .annotate(
            nb_etapes=Count("etapes", distinct=True),
            nb_personnes=Count("etapes__parcours__participant", distinct=True),
        )
        .order_by("nature", "intitule")
    )
    montants: dict[int, dict[int, Decimal]] = {}
    for operation_id, financeur_id, montant in Financement.objects.filter(operation__annee=annee).values_list(
        "operation_id", "financeur_id", "montant"
    ):
        montants.setdefault(operation_id, {})[financeur_id] = montant
    fse_ids = {f.pk for f in financeurs if f.est_fse}
    resultat = []
    for operation in lignes:
        par_financeur = montants.get(operation.pk, {})
        fse = sum((m for f, m in par_financeur.items() if f in fse_ids), ZERO)
        finance = sum(par_financeur.values(), ZERO)
        resultat.append(
            {
                "id": operation.pk,
                "intitule": operation.intitule,
                "porteur": operation.porteur,
                "nature": operation.get_nature_display(),
                "budget_prevu": operation.budget_prevu,
                "budget_realise": operation.budget_realise,
                "financements": [par_financeur.get(f.pk, ZERO) for f in financeurs],
                "fse": fse,
                "cofinancement": finance - fse,
                "part_fse": taux(fse, operation.budget_prevu),
                "etapes": operation.nb_etapes,
                "personnes": operation.nb_personnes,
            }
        )
    total_prevu = sum((o["budget_prevu"] for o in resultat), ZERO)
    realises = [o["budget_realise"] for o in resultat if o["budget_realise"] is not None]
    total_fse = sum((o["fse"] for o in resultat), ZERO)
    return {
        "annee": annee,
        "financeurs": [f.nom for f in financeurs],
        "operations": resultat,
        "total": {
            "budget_prevu": total_prevu,
            "budget_realise": sum(realises, ZERO) if realises else None,
            "financements": [sum((o["financements"][i] for o in resultat), ZERO) for i in range(len(financeurs))],
            "fse": total_fse,
            "cofinancement": sum((o["cofinancement"] for o in resultat), ZERO),
            "part_fse": taux(total_fse, total_prevu),
        },
    }


def total_programmation(annee: int) -> Decimal:
    """The year's programmation: the sum of the planned budgets of its operations."""
    return Operation.objects.filter(annee=annee).aggregate(total=Coalesce(Sum("budget_prevu"), ZERO))["total"]


def cout_moyen(total: Decimal, personnes: int) -> float | None:
    """Coût moyen de l'accompagnement: the programmation over the distinct people accompanied in the year."""
    return float(total / personnes) if personnes else None


def participants_operation(operation: Operation) -> dict:
    """The people on an operation and their outcomes: étapes still in progress, how the others ended, the exits
    of their parcours. ``etapes`` is the queryset to list (for the structure d'animation: names are shown)."""
    etapes = Etape.objects.filter(operation=operation)
    resume = etapes.aggregate(
        etapes=Count("pk"),
        personnes=Count("parcours__participant", distinct=True),
        en_cours=Count("pk", filter=Q(date_fin__isnull=True)),
        parcours_sortis=Count("parcours", distinct=True, filter=Q(parcours__date_sortie__isnull=False)),
        sorties_positives=Count(
            "parcours",
            distinct=True,
            filter=Q(parcours__date_sortie__isnull=False, parcours__motif_sortie__positive=True),
        ),
    )
    libelles = dict(IssueEtape.choices)
    par_issue = [
        (libelles.get(ligne["issue"]) or "Issue non renseignée", ligne["n"])
        for ligne in etapes.filter(date_fin__isnull=False)
        .values("issue")
        .annotate(n=Count("pk"))
        .order_by("-n", "issue")
    ]
    return {
        **resume,
        "par_issue": par_issue,
        "etapes_liste": etapes.select_related(
            "type", "parcours__participant", "parcours__referent", "parcours__motif_sortie"
        ).order_by("-date_debut", "parcours__participant__nom", "pk"),
    }


def enveloppe_souple(annee: int) -> dict:
    """The individual aids granted in the year: totals by nature and by purpose, beneficiaries, share of women,
    mean amount per person."""
    aides = AideIndividuelle.objects.filter(date__year=annee)
    total = aides.aggregate(
        montant=Coalesce(Sum("montant"), ZERO),
        nombre=Count("pk"),
        beneficiaires=Count("parcours__participant", distinct=True),
        femmes=Count("parcours__participant", distinct=True, filter=Q(parcours__participant__sexe=Sexe.FEMME)),
    )

    def par(champ: str, choix) -> list[dict]:
        libelles = dict(choix)
        lignes = aides.values(champ).annotate(
            nombre=Count("pk"), montant=Sum("montant"), beneficiaires=Count("parcours__participant", distinct=True)
        )
        return sorted(
            (
                {
                    "libelle": libelles.get(ligne[champ], ligne[champ]),
                    "nombre": ligne["nombre"],
                    "montant": ligne["montant"],
                    "beneficiaires": ligne["beneficiaires"],
                    "pourcentage": taux(ligne["montant"], total["montant"]),
                }
                for ligne in lignes
            ),
            key=lambda ligne: -ligne["montant"],
        )

    return {
        "annee": annee,
        "montant": total["montant"],
        "nombre": total["nombre"],
        "beneficiaires": total["beneficiaires"],
        "part_femmes": taux(total["femmes"], total["beneficiaires"]),
        "moyenne_par_personne": float(total["montant"] / total["beneficiaires"]) if total["beneficiaires"] else None,
        "par_nature": par("nature", NatureAide.choices),
        "par_objet": par("objet", ObjetAide.choices),
    }
