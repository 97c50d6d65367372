"""The monthly letter in the product: drafts and publication for the structure d'animation, published letters and
their files for each audience (funders: the funders' version only)."""

from django import forms
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from plie import access
from plie.access import acces
from plie.champs import TEXTE_COURT
from plie.enums import ActionJournal, Role
from plie.fichiers import TYPE_XLSX, reponse_fichier
from plie.journal import journaliser
from reporting.indicateurs import Periode
from reporting.indicateurs.periode import derniers_mois
from reporting.lettre import (
    brouillon,
    enregistrer_brouillon,
    pour_la_variante,
    publier,
    rendu,
    variantes_de,
    variantes_disponibles,
)
from reporting.lettre.fichiers import EXTENSIONS, bloque, contenu_de, relancer
from reporting.lettre.variantes import libelles
from reporting.models import FichierLettre, FormatFichier, Lettre, StatutFichier, Variante

LECTEURS = (Role.ANIMATION, Role.PORTEUR, Role.REFERENT, Role.FINANCEUR, Role.PRESCRIPTEUR)
TYPES = {FormatFichier.PDF: "application/pdf", FormatFichier.XLSX: TYPE_XLSX}


class BrouillonForm(forms.Form):
    commentaires = forms.CharField(
        label="Commentaires (un par ligne)",
        required=False,
        max_length=TEXTE_COURT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Laissez vide pour reprendre les commentaires générés à partir des chiffres.",
    )
    actualite = forms.CharField(
        label="Actualité du mois", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def commentaires_saisis(self) -> list[str] | None:
        lignes = [ligne.strip() for ligne in self.cleaned_data["commentaires"].splitlines() if ligne.strip()]
        return lignes or None


def _periode(annee: int, mois: int) -> Periode:
    try:
        periode = Periode(annee, mois)
    except ValueError:
        raise Http404("Mois invalide.") from None
    if not periode.dans_la_periode_suivie:
        raise Http404(periode.refus(timezone.localdate()))
    return periode


@acces(*LECTEURS)
def liste(request):
    """Published letters (latest version of each month); the structure d'animation also opens drafts."""
    lettres = Lettre.objects.dernieres_versions().only("annee", "mois", "numero", "publiee_le")
    aujourdhui = timezone.localdate()
    mois_ouverts = derniers_mois(aujourdhui) if access.est_animation(request.user) else []
    return render(request, "reporting/lettres.html", {"lettres": lettres, "mois_ouverts": mois_ouverts})


@acces(Role.ANIMATION)
def lettre_brouillon(request, annee: int, mois: int):
    """The draft: computed now, shown as it will print, comments editable, then published."""
    periode = _periode(annee, mois)
    if refus := periode.refus(timezone.localdate()):
        raise Http404(refus)
    donnees = brouillon(periode)
    initial = {"commentaires": "\n".join(donnees.commentaires), "actualite": donnees.actualite}
    form = BrouillonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enregistrer_brouillon(
            periode, commentaires=form.commentaires_saisis(), actualite=form.cleaned_data["actualite"]
        )
        messages.success(request, "Commentaires enregistrés.")
        return redirect("lettre_brouillon", annee, mois)
    publiees = Lettre.objects.filter(annee=annee, mois=mois).order_by("-numero")
    return render(
        request,
        "reporting/lettre_brouillon.html",
        {
            "periode": periode,
            "form": form,
            "document": rendu.html(pour_la_variante(donnees, Variante.INTERNE)),
            "publiees": publiees,
        },
    )


@acces(Role.ANIMATION)
@require_POST
def lettre_publier(request, annee: int, mois: int):
    periode = _periode(annee, mois)
    if request.POST.get("confirmer") != "oui":
        messages.error(request, "Cochez la confirmation pour publier la lettre.")
        return redirect("lettre_brouillon", annee, mois)
    lettre = publier(periode, par=request.user)
    messages.success(
        request,
        f"{lettre} publiée : les destinataires ont été prévenus par courriel. Ses fichiers (PDF, Excel, page) sont "
        "produits pour chaque destinataire ; cette page les suit.",
    )
    return redirect("lettre", lettre.pk)


def _publiee(request, pk: int) -> tuple[Lettre, str, list[FichierLettre], list[str]]:
    """The letter, the version the user reads (``?version=`` among theirs, their own by default), the files of
    that version and the versions the user may read; 404 for a version that is not theirs."""
    lettre = get_object_or_404(Lettre, pk=pk)
    produites = set(FichierLettre.objects.filter(lettre=lettre).values_list("variante", flat=True).distinct())
    variantes = variantes_disponibles(request.user, produites) or variantes_de(request.user)[:1]
    if not variantes:
        raise Http404
    variante = request.GET.get("version") or variantes[0]
    if variante not in variantes:
        raise Http404("Cette version de la lettre n'est pas la vôtre.")
    siens = list(FichierLettre.objects.filter(lettre=lettre, variante=variante).order_by("format"))
    return lettre, variante, siens, variantes


def _etat(fichier: FichierLettre, lettre: Lettre) -> dict:
    """What the page shows of a file, and what the page's script reads to follow it (no personal data)."""
    urls = {FormatFichier.PDF: "lettre_pdf", FormatFichier.XLSX: "lettre_excel"}
    url = ""
    if fichier.pret and fichier.format in urls:
        url = reverse(urls[fichier.format], args=[lettre.pk]) + "?" + urlencode({"version": fichier.variante})
    return {
        "id": fichier.pk,
        "variante": fichier.variante,
        "format": fichier.format,
        "format_libelle": fichier.get_format_display(),
        "statut": fichier.statut,
        "statut_libelle": "Bloqué" if bloque(fichier) else fichier.get_statut_display(),
        "erreur": fichier.erreur,
        "url": url,
    }


def _suivi(lettre: Lettre, fichiers: list[FichierLettre]) -> dict:
    """The files by version, for the structure d'animation's board."""
    noms = libelles(sorted({f.variante for f in fichiers}))
    rang = {"interne": 0, "financeurs": 1, "prescripteurs": 2, "structures": 3, "referent": 4}
    variantes = sorted(noms, key=lambda v: (rang.get(v.split("-")[0], 5), noms[v]))
    lignes = [
        {"variante": v, "libelle": noms[v], "fichiers": [_etat(f, lettre) for f in fichiers if f.variante == v]}
        for v in variantes
    ]
    termines = sum(f.pret for f in fichiers)
    return {
        "lignes": lignes,
        "termines": termines,
        "total": len(fichiers),
        "echecs": sum(f.statut == StatutFichier.ECHEC for f in fichiers),
        "bloques": sum(bloque(f) for f in fichiers),
    }


@acces(*LECTEURS)
def lettre(request, pk: int):
    """A published letter as the user's audience reads it: the page rendered at publication, read from storage,
    its files' states (they turn into download links when ready); for the structure d'animation, every
    audience's files."""
    lettre, variante, siens, variantes = _publiee(request, pk)
    page = next((f for f in siens if f.format == FormatFichier.HTML), None)
    contenu = contenu_de(page)
    document = mark_safe(contenu.decode()) if contenu is not None else ""  # our own template's output, escaped
    animation = access.est_animation(request.user)
    return render(
        request,
        "reporting/lettre.html",
        {
            "lettre": lettre,
            "variante": variante,
            "choix": list(libelles(variantes).items()) if len(variantes) > 1 else [],
            "document": document,
            "fichiers": [_etat(f, lettre) for f in siens if f.format != FormatFichier.HTML],
            "page": _etat(page, lettre) if page else None,
            "suivi": _suivi(lettre, list(lettre.fichiers.order_by("variante", "format"))) if animation else None,
            "versions": Lettre.objects.filter(annee=lettre.annee, mois=lettre.mois).order_by("-numero"),
        },
    )


@acces(*LECTEURS)
def lettre_etat(request, pk: int):
    """The states of the files the letter's page shows, read by its script every few seconds."""
    lettre, variante, siens, _ = _publiee(request, pk)
    montres = list(lettre.fichiers.order_by("variante", "format")) if access.est_animation(request.user) else siens
    etats = [_etat(f, lettre) for f in montres]
    en_cours = any(
        e["statut"] in (StatutFichier.EN_ATTENTE, StatutFichier.EN_COURS) and e["statut_libelle"] != "Bloqué"
        for e in etats
    )
    reponse = JsonResponse({"fichiers": etats, "en_cours": en_cours})
    reponse["Cache-Control"] = "no-store"
    return reponse


def _servir(request, pk: int, format_: str, objet: str):
    """A file of the user's version, from storage once produced; until then the page that follows its task."""
    lettre, _, siens, _ = _publiee(request, pk)
    fichier = next((f for f in siens if f.format == format_), None)
    contenu = contenu_de(fichier)
    if contenu is not None:
        journaliser(request, action=ActionJournal.EXPORT, objet=objet, objet_id=lettre.pk)
        nom = f"lettre-{lettre.annee}-{lettre.mois:02d}-v{lettre.numero}.{EXTENSIONS[format_]}"
        return reponse_fichier(contenu, nom=nom, type_contenu=TYPES[format_])
    contexte = {"lettre": lettre, "fichier": _etat(fichier, lettre) if fichier else None, "format": format_}
    contexte["perdu"] = fichier is not None and fichier.pret  # produced, but gone from storage
    return render(request, "reporting/lettre_fichier.html", contexte)


@acces(*LECTEURS)
def lettre_excel(request, pk: int):
    return _servir(request, pk, FormatFichier.XLSX, "lettre")


@acces(*LECTEURS)
def lettre_pdf(request, pk: int):
    return _servir(request, pk, FormatFichier.PDF, "lettre_pdf")


@acces(Role.ANIMATION)
@require_POST
def lettre_relancer(request, pk: int):
    """Produce again the files that failed or are stuck, and those missing (``reporting.lettre.fichiers``)."""
    lettre = get_object_or_404(Lettre, pk=pk)
    nombre = relancer(lettre)
    if nombre:
        messages.success(request, f"{nombre} fichier{'s' if nombre > 1 else ''} en cours de production.")
    else:
        messages.info(request, "Aucun fichier à produire : tous sont prêts ou en cours.")
    return redirect("lettre", lettre.pk)
