"""The structure d'animation's screens of the import: deposit, follow the check, read the preview, choose, record,
download the report; export the base in the same template. Thin: the services decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from plie.access import acces
from plie.enums import Role
from plie.fichiers import reponse_fichier
from plie.formulaires import resume_erreurs
from plie.journal import journaliser_export
from reprise import export as export_
from reprise import lisez_moi, lots, modele, services
from reprise.forms import DepotForm
from reprise.models import EtatImport, Import
from reprise.moteur import EN_ERREUR, NOUVELLE, STATUTS

LIGNES_PAR_PAGE = 100


@acces(Role.ANIMATION)
def accueil(request):
    form = DepotForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            objet = services.import_deposer(fichiers=form.cleaned_data["fichiers"], par=request.user)
        except ValidationError as erreur:
            form.add_error("fichiers", erreur)
        else:
            return redirect("reprise_import", pk=objet.pk)
    imports = Paginator(Import.objects.select_related("cree_par", "enregistre_par"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reprise/accueil.html",
        {"form": form, "erreurs": resume_erreurs(form), "imports": imports, "feuilles": modele.FEUILLES},
    )


@acces(Role.ANIMATION)
def modele_vierge(request):
    return reponse_fichier(lisez_moi.modele_vierge(), nom="modele-import-plie.xlsx")


@acces(Role.ANIMATION)
@require_POST
def export(request):
    """The whole base (anonymised people aside) in the import's template; one journal row per person."""
    contenu, personnes = export_.exporter()
    journaliser_export(request, objet="export_base", lignes=[(pk, pk) for pk in personnes])
    return reponse_fichier(contenu, nom=f"export-plie-{timezone.localdate():%Y-%m-%d}.xlsx")


def _import(pk: int) -> Import:
    return get_object_or_404(Import, pk=pk)


@acces(Role.ANIMATION, lecture="import")
def detail(request, pk: int):
    objet = _import(pk)
    resultats = services.resultats(objet) if objet.etat in (EtatImport.VERIFIE, EtatImport.ENREGISTRE) else []
    feuille, statut = request.GET.get("feuille", ""), request.GET.get("statut", "")
    montres = [r for r in resultats if (not feuille or r.feuille == feuille) and (not statut or r.statut == statut)]
    page = Paginator(montres, LIGNES_PAR_PAGE).get_page(request.GET.get("page"))
    for resultat in page:
        erreurs = {}
        for colonne, message in resultat.erreurs:
            erreurs.setdefault(colonne, []).append(message)
        resultat.cellules = [(c, v, erreurs.pop(c, [])) for c, v in resultat.valeurs.items()]
        resultat.erreurs_ligne = [f"{c} : {m}" if c else m for c, messages_ in erreurs.items() for m in messages_]
    choix = [r for r in resultats if r.choix and objet.etat == EtatImport.VERIFIE]
    for resultat in choix:
        valeurs = resultat.valeurs
        resultat.identite = f"{valeurs.get('nom', '')} {valeurs.get('prénom', '')}, né(e) le " + valeurs.get(
            "date de naissance", "?"
        )
    parametres = urlencode({k: v for k, v in (("feuille", feuille), ("statut", statut)) if v})
    return render(
        request,
        "reprise/import.html",
        {
            "objet": objet,
            "page": page,
            "parametres": parametres,
            "feuille": feuille,
            "statut": statut,
            "feuilles": [f.nom for f in modele.FEUILLES if f.nom in objet.bilan.get("par_feuille", {})],
            "statuts": STATUTS,
            "choix": choix,
            "nouvelle": NOUVELLE,
            "en_erreur": EN_ERREUR,
            "progression": services.progression(objet),
            "bloque": services.bloque(objet),
            "a_annuler": objet.etat == EtatImport.ECHEC and lots.en_cours(objet),
            "a_creer": sum(c.get("a_creer", 0) for c in objet.bilan.get("par_feuille", {}).values()),
            "a_mettre_a_jour": sum(c.get("a_mettre_a_jour", 0) for c in objet.bilan.get("par_feuille", {}).values()),
        },
    )


@acces(Role.ANIMATION)
def etat(request, pk: int):
    objet = _import(pk)
    reponse = JsonResponse(
        {
            "etat": objet.etat,
            "etat_libelle": objet.get_etat_display(),
            "en_cours": objet.en_cours,
            **services.progression(objet),
        }
    )
    reponse["Cache-Control"] = "no-store"
    return reponse


def _agir(request, action, **kwargs):
    try:
        action(par=request.user, **kwargs)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))


@acces(Role.ANIMATION)
@require_POST
def decider(request, pk: int):
    decisions = {cle.removeprefix("choix-"): v for cle, v in request.POST.items() if cle.startswith("choix-")}
    _agir(request, services.import_decider, objet=_import(pk), decisions=decisions)
    return redirect("reprise_import", pk=pk)


@acces(Role.ANIMATION)
@require_POST
def enregistrer(request, pk: int):
    if request.POST.get("confirmation") != "oui":
        messages.error(request, "Cochez la case de confirmation pour enregistrer l'import.")
    else:
        _agir(request, services.import_enregistrer, objet=_import(pk))
    return redirect("reprise_import", pk=pk)


@acces(Role.ANIMATION)
@require_POST
def relancer(request, pk: int):
    _agir(request, services.import_relancer, objet=_import(pk))
    return redirect("reprise_import", pk=pk)


@acces(Role.ANIMATION)
def rapport(request, pk: int):
    """The report: every row, its outcome and message; one journal row per person it names."""
    objet = _import(pk)
    if not objet.rapport:
        messages.error(request, "Le rapport n'est pas encore prêt : attendez la fin de la vérification.")
        return redirect("reprise_import", pk=pk)
    personnes = sorted({r.participant for r in services.resultats(objet) if r.participant})
    journaliser_export(
        request, objet="rapport_import", lignes=[(objet.pk, p) for p in personnes] or [(objet.pk, None)]
    )
    with objet.rapport.open("rb") as flux:
        contenu = flux.read()
    return reponse_fichier(contenu, nom=f"rapport-import-{objet.pk}.xlsx")


@acces(Role.ANIMATION)
def supprimer(request, pk: int):
    objet = _import(pk)
    if request.method == "POST":
        try:
            services.import_supprimer(objet=objet, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
            return redirect("reprise_import", pk=pk)
        messages.success(
            request, "L'import, ses fichiers et son rapport ont été supprimés (les données enregistrées restent)."
        )
        return redirect("reprise")
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": "Supprimer cet import",
            "texte": "Le fichier déposé, l'aperçu et le rapport seront supprimés. Les données déjà enregistrées dans "
            "la base ne sont pas touchées.",
            "bouton": "Supprimer l'import",
            "retour": reverse("reprise_import", args=[pk]),
        },
    )
