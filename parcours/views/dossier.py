import json

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from parcours import sortie_emploi
from parcours.diagnostic import classement_freins, profil_clea, score
from parcours.models import AffectationReferent, Document, Etape, Parcours, participants_visibles_par
from parcours.perimetre import personne_vue_par
from parcours.rgpd import donnees_personne
from parcours.synthese import synthese
from plie.access import acces, est_animation
from plie.enums import ActionJournal, Role
from plie.formats import euros
from plie.journal import journaliser
from plie.models import JournalAcces


def chronologie(parcours: Parcours, *, modifiable: bool) -> list[dict]:
    """The events of a parcours, newest first, each with the link that changes it."""

    def lien(genre, pk):
        return reverse("parcours_element_modifier", args=[parcours.pk, genre, pk]) if modifiable else None

    evenements = [
        {
            "date": parcours.prescription.date_prescription,
            "genre": "Prescription",
            "texte": str(parcours.prescription.prescripteur),
        },
    ]
    affectations = sorted(parcours.affectations.all(), key=lambda a: a.date_debut)
    premiere = affectations[0].referent if affectations else parcours.referent
    evenements.append({"date": parcours.date_entree, "genre": "Entrée", "texte": f"avec {premiere}"})
    for precedente, affectation in zip(affectations, affectations[1:], strict=False):
        par = (
            f" — enregistré par {affectation.cree_par.get_full_name() or affectation.cree_par.email}"
            if (affectation.cree_par)
            else ""
        )
        evenements.append(
            {
                "date": affectation.date_debut,
                "genre": "Transfert",
                "texte": f"de {precedente.referent} à {affectation.referent}{par}",
            }
        )
    diagnostic = getattr(parcours, "diagnostic", None)
    if diagnostic:
        freins = ", ".join(
            f"{famille} ({degre.lower()})" for famille, degre, _ in classement_freins(diagnostic.freins.all())
        )
        clea = "; ".join(
            f"{domaine} : {niveau.lower()}" for domaine, niveau in profil_clea(diagnostic.positionnements_clea.all())
        )
        evenements.append(
            {
                "date": diagnostic.date,
                "genre": "Diagnostic",
                "texte": f"score {score(diagnostic.freins.all())} — {freins or 'aucun frein'}"
                + (f" · CléA — {clea}" if clea else ""),
                "lien": reverse("parcours_diagnostic", args=[parcours.pk]) if modifiable else None,
            }
        )

    def suppression(genre, pk):
        return reverse("parcours_element_supprimer", args=[parcours.pk, genre, pk]) if modifiable else None

    for etape in parcours.etapes.all():
        fin = (
            f" → {etape.date_fin:%d/%m/%Y} ({etape.get_issue_display().lower()})" if etape.date_fin else " (en cours)"
        )
        evenements.append(
            {
                "date": etape.date_debut,
                "genre": "Étape",
                "texte": f"{etape.operation.intitule if etape.operation else etape.type}{fin}",
                "lien": lien("etape", etape.pk),
                "suppression": suppression("etape", etape.pk),
            }
        )
    for entretien in parcours.entretiens.all():
        evenements.append(
            {
                "date": entretien.date,
                "genre": entretien.get_type_display(),
                "texte": f"{entretien.get_mode_display()}, {entretien.duree_minutes} min"
                + (" — émargement signé" if entretien.emargement_signe else ""),
                "lien": lien("entretien", entretien.pk),
                "suppression": suppression("entretien", entretien.pk),
            }
        )
    for veille in parcours.veilles.all():
        fin = (
            f"jusqu'au {veille.date_fin:%d/%m/%Y}"
            if veille.date_fin
            else f"prévue jusqu'au {veille.date_fin_prevue:%d/%m/%Y}"
        )
        evenements.append(
            {
                "date": veille.date_debut,
                "genre": "Veille",
                "texte": f"{veille.motif}, {fin}",
                "lien": lien("veille", veille.pk),
                "suppression": suppression("veille", veille.pk),
            }
        )
    for aide in parcours.aides.all():
        evenements.append(
            {
                "date": aide.date,
                "genre": "Aide",
                "texte": f"{aide.get_nature_display()} : {euros(aide.montant)}",
                "lien": lien("aide", aide.pk),
                "suppression": suppression("aide", aide.pk),
            }
        )
    if parcours.date_sortie:
        evenements.append({"date": parcours.date_sortie, "genre": "Sortie", "texte": str(parcours.motif_sortie)})
    return sorted(evenements, key=lambda e: e["date"], reverse=True)


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
    parcours = (
        Parcours.objects.visibles_par(request.user)
        .filter(participant=participant)
        .select_related(
            "referent__structure",
            "motif_sortie",
            "prescription__prescripteur",
            "commune",
            "quartier",
            "diagnostic",
            "derogation_senior__etape__type",
            "origine_reprise__par",
        )
        .prefetch_related(
            "exceptions_reprise__par",
            Prefetch("etapes", queryset=Etape.objects.select_related("type", "operation").order_by("date_debut")),
            Prefetch("affectations", queryset=AffectationReferent.objects.select_related("referent", "cree_par")),
            "entretiens",
            "veilles",
            "aides",
            "diagnostic__freins",
            "diagnostic__positionnements_clea",
        )
        .order_by("-date_entree")
    )
    aujourdhui = timezone.localdate()
    senior = bool(participant.date_naissance) and (
        participant.age_au(aujourdhui) >= sortie_emploi.AGE_EXCEPTION_SENIOR
    )
    fiches = []
    for un in parcours:
        modifiable = un.date_sortie is None or est_animation(request.user)
        suivi_emploi = _suivi_emploi(un, participant, aujourdhui) if un.date_sortie is None else None
        fiches.append(
            {
                "parcours": un,
                "modifiable": modifiable,
                "fse": un.suivi_par(request.user),  # its FSE+ data: the following référent and the animation
                "chronologie": chronologie(un, modifiable=modifiable),
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
    documents = Document.objects.filter(parcours__in=visibles).select_related("parcours").order_by("-televerse_le")
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
            "animation": est_animation(request.user),
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
