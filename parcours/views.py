import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from parcours.models import Parcours, participants_visibles_par
from parcours.rgpd import donnees_personne
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.journal import journaliser
from plie.models import JournalAcces


@acces(Role.REFERENT, Role.ANIMATION)
def dossier_participant(request, pk):
    """The participant's file: every read is journaled."""
    participant = get_object_or_404(
        participants_visibles_par(request.user).select_related("commune", "quartier"), pk=pk
    )
    parcours = (
        Parcours.objects.visibles_par(request.user)
        .filter(participant=participant)
        .select_related("referent__structure", "motif_sortie", "prescription__prescripteur")
        .order_by("-date_entree")
    )
    journaliser(request, action=ActionJournal.CONSULTATION, objet="participant", objet_id=pk, participant_id=pk)
    return render(request, "parcours/dossier.html", {"participant": participant, "parcours": parcours})


@acces(Role.ANIMATION)
def journal_participant(request, pk):
    """Who read or exported this file, and who changed what in it."""
    participant = get_object_or_404(participants_visibles_par(request.user), pk=pk)
    lectures = Paginator(JournalAcces.objects.filter(participant_id=pk).select_related("utilisateur"), 50).get_page(
        request.GET.get("page")
    )
    modifications = participant.historique.select_related("history_user").order_by("-history_date")[:200]
    return render(
        request,
        "parcours/journal.html",
        {"participant": participant, "lectures": lectures, "modifications": modifications},
    )


@acces(Role.ANIMATION)
def export_participant(request, pk):
    """Right of access: everything held about the person, as JSON; the export is journaled."""
    participant = get_object_or_404(participants_visibles_par(request.user), pk=pk)
    contenu = json.dumps(donnees_personne(participant), ensure_ascii=False, indent=2)
    journaliser(request, action=ActionJournal.EXPORT, objet="participant", objet_id=pk, participant_id=pk)
    reponse = HttpResponse(contenu, content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="donnees-participant-{pk}.json"'
    reponse["Cache-Control"] = "no-store"
    return reponse
