"""Accounts: invitations and the approval of roles with access to participants' data (plie/comptes.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from plie import comptes
from plie.access import acces, public
from plie.enums import ActionJournal, Role
from plie.formulaires import erreurs_du_service
from plie.journal import journaliser
from plie.models import DemandeRole, StatutDemande, User


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    nom = forms.CharField(label="Nom", max_length=100, required=False)
    role = forms.ChoiceField(
        label="Rôle",
        choices=[(valeur, libelle) for valeur, libelle in Role.choices if valeur != Role.PRESCRIPTEUR],
        help_text="Un prescripteur s'invite depuis la page « Prescripteurs », qui le rattache à son organisation. "
        "Référent de parcours et structure d'animation voient les données des participants : ces rôles "
        "prennent effet une fois approuvés par la structure d'animation.",
    )


invitation = public(
    auth_views.PasswordResetConfirmView.as_view(
        token_generator=comptes.jeton_invitation,
        template_name="registration/invitation.html",
        success_url=reverse_lazy("invitation_terminee"),
        reset_url_token="choisir-mot-de-passe",
    )
)
invitation_terminee = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/invitation_terminee.html")
)


@acces(Role.ANIMATION, Role.ADMINISTRATEUR)
def comptes_page(request):
    """Invite an account or change its role; the requests waiting for the structure d'animation, and the grants
    already decided (the journal of data-access roles)."""
    form = InvitationForm(request.POST or None)
    if form.is_valid():
        try:
            resultat = comptes.inviter(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        except PermissionDenied as refus:
            form.add_error(None, str(refus))
        else:
            if isinstance(resultat, DemandeRole):
                messages.success(
                    request, "Demande enregistrée : elle prend effet une fois approuvée par la structure d'animation."
                )
            else:
                messages.success(
                    request,
                    f"Compte « {resultat.get_role_display()} » enregistré pour {resultat.email} (une invitation lui "
                    "est envoyée s'il est nouveau).",
                )
            return redirect("comptes")
    en_attente = DemandeRole.objects.filter(statut=StatutDemande.A_VALIDER).select_related("demandee_par")
    decidees = Paginator(
        DemandeRole.objects.exclude(statut=StatutDemande.A_VALIDER).select_related("demandee_par", "decidee_par"), 50
    ).get_page(request.GET.get("page"))
    avec_donnees = Paginator(
        User.objects.filter(role__in=comptes.ROLES_A_APPROUVER).order_by("-is_active", "role", "email"), 50
    ).get_page(request.GET.get("page_comptes"))
    return render(
        request,
        "plie/comptes.html",
        {
            "form": form,
            "en_attente": en_attente,
            "decidees": decidees,
            "avec_donnees": avec_donnees,
            "comptes_actifs": User.objects.filter(is_active=True).count(),
        },
    )


# What the « Comptes » page may change on an account that sees the data (the rest is left as it is).
CHANGEMENTS = {
    "desactiver": ("Désactiver le compte", {"actif": False}),
    "reactiver": ("Réactiver le compte", {"actif": True}),
    "retirer_administration": ("Retirer l'accès à l'administration", {"administration": False}),
    "donner_administration": ("Donner l'accès à l'administration", {"administration": True}),
}


@acces(Role.ANIMATION)
def comptes_acces(request, pk):
    """Deactivate or reactivate an account, or change its access to the administration: a confirmation page,
    then the service (``comptes.changer_acces``), journaled."""
    compte = get_object_or_404(User, pk=pk, role__in=comptes.ROLES_A_APPROUVER)  # the accounts the page lists
    action = request.POST.get("action") or request.GET.get("action")
    if action not in CHANGEMENTS:
        messages.error(request, "Action inconnue sur ce compte.")
        return redirect("comptes")
    libelle, changement = CHANGEMENTS[action]
    if request.method == "POST":
        if request.POST.get("confirmation") != "oui":
            messages.error(request, "Cochez la case de confirmation pour appliquer ce changement.")
            return redirect(f"{request.path}?action={action}")
        try:
            comptes.changer_acces(par=request.user, compte=compte, **changement)
        except (ValidationError, PermissionDenied) as refus:
            messages.error(request, " ".join(getattr(refus, "messages", None) or [str(refus)]))
            return redirect("comptes")
        journaliser(request, action=ActionJournal.MODIFICATION, objet="compte", objet_id=compte.pk)
        messages.success(request, f"{libelle} : fait pour {compte.email}.")
        return redirect("comptes")
    return render(request, "plie/comptes_acces.html", {"compte": compte, "action": action, "libelle": libelle})


@acces(Role.ANIMATION)
@require_POST
def comptes_decider(request, pk):
    demande = get_object_or_404(DemandeRole, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approuver", "refuser"):
        messages.error(request, "Choisissez « Approuver » ou « Refuser ».")
        return redirect("comptes")
    approuver = decision == "approuver"
    try:
        resultat = comptes.decider(demande=demande, par=request.user, approuver=approuver)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        journaliser(
            request,
            action=ActionJournal.MODIFICATION,
            objet="compte",
            objet_id=resultat.pk if isinstance(resultat, User) else None,
        )
        messages.success(
            request,
            f"Demande {'approuvée' if approuver else 'refusée'} : {demande.get_role_display()} pour {demande.email}.",
        )
        if approuver and demande.role == Role.REFERENT:
            messages.info(
                request,
                "Rattachez ce compte à sa fiche de référent (administration → Référents → « utilisateur ») : c'est "
                "elle qui lui ouvre son portefeuille.",
            )
    return redirect("comptes")
