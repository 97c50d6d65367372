"""Participant documents: uploaded from the file, served only after the access policy, every download journaled."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from parcours import droits, services
from parcours.forms import DocumentForm
from parcours.models import Document, Parcours, TypePiece
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import telechargement
from plie.formulaires import erreurs_du_service
from plie.journal import journaliser


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def ajouter(request, parcours_pk):
    """Upload on a parcours the user acts on (404 outside their scope, 403 on a former référent's); a missing
    piece's link names its type and étape (``?type=…&etape=…``)."""
    parcours = get_object_or_404(
        Parcours.objects.visibles_par(request.user).select_related("participant"), pk=parcours_pk
    )
    if not droits.peut_deposer(request.user, parcours):
        raise PermissionDenied("Un document se dépose sur un parcours que vous suivez.")
    request.participant_lu = parcours.participant_id
    initial = {"etape": request.GET.get("etape", "")}
    if type_piece := TypePiece.objects.filter(code=request.GET.get("type", ""), actif=True).first():
        initial["type_piece"] = type_piece
    form = DocumentForm(request.POST or None, request.FILES or None, parcours=parcours, initial=initial)
    if form.is_valid():
        try:
            document = services.document_ajouter(parcours=parcours, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            journaliser(
                request,
                action=ActionJournal.MODIFICATION,
                objet="document",
                objet_id=document.pk,
                participant_id=parcours.participant_id,
            )
            messages.success(request, "Document déposé.")
            return redirect(reverse("dossier_participant", args=[parcours.participant_id]) + "#documents")
    return render(
        request,
        "components/formulaire.html",
        {
            "form": form,
            "titre": f"Déposer un document — {parcours.participant}",
            "retour": reverse("dossier_participant", args=[parcours.participant_id]),
            "multipart": True,
            "onglet": "Dépôt d'un document",
        },
    )


@acces(Role.REFERENT, Role.ANIMATION)
def telecharger(request, pk):
    document = get_object_or_404(Document.objects.visibles_par(request.user), pk=pk)
    journaliser(
        request,
        action=ActionJournal.TELECHARGEMENT,
        objet="document",
        objet_id=document.pk,
        participant_id=document.participant_id,
    )
    return telechargement(document.fichier, nom=f"document-{document.pk}")


@acces(Role.REFERENT, Role.ANIMATION, lecture="document")
def supprimer(request, pk):
    """Remove a mistaken document (wrong file, wrong person), after confirmation; the history keeps the record."""
    document = get_object_or_404(Document.objects.visibles_par(request.user).select_related("parcours"), pk=pk)
    if not document.supprimable_par(request.user):
        raise PermissionDenied(
            "Seuls le référent du parcours en cours et la structure d'animation suppriment un document."
        )
    retour = reverse("dossier_participant", args=[document.participant_id]) + "#documents"
    request.participant_lu = document.participant_id
    if request.method == "POST":
        participant_id = document.participant_id
        services.document_supprimer(document=document, par=request.user)
        journaliser(
            request, action=ActionJournal.MODIFICATION, objet="document", objet_id=pk, participant_id=participant_id
        )
        messages.success(request, "Document supprimé.")
        return redirect(retour)
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": f"Supprimer le document « {document} »",
            "texte": "Le fichier sera effacé : faites-le seulement pour un dépôt erroné (mauvais fichier, mauvaise "
            "personne). L'historique du dossier garde la trace de la suppression.",
            "bouton": "Supprimer le document",
            "retour": retour,
        },
    )
