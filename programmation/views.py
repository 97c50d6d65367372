"""Forms of the programmation for the structure d'animation; the lists and figures are in ``reporting``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from plie.access import acces
from plie.enums import Role
from programmation.forms import OperationForm
from programmation.models import Operation
from programmation.services import operation_enregistrer, operation_supprimer


def _retour(annee: int) -> str:
    return f"{reverse('programmation')}?annee={annee}"


def _formulaire(request, operation: Operation, titre: str):
    form = OperationForm(request.POST or None, instance=operation)
    if request.method == "POST" and form.is_valid():
        try:
            operation = operation_enregistrer(operation=form.save(commit=False), financements=form.financements())
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Opération « {operation.intitule} » enregistrée.")
            return redirect(_retour(operation.annee))
    annee = operation.annee or timezone.localdate().year
    return render(request, "components/formulaire.html", {"form": form, "titre": titre, "retour": _retour(annee)})


@acces(Role.ANIMATION)
def operation_nouvelle(request):
    annee = request.GET.get("annee", "")
    operation = Operation(annee=int(annee) if annee.isdigit() else timezone.localdate().year)
    return _formulaire(request, operation, "Nouvelle opération")


@acces(Role.ANIMATION)
def operation_modifier(request, pk: int):
    operation = get_object_or_404(Operation, pk=pk)
    return _formulaire(request, operation, f"Modifier l'opération « {operation.intitule} »")


@acces(Role.ANIMATION)
def operation_supprimer_vue(request, pk: int):
    """Asks for confirmation, then deletes (POST only)."""
    operation = get_object_or_404(Operation, pk=pk)
    if request.method == "POST":
        try:
            operation_supprimer(operation=operation)
        except ValidationError as erreur:
            messages.error(request, erreur.messages[0])
            return redirect("operation", pk=operation.pk)
        messages.success(request, f"Opération « {operation.intitule} » supprimée.")
        return redirect(_retour(operation.annee))
    return render(request, "programmation/operation_supprimer.html", {"operation": operation})
