"""Participant documents: uploaded from the file, served only after the access policy, every download journaled."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from parcours.forms import DocumentForm
from parcours.models import Document, Parcours, participants_visibles_par
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.journal import journaliser


@acces(Role.REFERENT, Role.ANIMATION)
def ajouter(request, pk):
    participant = get_object_or_404(participants_visibles_par(request.user), pk=pk)
    parcours = Parcours.objects.visibles_par(request.user).filter(participant=participant)
    form = DocumentForm(
        request.POST or None, request.FILES or None, participant=participant, parcours_visibles=parcours
    )
    if form.is_valid():
        with transaction.atomic():
            document = form.save(commit=False)
            document.televerse_par = request.user
            document.save()
        messages.success(request, "Document déposé.")
        return redirect(reverse("dossier_participant", args=[pk]) + "#documents")
    return render(
        request,
        "components/formulaire.html",
        {
            "form": form,
            "titre": f"Déposer un document — {participant}",
            "retour": reverse("dossier_participant", args=[pk]),
            "multipart": True,
            "onglet": "Dépôt d'un document",
        },
    )


@acces(Role.REFERENT, Role.ANIMATION)
def telecharger(request, pk):
    document = get_object_or_404(
        Document.objects.filter(participant__in=participants_visibles_par(request.user)), pk=pk
    )
    journaliser(
        request,
        action=ActionJournal.TELECHARGEMENT,
        objet="document",
        objet_id=document.pk,
        participant_id=document.participant_id,
    )
    extension = document.fichier.name.rsplit(".", 1)[-1]
    reponse = FileResponse(
        document.fichier.open("rb"), as_attachment=True, filename=f"document-{document.pk}.{extension}"
    )
    reponse["Cache-Control"] = "no-store"
    return reponse
