"""The participants as a list: the référent's portfolio, or every référent's for the structure d'animation; the
file active by default, closed parcours on demand."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.fields import BooleanField
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from parcours.doublons import normaliser
from parcours.filters import PortefeuilleFilter
from parcours.models import Entretien, Etape, Parcours, Veille
from participants.enums import TypeQuartier
from plie.access import acces
from plie.enums import Role
from plie.fichiers import reponse_fichier, tableau_excel
from plie.journal import journaliser_export

PAR_PAGE = 50
COLONNES = [
    "Nom",
    "Prénom",
    "Entrée",
    "Sortie",
    "Motif de sortie",
    "Référent",
    "En étape",
    "En veille",
    "RSA",
    "QPV",
    "Dernier contact",
]


def portefeuille(user, *, au: datetime.date):
    """The parcours the user may see, annotated for the filters and columns (PortefeuilleFilter keeps the open
    ones unless asked otherwise)."""
    en_etape = Etape.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=au)
    )
    en_veille = Veille.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=au)
    )
    return (
        Parcours.objects.visibles_par(user)
        .select_related("participant", "referent", "motif_sortie")
        .annotate(
            en_etape=Exists(en_etape),
            en_veille=Exists(en_veille),
            # A subquery, not a join grouped over every entretien: evaluated for the page's rows only.
            dernier_contact=Subquery(
                Entretien.objects.filter(parcours=OuterRef("pk")).order_by("-date").values("date")[:1]
            ),
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
    lignes = list(lignes)
    contenu = tableau_excel(
        "Participants",
        COLONNES,
        (
            [
                p.participant.nom,
                p.participant.prenom,
                p.date_entree,
                p.date_sortie,
                str(p.motif_sortie or ""),
                str(p.referent),
                _oui(p.en_etape),
                _oui(p.en_veille),
                _oui(p.rsa),
                _oui(p.est_qpv),
                p.dernier_contact,
            ]
            for p in lignes
        ),
        colonnes_dates=(2, 3, 10),
    )
    journaliser_export(request, objet="parcours", lignes=[(p.pk, p.participant_id) for p in lignes])
    return reponse_fichier(contenu, nom=f"participants-{timezone.localdate():%Y-%m-%d}.xlsx")


@acces(Role.REFERENT, Role.ANIMATION, lecture="file_active")
def liste(request):
    """Filters travel in the URL (no personal data); a search by name is POSTed, never in the URL."""
    donnees = request.GET.copy()
    donnees.setdefault("etat", "en_cours")
    filtre = PortefeuilleFilter(donnees, queryset=portefeuille(request.user, au=timezone.localdate()))
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
