import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from parcours import droits, lectures, pieces, sortie_emploi
from parcours.models import Document, Parcours, participants_visibles_par
from parcours.perimetre import personne_vue_par
from parcours.rgpd import donnees_personne
from parcours.synthese import synthese
from plie import access
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.journal import journaliser
from plie.models import JournalAcces


def _suivi_emploi(parcours: Parcours, participant, au) -> sortie_emploi.SuiviEmploi | None:
    """The follow-up in employment, by the rule the exit service enforces (from the prefetched étapes)."""
    etapes = [
        sortie_emploi.EtapeEmploi.depuis(e)
        for e in parcours.etapes.all()
        if e.type.regle_sortie in sortie_emploi.TYPES_LUS
    ]
    derogation = getattr(parcours, "derogation_senior", None)
    return sortie_emploi.suivi(
        etapes,
        au=au,
        naissance=participant.date_naissance,
        derogation_senior=sortie_emploi.EtapeEmploi.depuis(derogation.etape)
        if derogation and derogation.validee
        else None,
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="participant")
def dossier_participant(request, pk):
    """The participant's file: every read is journaled."""
    participant = get_object_or_404(
        participants_visibles_par(request.user).select_related("commune", "quartier"), pk=pk
    )
    parcours = lectures.parcours_du_dossier(request.user, participant)
    aujourdhui = timezone.localdate()
    senior = bool(participant.date_naissance) and (
        participant.age_au(aujourdhui) >= sortie_emploi.AGE_EXCEPTION_SENIOR
    )
    fiches = []
    for un in parcours:
        modifiable = droits.peut_modifier(request.user, un)
        suivi_emploi = _suivi_emploi(un, participant, aujourdhui) if un.date_sortie is None else None
        fiches.append(
            {
                "parcours": un,
                "modifiable": modifiable,
                "fse": un.suivi_par(request.user),  # its FSE+ data: the following référent and the animation
                "chronologie": lectures.chronologie(un, modifiable=modifiable),
                "suivi_emploi": suivi_emploi,
                "synthese": synthese(un, au=aujourdhui, suivi_emploi=suivi_emploi) if un.date_sortie is None else None,
                "derogation": getattr(un, "derogation_senior", None),
                "transfere": len(un.affectations.all()) > 1,
                "derogation_possible": modifiable
                and un.date_sortie is None
                and senior
                and any(e.type.regle_sortie in sortie_emploi.INSERTION_SENIOR for e in un.etapes.all()),
            }
        )
    request.participant_lu = pk
    visibles = [fiche["parcours"] for fiche in fiches]
    requises = pieces.pieces([un.pk for un in visibles])
    for fiche in fiches:
        fiche["pieces"] = requises[fiche["parcours"].pk]
        fiche["depot_ici"] = droits.peut_deposer(request.user, fiche["parcours"])
    documents = (
        Document.objects.filter(parcours__in=visibles)
        .select_related("parcours", "type_piece", "etape__type")
        .order_by("-televerse_le")
    )
    contrats_deposes = {d.parcours_id for d in documents if d.type_piece.code == pieces.CONTRAT_ENGAGEMENT}
    for fiche in fiches:
        fiche["contrat_depose"] = fiche["parcours"].pk in contrats_deposes
    vue = personne_vue_par(request.user, participant, visibles)
    depot = next((p for p in visibles if p.date_sortie is None and p.suivi_par(request.user)), None)
    return render(
        request,
        "parcours/dossier.html",
        {
            "participant": vue.personne,
            "vue": vue,
            "fiches": fiches,
            "documents": documents,
            "depot": depot,
            "animation": access.est_animation(request.user),
        },
    )


@acces(Role.ANIMATION, lecture="journal_participant")
def journal_participant(request, pk):
    """Who read or exported this file, and who changed what in it."""
    participant = get_object_or_404(participants_visibles_par(request.user), pk=pk)
    request.participant_lu = pk
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
