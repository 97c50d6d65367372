"""The référents' annual costs (entered by their employer) and the staff cost of an operation, with its export."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from agenda import couts, services
from participants.models import Referent
from plie import access
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier, tableau_excel
from plie.journal import journaliser
from programmation.models import Operation


def _annee(request) -> int:
    texte = request.GET.get("annee") or request.POST.get("annee") or ""
    return int(texte) if texte.isdigit() and 1990 <= int(texte) <= 2100 else timezone.localdate().year


@access.acces(Role.ANIMATION, Role.PORTEUR)
def couts_des_referents(request):
    """Each référent the user employs (or every one, for the structure d'animation) with their cost of the year,
    average ETP and hourly rate; a cost entered or corrected."""
    annee = _annee(request)
    referents = list(
        Referent.objects.visibles_par(request.user)
        .filter(historique_etp__date_debut__lte=datetime.date(annee, 12, 31))
        .distinct()
        .select_related("structure")
        .order_by("structure__nom", "nom", "prenom")
    )
    if request.method == "POST":
        referent = next((r for r in referents if str(r.pk) == request.POST.get("referent")), None)
        try:
            montant = Decimal(request.POST.get("montant", "").replace(" ", "").replace("\u202f", "").replace(",", "."))
        except InvalidOperation:
            messages.error(request, "Indiquez le coût annuel en euros, par exemple 42 500,00.")
        else:
            if referent is None:
                messages.error(request, "Choisissez un référent.")
            else:
                try:
                    services.cout_enregistrer(referent=referent, annee=annee, montant=montant, par=request.user)
                except ValidationError as erreur:
                    messages.error(request, " ".join(erreur.messages))
                except PermissionDenied as refus:
                    messages.error(request, str(refus))
                else:
                    messages.success(request, f"Coût {annee} de {referent} enregistré.")
                    return redirect(f"{reverse('agenda_couts')}?annee={annee}")
    lignes = couts.taux_des_referents(annee, list(referents))
    return render(
        request,
        "agenda/couts.html",
        {"annee": annee, "lignes": lignes, "annees": range(timezone.localdate().year + 1, 2014, -1)},
    )


def _date(texte: str, defaut: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError:
        return defaut


@access.acces(Role.ANIMATION)
def cout_operation(request, pk):
    """An operation's staff cost over a period of its year, référent by référent; its Excel export."""
    operation = get_object_or_404(Operation, pk=pk)
    debut = _date(request.GET.get("debut", ""), datetime.date(operation.annee, 1, 1))
    fin = _date(request.GET.get("fin", ""), datetime.date(operation.annee, 12, 31))
    calcul = couts.cout_des_personnels(operation, debut, fin)
    if request.GET.get("format") == "xlsx":
        colonnes = [
            "Référent",
            "Structure porteuse",
            "Heures validées",
            "Coût annuel (€)",
            "ETP moyen",
            "Taux horaire (€)",
            "Coût des personnels (€)",
        ]
        lignes = [
            [
                str(ligne.referent),
                str(ligne.referent.structure),
                round(ligne.minutes / 60, 2),
                ligne.cout_annuel,
                float(round(ligne.etp, 4)),
                ligne.taux.quantize(Decimal("0.0001")) if ligne.taux is not None else None,
                ligne.montant,
            ]
            for ligne in calcul["lignes"]
        ]
        lignes.append(["Total", "", round(calcul["minutes"] / 60, 2), None, None, None, calcul["total"]])
        journaliser(request, action=ActionJournal.EXPORT, objet="cout_operation", objet_id=operation.pk)
        return reponse_fichier(
            tableau_excel("Coût des personnels", colonnes, lignes),
            nom=f"cout-personnels-{operation.pk}-{calcul['debut']:%Y%m%d}-{calcul['fin']:%Y%m%d}.xlsx",
        )
    return render(request, "agenda/cout_operation.html", calcul)
