"""The prescribers' screens: their space (their organisation's prescriptions and what became of them), the
online prescription, the feedback page; and the structure d'animation's page of prescribing organisations, where it
invites their professionals. Thin: the services and the reporting engine decide."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parcours.enums import SituationPrescription, StatutPrescription
from parcours.services import prescription_envoyer
from participants.enums import Sexe
from participants.models import Commune, ContactPrescripteur, Prescripteur
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.formulaires import erreurs_du_service, resume_erreurs
from plie.journal import journaliser
from prescripteurs import services
from prescripteurs.forms import InvitationPrescripteurForm, PeriodeForm, PrescriptionEnLigneForm
from prescripteurs.suivi import prescriptions_suivies, suivi, tel_qu_envoye
from reporting.indicateurs.periode import MOIS, fin_du_mois
from reporting.indicateurs.prescripteurs import retour
from reporting.models import Destinataire

PAR_PAGE = 50
FILTRES = {
    "attente": {"statut": StatutPrescription.EN_ATTENTE},
    "entree": {"statut": StatutPrescription.ENTREE},
    "non_entree": {"statut": StatutPrescription.NON_ENTREE},
}


def _contact(user) -> ContactPrescripteur:
    contact = ContactPrescripteur.objects.select_related("prescripteur").filter(utilisateur=user).first()
    if contact is None:
        raise PermissionDenied(
            "Votre compte n'est rattaché à aucune organisation : contactez la structure d'animation."
        )
    return contact


@acces(Role.PRESCRIPTEUR, lecture="prescriptions_prescripteur")
def espace(request):
    """The organisation's prescriptions still followed, newest first, with their progress."""
    contact = _contact(request.user)
    filtre = request.GET.get("statut", "")
    lignes = prescriptions_suivies(request.user).filter(**FILTRES.get(filtre, {}))
    page = Paginator(lignes.order_by("-date_prescription", "-pk"), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "prescripteurs/espace.html",
        {
            "contact": contact,
            "page": page,
            "suivis": [suivi(ligne) for ligne in page],
            "filtre": filtre if filtre in FILTRES else "",
            "parametres": f"statut={filtre}" if filtre in FILTRES else "",
            "suivi_mois": settings.PRESCRIPTEUR_SUIVI_MOIS,
        },
    )


@acces(Role.PRESCRIPTEUR, lecture="prescription")
def detail(request, pk):
    """One prescription as the prescriber sent it, and its progress (404 outside their organisation or once no
    longer followed)."""
    _contact(request.user)
    ligne = prescriptions_suivies(request.user, avec=("participant_id",)).filter(pk=pk).first()
    if ligne is None:
        raise Http404
    envoye = tel_qu_envoye(pk)
    envoye["commune__nom"] = Commune.objects.filter(pk=envoye.pop("commune_id")).values_list("nom", flat=True).first()
    contact = ContactPrescripteur.objects.filter(pk=envoye.pop("contact_id")).values("prenom", "nom").first() or {}
    envoye["contact__prenom"], envoye["contact__nom"] = contact.get("prenom"), contact.get("nom")
    prescription = {**envoye, "participant_id": ligne["participant_id"]}
    request.participant_lu = prescription.pop("participant_id")
    return render(request, "prescripteurs/prescription.html", {"suivi": suivi(ligne), "envoye": _envoye(prescription)})


def _envoye(valeurs: dict) -> list[tuple[str, str]]:
    naissance = valeurs["date_naissance"]
    return [
        ("Date de naissance", naissance.strftime("%d/%m/%Y") if naissance else ""),
        ("Sexe", Sexe(valeurs["sexe"]).label if valeurs["sexe"] else ""),
        ("Téléphone", valeurs["telephone"]),
        ("Adresse électronique", valeurs["email"]),
        ("Commune", valeurs["commune__nom"] or ""),
        ("Situation", SituationPrescription(valeurs["situation"]).label if valeurs["situation"] else ""),
        ("Observations", valeurs["observations"]),
        ("Prescrite par", f"{valeurs['contact__prenom'] or ''} {valeurs['contact__nom'] or ''}".strip()),
        ("Pièce jointe", "Reçue par le PLIE" if valeurs["piece_jointe"] else "Aucune"),
    ]


@acces(Role.PRESCRIPTEUR)
def nouvelle(request):
    contact = _contact(request.user)
    form = PrescriptionEnLigneForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        donnees = dict(form.cleaned_data)
        piece_jointe = donnees.pop("piece_jointe", None)
        try:
            prescription = prescription_envoyer(par=request.user, piece_jointe=piece_jointe, **donnees)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        except PermissionDenied as refus:
            form.add_error(None, str(refus))
        else:
            recue = " avec sa pièce jointe, bien reçue" if prescription.piece_jointe else ""
            messages.success(
                request,
                f"Prescription envoyée au PLIE{recue}. Vous suivrez ici sa réception, sa pré-affectation puis la "
                "décision.",
            )
            return redirect("prescripteur_prescription", pk=prescription.pk)
    return render(
        request,
        "prescripteurs/nouvelle.html",
        {"form": form, "contact": contact, "erreurs": resume_erreurs(form)},
    )


def _periode(request, prescripteur: Prescripteur) -> tuple[PeriodeForm, datetime.date, datetime.date, str]:
    aujourdhui = timezone.localdate()
    form = PeriodeForm(request.GET or None, initial={"annee": aujourdhui.year}, prescripteur=prescripteur)
    annee, mois = aujourdhui.year, None
    if form.is_bound and form.is_valid():
        annee, mois = form.cleaned_data["annee"], form.cleaned_data["mois"]
    if mois:
        debut, fin, libelle = datetime.date(annee, mois, 1), fin_du_mois(annee, mois), f"{MOIS[mois - 1]} {annee}"
    else:
        debut, fin, libelle = datetime.date(annee, 1, 1), datetime.date(annee, 12, 31), f"l'année {annee}"
    if debut > aujourdhui:
        form.add_error(None, "Cette période n'a pas commencé : choisissez un mois passé ou en cours.")
        debut = fin = aujourdhui
    return form, debut, min(fin, aujourdhui), libelle


def _page_bilan(request, prescripteur: Prescripteur, *, detail: bool = False, **contexte):
    form, debut, fin, libelle = _periode(request, prescripteur)
    return render(
        request,
        "prescripteurs/bilan.html",
        {
            "form": form,
            "prescripteur": prescripteur,
            "retour": retour(prescripteur_id=prescripteur.pk, debut=debut, fin=fin, detail=detail),
            "libelle": libelle,
            **contexte,
        },
    )


@acces(Role.PRESCRIPTEUR)
def bilan(request):
    """The organisation's figures for a month or a year: counts only."""
    contact = _contact(request.user)
    return _page_bilan(request, contact.prescripteur, contact=contact)


@acces(Role.PRESCRIPTEUR)
@require_POST
def abonnement(request):
    recevoir = request.POST.get("recevoir") == "oui"
    services.bilan_mensuel_choisir(par=request.user, recevoir=recevoir)
    messages.success(
        request,
        "Vous recevrez le bilan mensuel par courriel." if recevoir else "Vous ne recevrez plus le bilan mensuel.",
    )
    return redirect("prescripteur_bilan")


@acces(Role.ANIMATION)
def bilan_organisation(request, pk):
    return _page_bilan(request, get_object_or_404(Prescripteur, pk=pk), detail=True, pour_animation=True)


@acces(Role.ANIMATION)
def organisations(request):
    """The prescribing organisations, their accounts, and the invitation of a prescriber."""
    choisi = request.GET.get("destinataire", "")
    destinataire = (
        Destinataire.objects.filter(liste=Destinataire.Liste.PRESCRIPTEURS, pk=int(choisi)).first()
        if choisi.isdigit()
        else None
    )
    initial = {"email": destinataire.email} if destinataire else None
    form = InvitationPrescripteurForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            contact = services.prescripteur_inviter(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(
                request,
                f"Compte prescripteur enregistré pour {contact.prenom} {contact.nom} ({contact.prescripteur}) : "
                "une invitation lui est envoyée s'il est nouveau.",
            )
            return redirect("prescripteurs")
    organisations = Paginator(
        Prescripteur.objects.select_related("groupe").prefetch_related("contacts__utilisateur"), PAR_PAGE
    ).get_page(request.GET.get("page"))
    sans_compte = Destinataire.objects.filter(liste=Destinataire.Liste.PRESCRIPTEURS, actif=True).order_by("nom")
    return render(
        request,
        "prescripteurs/organisations.html",
        {"form": form, "organisations": organisations, "sans_compte": sans_compte, "erreurs": resume_erreurs(form)},
    )


@acces(Role.ANIMATION)
def retirer(request, pk):
    """End a prescriber's access, after confirmation."""
    contact = get_object_or_404(ContactPrescripteur.objects.select_related("prescripteur", "utilisateur"), pk=pk)
    if contact.utilisateur_id is None:
        raise Http404
    if request.method == "POST":
        services.prescripteur_retirer(par=request.user, contact=contact)
        journaliser(request, action=ActionJournal.MODIFICATION, objet="compte", objet_id=contact.utilisateur_id)
        messages.success(request, f"Accès retiré à {contact.prenom} {contact.nom} ({contact.prescripteur}).")
        return redirect("prescripteurs")
    return render(
        request,
        "components/confirmation.html",
        {
            "titre": f"Retirer l'accès de {contact.prenom} {contact.nom}",
            "texte": f"Le compte {contact.utilisateur.email} sera désactivé : il ne verra plus les prescriptions de "
            f"« {contact.prescripteur} ». La fiche de contact et ses prescriptions restent.",
            "retour": reverse("prescripteurs"),
            "bouton": "Retirer l'accès",
        },
    )
