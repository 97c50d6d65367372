"""Transfers between référents and temporary covers, by the structure d'animation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from parcours import services
from parcours.forms import RemplacementForm, TransfertForm, TransfertPortefeuilleForm
from parcours.models import Parcours
from plie.access import acces
from plie.enums import Role


def _formulaire(request, form, titre, retour, onglet=None):
    return render(
        request, "components/formulaire.html", {"form": form, "titre": titre, "retour": retour, "onglet": onglet}
    )


@acces(Role.ANIMATION)
def transferer(request, parcours_pk):
    parcours = get_object_or_404(Parcours.objects.select_related("participant", "referent"), pk=parcours_pk)
    retour = reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"
    form = TransfertForm(request.POST or None)
    if form.is_valid():
        try:
            services.parcours_transferer(parcours=parcours, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Parcours confié à {form.cleaned_data['referent']}.")
            return redirect(retour)
    return _formulaire(
        request, form, f"Transférer le parcours de {parcours.participant}", retour, onglet="Transfert d'un parcours"
    )


@acces(Role.ANIMATION)
def transferer_portefeuille(request):
    form = TransfertPortefeuilleForm(request.POST or None)
    if form.is_valid():
        try:
            parcours, prescriptions = services.portefeuille_transferer(**form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
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
            services.remplacement_creer(**form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Remplacement enregistré.")
            return redirect("file_active")
    return _formulaire(request, form, "Organiser un remplacement", reverse("file_active"))
