"""The FSE+ screens: the completeness board (structure d'animation; each référent for their own), a
participation's page (its indicators, the entry and exit questionnaires, the correction), a parcours'
participations, an operation's indicator table and its exports. Thin: the services decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fse import completude, indicateurs, services
from fse.enums import EtatExport, Genre
from fse.forms import CorrectionForm, DonneesEntreeForm, DonneesSortieForm, ExportForm, FiltreTableauForm, PeriodeForm
from fse.models import ExportFse, Participation
from fse.participations import TACHE as TACHE_SYNCHRONISATION
from fse.participations import nom_actualisation, operations_fse, periode, synchroniser
from parcours.models import Parcours
from participants.models import Referent
from plie import access, actualisations
from plie.access import acces
from plie.enums import Role
from plie.fichiers import TYPE_XLSX, reponse_fichier
from plie.formulaires import erreurs_du_service, resume_erreurs
from plie.journal import journaliser_export

PAR_PAGE = 50
REFERENTS_PAR_PAGE = 30


def _participations_de(user):
    """The participations a user may open: all for the structure d'animation; for a référent, those of the
    parcours they follow today (their portfolio and the cover they give) — not a person's earlier parcours
    followed by someone else: the answers are the following référent's only."""
    if access.est_animation(user):
        return Participation.objects.all()
    return _a_suivre(user)


def _a_suivre(user):
    """The board's scope: every participation, or the référent's current portfolio."""
    if access.est_animation(user):
        return Participation.objects.all()
    referents = Referent.objects.agissant_pour(user, au=timezone.localdate())
    return Participation.objects.filter(parcours__referent__in=referents)


def _parcours_suivis(user) -> list[int] | None:
    """The parcours whose participations the board refreshes: all (None) for the structure d'animation, the
    portfolio for a référent."""
    if access.est_animation(user):
        return None
    referents = Referent.objects.agissant_pour(user, au=timezone.localdate())
    return list(Parcours.objects.filter(referent__in=referents).values_list("pk", flat=True))


@acces(Role.ANIMATION, Role.REFERENT, lecture="fse_tableau_de_bord")
def tableau_de_bord(request):
    """Counts per operation and per référent and the page of participations, all counted and paged by the
    database. A référent's portfolio is synchronised here (its cost is the portfolio's); every operation's
    participations for the structure d'animation are synchronised in the background, the page says when."""
    aujourd_hui = timezone.localdate()
    annees = sorted(set(operations_fse().values_list("annee", flat=True)), reverse=True)
    referents = Referent.objects.visibles_par(request.user)
    annee = aujourd_hui.year if aujourd_hui.year in annees or not annees else annees[0]
    donnees = request.GET.copy()
    if annees and not donnees.get("annee"):
        donnees["annee"] = str(annee)  # the year shown is the year counted, and its operations are offered
    form = FiltreTableauForm(donnees, annees=annees, referents=referents)
    filtres = form.cleaned_data if form.is_valid() else {}
    annee = filtres.get("annee") or annee
    operations = list(operations_fse().filter(annee=annee))
    animation = access.est_animation(request.user)
    if animation:
        actualisation = actualisations.rafraichir_si_perimee(nom_actualisation(annee), TACHE_SYNCHRONISATION, annee)
    else:
        synchroniser(operations=operations, parcours_ids=_parcours_suivis(request.user), attendre=False)
        actualisation = None
    qs = completude.du_tableau(_a_suivre(request.user), operations)
    if filtres.get("operation"):
        qs = qs.filter(operation=filtres["operation"])
    if filtres.get("referent"):
        qs = qs.filter(parcours__referent=filtres["referent"])
    etat = filtres.get("etat") or "a_revoir"
    montres = (
        qs.filter(completude.FILTRES[etat])
        .annotate(retard=Case(When(completude.EN_RETARD, then=Value(0)), default=Value(1)))
        .order_by("retard", "date_entree", "pk")
    )
    page = Paginator(montres.values_list("pk", flat=True), PAR_PAGE).get_page(request.GET.get("page"))
    rangs = {pk: rang for rang, pk in enumerate(page.object_list)}
    lignes = completude.suivis(
        Participation.objects.filter(pk__in=rangs).select_related("parcours__referent"), aujourd_hui=aujourd_hui
    )
    page.object_list = sorted(lignes, key=lambda s: rangs[s.participation.pk])
    if actualisation is not None and actualisation.calculee_le is not None:
        # The structure d'animation: the counts the background synchronisation stored, with their time.
        filtres_comptes = {"operation": filtres.get("operation"), "referent": filtres.get("referent")}
        par_operation = completude.bilan_enregistre(annee, par="operation", **filtres_comptes)
        par_referent = completude.bilan_enregistre(annee, par="referent", **filtres_comptes)
    else:
        # A référent's portfolio, or a year never synchronised yet: counted on the request.
        par_operation = completude.bilan(qs, par="operation")
        par_referent = completude.bilan(qs, par="referent")
    referents = Paginator(par_referent, REFERENTS_PAR_PAGE).get_page(request.GET.get("page_referents"))
    return render(
        request,
        "fse/tableau_de_bord.html",
        {
            "form": form,
            "annee": annee,
            "par_operation": par_operation,
            "par_referent": referents,
            "parametres": _sans(request.GET, "page"),
            "parametres_referents": _sans(request.GET, "page_referents"),
            "page": page,
            "animation": animation,
            "actualisation": actualisation,
        },
    )


def _sans(parametres, cle: str) -> str:
    """The query string without ``cle`` (the links of one of the page's two paginations)."""
    parametres = parametres.copy()
    parametres.pop(cle, None)
    return parametres.urlencode()


def _participation(request, pk: int) -> Participation:
    participation = get_object_or_404(
        _participations_de(request.user).select_related("parcours__participant", "operation"), pk=pk
    )
    synchroniser(operations=[participation.operation], parcours_ids=[participation.parcours_id], attendre=False)
    if not Participation.objects.filter(pk=pk).exists():
        raise Http404
    request.participant_lu = participation.parcours.participant_id
    return Participation.objects.select_related("parcours__participant", "parcours__commune", "operation").get(pk=pk)


def _contexte(request, participation: Participation, **formulaires) -> dict:
    (suivi,) = completude.suivis(Participation.objects.filter(pk=participation.pk), aujourd_hui=timezone.localdate())
    participation, valeurs = suivi.participation, suivi.valeurs
    participant = participation.parcours.participant
    entree = getattr(participation, "donnees_entree", None)
    sortie = getattr(participation, "donnees_sortie", None)
    genre_initial = indicateurs.genre(participation)
    formulaires.setdefault(
        "form_entree",
        DonneesEntreeForm(
            initial={
                "genre": genre_initial,
                **(
                    {c: getattr(entree, c) for c in ("sans_domicile", "origine_etrangere", "minorite")}
                    if entree
                    else {}
                ),
            },
            prefix="entree",
        ),
    )
    initial_sortie = {"telephone": participant.telephone, "email": participant.email}
    if sortie:
        initial_sortie.update(
            {
                c: getattr(sortie, c)
                for c in ("date_situation", "recherche_emploi", "formation", "qualification", "emploi")
            }
        )
    elif participation.date_sortie:
        initial_sortie["date_situation"] = min(participation.date_sortie, timezone.localdate())
    formulaires.setdefault("form_sortie", DonneesSortieForm(initial=initial_sortie, prefix="sortie"))
    formulaires.setdefault(
        "form_correction",
        CorrectionForm(
            initial={
                "entree": participation.entree_corrigee,
                "sortie": participation.sortie_corrigee,
                "exclue": participation.exclue,
                "motif": participation.motif_correction,
            },
            prefix="correction",
        ),
    )
    return {
        "participation": participation,
        "suivi": suivi,
        "lignes_entree": [(i, valeurs[i.cle]) for i in indicateurs.A_L_ENTREE if i.cle != "total"],
        "lignes_sortie": [(i, valeurs[i.cle]) for i in indicateurs.A_LA_SORTIE],
        "genre": Genre(genre_initial).label,
        "peut_renseigner": services.peut_renseigner(participation, request.user),
        "animation": access.est_animation(request.user),
        "erreurs": resume_erreurs(*formulaires.values()),
        **formulaires,
    }


@acces(Role.ANIMATION, Role.REFERENT, lecture="fse_participation")
def participation(request, pk: int):
    objet = _participation(request, pk)
    if request.method != "POST":
        return render(request, "fse/participation.html", _contexte(request, objet))
    action = request.POST.get("action")
    formulaires = {}
    try:
        if action == "entree":
            form = formulaires["form_entree"] = DonneesEntreeForm(request.POST, prefix="entree")
            if form.is_valid():
                services.donnees_entree_enregistrer(participation=objet, par=request.user, **form.cleaned_data)
                messages.success(request, "Les données d'entrée sont enregistrées.")
                return redirect("fse_participation", pk=pk)
        elif action == "sortie":
            form = formulaires["form_sortie"] = DonneesSortieForm(request.POST, prefix="sortie")
            if form.is_valid():
                services.donnees_sortie_enregistrer(participation=objet, par=request.user, **form.cleaned_data)
                messages.success(request, "Les données de sortie sont enregistrées.")
                return redirect("fse_participation", pk=pk)
        elif action == "correction":
            form = formulaires["form_correction"] = CorrectionForm(request.POST, prefix="correction")
            if form.is_valid():
                services.participation_corriger(participation=objet, par=request.user, **form.cleaned_data)
                messages.success(request, "La correction est enregistrée.")
                return redirect("fse_participation", pk=pk)
        else:
            raise PermissionDenied
    except ValidationError as erreur:
        erreurs_du_service(erreur, form)
    return render(request, "fse/participation.html", _contexte(request, objet, **formulaires), status=200)


@acces(Role.ANIMATION)
def supprimer(request, pk: int):
    objet = _participation(request, pk)
    if request.method == "POST":
        try:
            services.participation_supprimer(participation=objet, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
            return redirect("fse_participation", pk=pk)
        messages.success(request, "La participation est supprimée.")
        return redirect("fse")
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": "Supprimer la participation",
            "texte": f"La participation à « {objet.operation} » n'est plus déduite du dossier. La supprimer efface "
            "aussi ses données d'entrée et de sortie. Cette action est définitive.",
            "bouton": "Supprimer la participation",
            "retour": reverse("fse_participation", args=[pk]),
        },
    )


@acces(Role.ANIMATION, Role.REFERENT, lecture="fse_parcours")
def du_parcours(request, parcours_pk: int):
    ouvrables = Parcours.objects.all()
    if not access.est_animation(request.user):  # the parcours followed today, as for a participation
        ouvrables = ouvrables.filter(
            referent__in=Referent.objects.agissant_pour(request.user, au=timezone.localdate())
        )
    parcours = get_object_or_404(ouvrables.select_related("participant"), pk=parcours_pk)
    request.participant_lu = parcours.participant_id
    synchroniser(parcours_ids=[parcours.pk], attendre=False)
    liste = completude.suivis(
        Participation.objects.filter(parcours=parcours).select_related("parcours__referent"),
        aujourd_hui=timezone.localdate(),
    )
    return render(request, "fse/parcours.html", {"parcours": parcours, "suivis": liste})


def _operation_fse(pk: int):
    return get_object_or_404(operations_fse(), pk=pk)


@acces(Role.ANIMATION)
def operation(request, pk: int):
    """The operation's indicator table by gender over a period (counts only), and its exports."""
    objet = _operation_fse(pk)
    debut, fin = periode(objet)
    form = PeriodeForm(request.GET or None, initial={"debut": debut, "fin": fin})
    if form.is_bound and form.is_valid():
        debut, fin = form.cleaned_data["debut"], form.cleaned_data["fin"]
    actualisation = actualisations.rafraichir_si_perimee(
        nom_actualisation(objet.annee), TACHE_SYNCHRONISATION, objet.annee
    )
    rows = indicateurs.avec_lignes(
        Participation.objects.comptees().filter(operation=objet).presentes_entre(debut, fin)
    )
    tableau = indicateurs.tableau(rows, debut=debut, fin=fin)
    exports = ExportFse.objects.filter(operation=objet).select_related("cree_par")[:20]
    return render(
        request,
        "fse/operation.html",
        {
            "operation": objet,
            "form": form,
            "debut": debut,
            "fin": fin,
            "tableau": tableau,
            "genres": indicateurs.GENRES,
            "export_form": ExportForm(initial={"debut": debut, "fin": fin}),
            "exports": exports,
            "en_cours": any(e.etat in (EtatExport.EN_ATTENTE, EtatExport.EN_COURS) for e in exports),
            "operations": operations_fse().filter(Q(annee=objet.annee)),
            "actualisation": actualisation,
        },
    )


@acces(Role.ANIMATION)
@require_POST
def export_demander(request, pk: int):
    objet = _operation_fse(pk)
    form = ExportForm(request.POST)
    if form.is_valid():
        try:
            services.export_demander(operation=objet, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(
                request, "L'export est lancé : le lien de téléchargement apparaît ci-dessous dès qu'il est prêt."
            )
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[champ].label} : {m}" if champ in form.fields else m
                for champ, e in form.errors.items()
                for m in e
            ),
        )
    return redirect("fse_operation", pk=pk)


@acces(Role.ANIMATION)
def export_telecharger(request, pk: int):
    """The export's file; one journal row per person it holds."""
    export = get_object_or_404(ExportFse, pk=pk, etat=EtatExport.PRET)
    journaliser_export(
        request, objet="export_fse", lignes=[(export.pk, p) for p in export.participants] or [(export.pk, None)]
    )
    with export.fichier.open("rb") as flux:
        contenu = flux.read()
    extension = "xlsx" if export.fichier.name.endswith(".xlsx") else "zip"
    nom = f"fse-operation-{export.operation_id}-{export.debut:%Y%m%d}-{export.fin:%Y%m%d}.{extension}"
    return reponse_fichier(contenu, nom=nom, type_contenu=TYPE_XLSX if extension == "xlsx" else "application/zip")
