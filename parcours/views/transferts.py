"""Transfers between référents and temporary covers, by the structure d'animation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from parcours import services
from parcours.forms import RemplacementForm, TransfertForm, TransfertPortefeuilleForm
from parcours.models import Parcours
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.formulaires import erreurs_du_service
from plie.journal import journaliser


def _formulaire(request, form, titre, retour, onglet=None):
    return render(
        request, "components/formulaire.html", {"form": form, "titre": titre, "retour": retour, "onglet": onglet}
    )


@acces(Role.ANIMATION, lecture="parcours")
def transferer(request, parcours_pk):
    parcours = get_object_or_404(Parcours.objects.select_related("participant", "referent"), pk=parcours_pk)
    request.participant_lu = parcours.participant_id
    retour = reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"
    form = TransfertForm(request.POST or None)
    if form.is_valid():
        try:
            services.parcours_transferer(parcours=parcours, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, f"Parcours confié à {form.cleaned_data['referent']}.")
            return redirect(retour)
    return _formulaire(
        request, form, f"Transférer le parcours de {parcours.participant}", retour, onglet="Transfert d'un parcours"
    )


@acces(Role.ANIMATION, lecture="parcours")
def annuler_transfert(request, parcours_pk):
    """Cancel the last transfer of a parcours (a mistake), after confirmation."""
    parcours = get_object_or_404(Parcours.objects.select_related("participant", "referent"), pk=parcours_pk)
    request.participant_lu = parcours.participant_id
    retour = reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"
    affectations = list(parcours.affectations.select_related("referent").order_by("-date_debut")[:2])
    if len(affectations) < 2:
        messages.info(request, "Ce parcours n'a jamais été transféré : il n'y a pas de transfert à annuler.")
        return redirect(retour)
    derniere, precedente = affectations
    if request.method == "POST":
        try:
            services.transfert_annuler(parcours=parcours, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            journaliser(
                request,
                action=ActionJournal.MODIFICATION,
                objet="parcours",
                objet_id=parcours.pk,
                participant_id=parcours.participant_id,
            )
            messages.success(
                request, f"Transfert annulé : le parcours est de nouveau suivi par {precedente.referent}."
            )
            return redirect(retour)
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": f"Annuler le dernier transfert du parcours de {parcours.participant}",
            "texte": f"Le transfert du {derniere.date_debut:%d/%m/%Y} à {derniere.referent} sera annulé : "
            f"{precedente.referent} redevient le référent du parcours, y compris pour les mois passés depuis "
            "cette date. L'historique garde la trace du transfert annulé.",
            "bouton": "Annuler ce transfert",
            "retour": retour,
        },
    )


@acces(Role.ANIMATION)
def transferer_portefeuille(request):
    form = TransfertPortefeuilleForm(request.POST or None)
    if form.is_valid():
        try:
            parcours, prescriptions = services.portefeuille_transferer(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(
                request,
                f"{parcours} parcours et {prescriptions} prescription(s) en attente confiés à "
                f"{form.cleaned_data['vers']}.",
            )
            return redirect("file_active")
    return _formulaire(request, form, "Transférer tout un portefeuille", reverse("file_active"))


@acces(Role.ANIMATION)
def remplacement(request):
    form = RemplacementForm(request.POST or None)
    if form.is_valid():
        try:
            services.remplacement_creer(**form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, "Remplacement enregistré.")
            return redirect("file_active")
    return _formulaire(request, form, "Organiser un remplacement", reverse("file_active"))
