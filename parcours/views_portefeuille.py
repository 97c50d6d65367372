"""The file active as a list: the référent's portfolio, or every référent's for the structure d'animation."""

import datetime
import io

from django.core.paginator import Paginator
from django.db.models import Case, Exists, Max, OuterRef, Q, Value, When
from django.db.models.fields import BooleanField
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from parcours.doublons import normaliser
from parcours.filters import PortefeuilleFilter
from parcours.models import Etape, Parcours, Veille
from participants.enums import TypeQuartier
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import ecrire_ligne
from plie.journal import journaliser

PAR_PAGE = 50
COLONNES = ["Nom", "Prénom", "Entrée", "Référent", "En étape", "En veille", "RSA", "QPV", "Dernier contact"]


def portefeuille(user, *, au: datetime.date):
    """The open parcours the user may see, annotated for the filters and columns."""
    en_etape = Etape.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=au)
    )
    en_veille = Veille.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=au)
    )
    return (
        Parcours.objects.visibles_par(user)
        .file_active(au=au)
        .select_related("participant", "referent")
        .annotate(
            en_etape=Exists(en_etape),
            en_veille=Exists(en_veille),
            dernier_contact=Max("entretiens__date"),
            est_qpv=Case(
                When(quartier__type=TypeQuartier.QPV, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("participant__nom", "participant__prenom", "pk")
    )


def _par_nom(queryset, recherche: str):
    """People whose name or first name contains the search, ignoring case and accents."""
    cle = normaliser(recherche)
    if not cle:
        return queryset.none()
    return [p for p in queryset if cle in normaliser(p.participant.nom) or cle in normaliser(p.participant.prenom)]


def _oui(valeur: bool) -> str:
    return "oui" if valeur else "non"


def export_excel(request, lignes) -> HttpResponse:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "File active"
    ecrire_ligne(feuille, COLONNES)
    for p in lignes:
        ecrire_ligne(
            feuille,
            [
                p.participant.nom,
                p.participant.prenom,
                p.date_entree,
                str(p.referent),
                _oui(p.en_etape),
                _oui(p.en_veille),
                _oui(p.rsa),
                _oui(p.est_qpv),
                p.dernier_contact,
            ],
        )
    for cellule in feuille["C"][1:] + feuille["I"][1:]:
        cellule.number_format = "DD/MM/YYYY"
    tampon = io.BytesIO()
    classeur.save(tampon)
    journaliser(request, action=ActionJournal.EXPORT, objet="file_active", objet_id=None)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="file-active-{timezone.localdate():%Y-%m-%d}.xlsx"'
    reponse["Cache-Control"] = "no-store"
    return reponse


@acces(Role.REFERENT, Role.ANIMATION)
def liste(request):
    """Filters travel in the URL (no personal data); a search by name is POSTed, never in the URL."""
    filtre = PortefeuilleFilter(request.GET, queryset=portefeuille(request.user, au=timezone.localdate()))
    recherche = request.POST.get("nom", "").strip() if request.method == "POST" else ""
    if request.GET.get("format") == "xlsx":
        return export_excel(request, filtre.qs)
    if recherche:
        lignes, page = _par_nom(filtre.qs, recherche)[:PAR_PAGE], None
    else:
        page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
        lignes = page
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return render(
        request,
        "parcours/portefeuille.html",
        {
            "filtre": filtre,
            "lignes": lignes,
            "page": page,
            "recherche": recherche,
            "parametres": parametres.urlencode(),
        },
    )
