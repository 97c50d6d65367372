"""The participant's file: the elements of a parcours, added or changed from the file, and the sortie."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parcours import droits, services
from parcours.diagnostic import diagnostic_enregistrer
from parcours.enums import StatutCommission
from parcours.forms import (
    AideForm,
    DerogationSeniorForm,
    DiagnosticForm,
    EntreeForm,
    EntretienForm,
    EtapeForm,
    PersonneForm,
    SortieForm,
    VeilleForm,
)
from parcours.models import AideIndividuelle, Diagnostic, Entretien, Etape, MotifSortie, Parcours, Veille
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.formulaires import erreurs_du_service, resume_erreurs
from plie.journal import journaliser

GENRES = {  # model, form, "ajouter …", message once saved, message once deleted
    "etape": (Etape, EtapeForm, "une étape", "Étape enregistrée.", "Étape supprimée."),
    "entretien": (
        Entretien,
        EntretienForm,
        "un entretien ou un contact",
        "Entretien enregistré.",
        "Entretien supprimé.",
    ),
    "veille": (Veille, VeilleForm, "une veille", "Veille enregistrée.", "Veille supprimée."),
    "aide": (AideIndividuelle, AideForm, "une aide individuelle", "Aide enregistrée.", "Aide supprimée."),
}


def _journaliser_modification(request, parcours: Parcours, objet: str = "parcours", objet_id=None) -> None:
    journaliser(
        request,
        action=ActionJournal.MODIFICATION,
        objet=objet,
        objet_id=objet_id or parcours.pk,
        participant_id=parcours.participant_id,
    )


def parcours_modifiable(request, pk) -> Parcours:
    """A parcours the user may change: theirs and open, or any for the structure d'animation (404 otherwise).
    The person is named for the read journal."""
    user = request.user
    parcours = get_object_or_404(Parcours.objects.visibles_par(user).select_related("participant", "referent"), pk=pk)
    droits.verifier_modifiable(user, parcours)
    request.participant_lu = parcours.participant_id
    return parcours


def retour(parcours: Parcours) -> str:
    return reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def element(request, parcours_pk, genre, pk=None):
    if genre not in GENRES:
        raise PermissionDenied
    modele, formulaire, libelle, enregistre, _ = GENRES[genre]
    parcours = parcours_modifiable(request, parcours_pk)
    instance = get_object_or_404(modele, pk=pk, parcours=parcours) if pk else None
    form = formulaire(request.POST or None, instance=instance, parcours=parcours)
    if form.is_valid():
        try:
            services.element_enregistrer(element=form.save(commit=False), par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, enregistre)
            return redirect(retour(parcours))
    titre = f"{'Modifier' if instance else 'Ajouter'} {libelle}"
    suppression = reverse("parcours_element_supprimer", args=[parcours.pk, genre, pk]) if instance else None
    return render(
        request,
        "parcours/element.html",
        {"form": form, "titre": titre, "parcours": parcours, "suppression": suppression},
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def supprimer_element(request, parcours_pk, genre, pk):
    """Delete a mistaken étape, entretien, veille or aide, after confirmation; the history keeps it."""
    if genre not in GENRES:
        raise PermissionDenied
    modele, _, libelle, _, supprime = GENRES[genre]
    parcours = parcours_modifiable(request, parcours_pk)
    element = get_object_or_404(modele, pk=pk, parcours=parcours)
    if request.method == "POST":
        try:
            services.element_supprimer(element=element, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            _journaliser_modification(request, parcours, objet=genre, objet_id=pk)
            messages.success(request, supprime)
        return redirect(retour(parcours))
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": f"Supprimer {libelle} — {parcours.participant}",
            "texte": f"« {element} » sera supprimé du parcours : faites-le seulement pour une saisie erronée. "
            "L'historique du dossier garde la trace de la suppression (qui, quand, quoi).",
            "bouton": "Supprimer",
            "retour": retour(parcours),
        },
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def sortie(request, parcours_pk):
    """Record the exit of an open parcours; correct one the commission sent back; the structure d'animation
    reopens any exit to correct it. A corrected exit goes back to the commission."""
    parcours = get_object_or_404(
        Parcours.objects.visibles_par(request.user).select_related("participant"), pk=parcours_pk
    )
    request.participant_lu = parcours.participant_id
    renvoyee = parcours.sortie_commission == StatutCommission.RENVOYEE
    correction = droits.peut_corriger_sortie(request.user, parcours)
    if parcours.date_sortie and not correction:
        messages.info(request, f"Ce parcours est déjà sorti le {parcours.date_sortie:%d/%m/%Y}.")
        return redirect(retour(parcours))
    proposee = None if parcours.date_sortie else services.sortie_proposee(parcours, au=timezone.localdate())
    if correction:
        initial = {
            "date_sortie": parcours.date_sortie,
            "motif": parcours.motif_sortie,
            "commentaire": parcours.commentaire_sortie,
        }
    elif proposee:  # the employment exit the rule allows, on a day the service accepts: proposed
        initial = {
            "date_sortie": proposee.date,
            "motif": MotifSortie.objects.filter(code=proposee.motif).first(),
        }
    else:
        initial = None
    form = SortieForm(request.POST or None, initial=initial)
    if form.is_valid():
        donnees = {
            "parcours": parcours,
            "date_sortie": form.cleaned_data["date_sortie"],
            "motif": form.cleaned_data["motif"],
            "commentaire": form.cleaned_data["commentaire"],
        }
        try:
            if correction:
                services.sortie_corriger(par=request.user, **donnees)
            else:
                services.sortie_enregistrer(**donnees, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form, champs={"motif_sortie": "motif", "commentaire_sortie": "commentaire"})
        else:
            if correction:
                _journaliser_modification(request, parcours)
            messages.success(request, "Sortie enregistrée ; elle sera examinée en commission.")
            return redirect(retour(parcours))
    if not correction:
        titre = "Enregistrer la sortie"
    elif renvoyee:
        titre = "Corriger la sortie renvoyée par la commission"
    else:
        titre = "Rouvrir et corriger la sortie (elle repassera en commission)"
    return render(
        request,
        "parcours/element.html",
        {
            "form": form,
            "titre": titre,
            "parcours": parcours,
            "remarque": parcours.sortie_commentaire_commission if renvoyee else "",
            "proposee": proposee,
            "annulation": reverse("parcours_sortie_annuler", args=[parcours.pk])
            if droits.peut_annuler_sortie(request.user, parcours)
            else None,
        },
    )


@acces(Role.ANIMATION, lecture="parcours")
def annuler_sortie(request, parcours_pk):
    """The structure d'animation cancels a mistaken exit, after confirmation: the parcours is in progress again."""
    parcours = get_object_or_404(Parcours.objects.select_related("participant", "motif_sortie"), pk=parcours_pk)
    request.participant_lu = parcours.participant_id
    if not parcours.date_sortie:
        messages.info(request, "Ce parcours n'a pas de sortie.")
        return redirect(retour(parcours))
    if request.method == "POST":
        try:
            services.sortie_annuler(parcours=parcours, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            _journaliser_modification(request, parcours)
            messages.success(request, "Sortie annulée : le parcours est de nouveau en cours.")
        return redirect(retour(parcours))
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": f"Annuler la sortie de {parcours.participant}",
            "texte": f"La sortie du {parcours.date_sortie:%d/%m/%Y} ({parcours.motif_sortie}) sera annulée et le "
            "parcours de nouveau en cours, y compris dans les chiffres des mois depuis cette date. L'historique "
            "garde la trace de la sortie annulée.",
            "bouton": "Annuler la sortie",
            "retour": retour(parcours),
        },
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def derogation_senior(request, parcours_pk):
    """Ask the commission for the 55+ exception (a CDDI or chantier d'insertion held 6 months)."""
    parcours = parcours_modifiable(request, parcours_pk)
    form = DerogationSeniorForm(request.POST or None, parcours=parcours)
    if form.is_valid():
        try:
            services.derogation_senior_demander(parcours=parcours, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, "Dérogation demandée : la commission la validera ou la refusera.")
            return redirect(retour(parcours))
    return render(
        request,
        "parcours/element.html",
        {"form": form, "titre": "Demander la dérogation 55 ans et plus", "parcours": parcours},
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def identite(request, parcours_pk):
    """Correct the person's identity and contact details (right of rectification); the history keeps each
    change."""
    parcours = parcours_modifiable(request, parcours_pk)
    participant = parcours.participant
    form = PersonneForm(request.POST or None, instance=participant)
    if form.is_valid():
        try:
            services.participant_modifier(participant=participant, **form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            _journaliser_modification(request, parcours, objet="participant", objet_id=participant.pk)
            messages.success(request, "Fiche de la personne corrigée.")
            return redirect(retour(parcours))
    return render(
        request,
        "parcours/element.html",
        {"form": form, "titre": "Identité et coordonnées", "parcours": parcours},
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def diagnostic(request, parcours_pk):
    parcours = parcours_modifiable(request, parcours_pk)
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
                par=request.user,
            )
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, "Diagnostic enregistré.")
            return redirect(retour(parcours))
    titre = "Modifier le diagnostic d'entrée" if existant else "Diagnostic d'entrée"
    contexte = {"form": form, "titre": titre, "parcours": parcours, "erreurs": resume_erreurs(form)}
    return render(request, "parcours/diagnostic.html", contexte)


@acces(Role.REFERENT, Role.ANIMATION, lecture="parcours")
def entree(request, parcours_pk):
    """Correct the entry data (situation at entry, criteria, dates); a sent-back entry goes back to the
    commission."""
    parcours = parcours_modifiable(request, parcours_pk)
    form = EntreeForm(request.POST or None, instance=parcours, prescription=parcours.prescription)
    if form.is_valid():
        try:
            services.entree_corriger(
                parcours=parcours,
                date_entree=form.cleaned_data["date_entree"],
                criteres=form.cleaned_data["criteres"],
                par=request.user,
                **form.situation(),
            )
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
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
