"""The monthly letter in the product: drafts and publication for the structure d'animation, published letters and
their files for each audience (funders: the funders' version only)."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from plie.access import acces
from plie.champs import TEXTE_COURT
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier
from plie.journal import journaliser
from reporting.indicateurs import Periode
from reporting.indicateurs.periode import derniers_mois
from reporting.lettre import (
    arrondie_pour,
    brouillon,
    donnees_publiees,
    enregistrer_brouillon,
    excel,
    pdf_demander,
    pour_la_variante,
    publier,
    rendu,
    variante_de,
)
from reporting.models import FichierLettre, Lettre, StatutFichier, Variante

LECTEURS = (Role.ANIMATION, Role.PORTEUR, Role.REFERENT, Role.FINANCEUR)


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
        raise Http404("Aucun mois avant 1990 n'est suivi.")
    return periode


@acces(*LECTEURS)
def liste(request):
    """Published letters (latest version of each month); the structure d'animation also opens drafts."""
    lettres = Lettre.objects.dernieres_versions().only("annee", "mois", "numero", "publiee_le")
    aujourdhui = timezone.localdate()
    mois_ouverts = derniers_mois(aujourdhui) if request.user.role == Role.ANIMATION else []
    return render(request, "reporting/lettres.html", {"lettres": lettres, "mois_ouverts": mois_ouverts})


@acces(Role.ANIMATION)
def lettre_brouillon(request, annee: int, mois: int):
    """The draft: computed now, shown as it will print, comments editable, then published."""
    periode = _periode(annee, mois)
    if periode.debut_mois > timezone.localdate():
        raise Http404("Ce mois n'a pas commencé.")
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
    messages.success(request, f"{lettre} publiée : les destinataires ont été prévenus par courriel.")
    return redirect("lettre", lettre.pk)


def _publiee(request, pk: int) -> tuple[Lettre, str]:
    lettre = get_object_or_404(Lettre, pk=pk)
    variante = variante_de(request.user)
    if variante is None:
        raise Http404
    return lettre, variante


@acces(*LECTEURS)
def lettre(request, pk: int):
    """A published letter as the user's audience reads it."""
    lettre, variante = _publiee(request, pk)
    fichier = FichierLettre.objects.filter(lettre=lettre, variante=variante).first()
    return render(
        request,
        "reporting/lettre.html",
        {
            "lettre": lettre,
            "document": rendu.html(pour_la_variante(donnees_publiees(lettre), variante)),
            "fichier": fichier,
            "versions": Lettre.objects.filter(annee=lettre.annee, mois=lettre.mois).order_by("-numero"),
        },
    )


@acces(*LECTEURS)
def lettre_excel(request, pk: int):
    lettre, variante = _publiee(request, pk)
    contenu = excel.classeur(arrondie_pour(donnees_publiees(lettre), variante))
    journaliser(request, action=ActionJournal.EXPORT, objet="lettre", objet_id=lettre.pk)
    return reponse_fichier(contenu, nom=f"lettre-{lettre.annee}-{lettre.mois:02d}-v{lettre.numero}.xlsx")


@acces(*LECTEURS)
def lettre_pdf(request, pk: int):
    """The PDF once ready; until then the page that shows the task's progress."""
    lettre, variante = _publiee(request, pk)
    fichier = FichierLettre.objects.filter(lettre=lettre, variante=variante).first()
    if fichier and fichier.statut == StatutFichier.TERMINE and fichier.fichier:
        journaliser(request, action=ActionJournal.EXPORT, objet="lettre_pdf", objet_id=lettre.pk)
        reponse = FileResponse(
            fichier.fichier.open("rb"),
            as_attachment=True,
            filename=f"lettre-{lettre.annee}-{lettre.mois:02d}-v{lettre.numero}.pdf",
            content_type="application/pdf",
        )
        reponse["Cache-Control"] = "no-store"
        return reponse
    return render(request, "reporting/lettre_pdf.html", {"lettre": lettre, "fichier": fichier})


@acces(*LECTEURS)
@require_POST
def lettre_pdf_produire(request, pk: int):
    """Start (or retry) the PDF of the user's audience (``reporting.lettre.pdf_demander`` holds the rule)."""
    lettre, variante = _publiee(request, pk)
    fichier = FichierLettre.objects.filter(lettre=lettre, variante=variante).first()
    if (
        not pdf_demander(lettre, variante=variante, par=request.user)
        and fichier
        and fichier.statut == StatutFichier.TERMINE
    ):
        messages.info(request, "Ce PDF est prêt : seule la structure d'animation le fait produire de nouveau.")
    return redirect("lettre_pdf", lettre.pk)
