"""The participant's file: the elements of a parcours, added or changed from the file, and the sortie."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parcours import services
from parcours.diagnostic import diagnostic_enregistrer
from parcours.enums import StatutCommission
from parcours.forms import (
    AideForm,
    DiagnosticForm,
    EntreeForm,
    EntretienForm,
    EtapeForm,
    SortieForm,
    VeilleForm,
)
from parcours.models import AideIndividuelle, Diagnostic, Entretien, Etape, Parcours, Veille
from plie.access import acces, est_animation
from plie.enums import Role

GENRES = {  # model, form, "ajouter …", message once saved
    "etape": (Etape, EtapeForm, "une étape", "Étape enregistrée."),
    "entretien": (Entretien, EntretienForm, "un entretien ou un contact", "Entretien enregistré."),
    "veille": (Veille, VeilleForm, "une veille", "Veille enregistrée."),
    "aide": (AideIndividuelle, AideForm, "une aide individuelle", "Aide enregistrée."),
}


def parcours_modifiable(user, pk) -> Parcours:
    """A parcours the user may change: theirs and open, or any for the structure d'animation (404 otherwise)."""
    parcours = get_object_or_404(Parcours.objects.visibles_par(user).select_related("participant", "referent"), pk=pk)
    if parcours.date_sortie and not est_animation(user):
        raise PermissionDenied("Un parcours sorti ne se modifie plus.")
    return parcours


def retour(parcours: Parcours) -> str:
    return reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"


@acces(Role.REFERENT, Role.ANIMATION)
def element(request, parcours_pk, genre, pk=None):
    if genre not in GENRES:
        raise PermissionDenied
    modele, formulaire, libelle, enregistre = GENRES[genre]
    parcours = parcours_modifiable(request.user, parcours_pk)
    instance = get_object_or_404(modele, pk=pk, parcours=parcours) if pk else None
    form = formulaire(request.POST or None, instance=instance, parcours=parcours)
    if form.is_valid():
        try:
            services.element_enregistrer(element=form.save(commit=False))
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, enregistre)
            return redirect(retour(parcours))
    titre = f"{'Modifier' if instance else 'Ajouter'} {libelle}"
    return render(request, "parcours/element.html", {"form": form, "titre": titre, "parcours": parcours})


@acces(Role.REFERENT, Role.ANIMATION)
def sortie(request, parcours_pk):
    """Record the exit of an open parcours, or correct one the commission sent back."""
    parcours = get_object_or_404(
        Parcours.objects.visibles_par(request.user).select_related("participant"), pk=parcours_pk
    )
    correction = parcours.sortie_commission == StatutCommission.RENVOYEE
    if parcours.date_sortie and not correction:
        messages.info(request, f"Ce parcours est déjà sorti le {parcours.date_sortie:%d/%m/%Y}.")
        return redirect(retour(parcours))
    initial = (
        {
            "date_sortie": parcours.date_sortie,
            "motif": parcours.motif_sortie,
            "commentaire": parcours.commentaire_sortie,
        }
        if correction
        else None
    )
    form = SortieForm(request.POST or None, initial=initial)
    if form.is_valid():
        service = services.sortie_corriger if correction else services.sortie_enregistrer
        try:
            service(
                parcours=parcours,
                date_sortie=form.cleaned_data["date_sortie"],
                motif=form.cleaned_data["motif"],
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Sortie enregistrée ; elle sera examinée en commission.")
            return redirect(retour(parcours))
    titre = "Corriger la sortie renvoyée par la commission" if correction else "Enregistrer la sortie"
    return render(
        request,
        "parcours/element.html",
        {
            "form": form,
            "titre": titre,
            "parcours": parcours,
            "remarque": parcours.sortie_commentaire_commission if correction else "",
        },
    )


@acces(Role.REFERENT, Role.ANIMATION)
def diagnostic(request, parcours_pk):
    parcours = parcours_modifiable(request.user, parcours_pk)
    existant = Diagnostic.objects.filter(parcours=parcours).prefetch_related("freins", "positionnements_clea").first()
    form = DiagnosticForm(request.POST or None, diagnostic=existant, initial={"date": timezone.localdate()})
    if form.is_valid():
        try:
            diagnostic_enregistrer(
                parcours=parcours,
                date=form.cleaned_data["date"],
                commentaire=form.cleaned_data["commentaire"],
                freins=form.freins(),
                clea=form.clea(),
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Diagnostic enregistré.")
            return redirect(retour(parcours))
    titre = "Modifier le diagnostic d'entrée" if existant else "Diagnostic d'entrée"
    return render(request, "parcours/element.html", {"form": form, "titre": titre, "parcours": parcours})


@acces(Role.REFERENT, Role.ANIMATION)
def entree(request, parcours_pk):
    """Correct the entry data (situation at entry, criteria, dates); a sent-back entry goes back to the
    commission."""
    parcours = parcours_modifiable(request.user, parcours_pk)
    form = EntreeForm(request.POST or None, instance=parcours, prescription=parcours.prescription)
    if form.is_valid():
        try:
            services.entree_corriger(
                parcours=parcours,
                date_entree=form.cleaned_data["date_entree"],
                criteres=form.cleaned_data["criteres"],
                **form.situation(),
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Données d'entrée enregistrées.")
            return redirect(retour(parcours))
    remarque = (
        parcours.entree_commentaire_commission if parcours.entree_commission == StatutCommission.RENVOYEE else ""
    )
    return render(
        request,
        "parcours/element.html",
        {"form": form, "titre": "Données d'entrée", "parcours": parcours, "remarque": remarque},
    )
