"""The contrat d'engagement of a parcours: read, signed on screen, printed, or filed once signed on paper
(parcours/services/contrats.py); every read and print journaled."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parcours import pieces
from parcours.contrat.contenu import contenu, rendre
from parcours.forms import DATE
from parcours.models import Parcours
from parcours.services import contrats
from plie import signatures
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier
from plie.formulaires import erreurs_du_service
from plie.journal import journaliser


class DepotForm(forms.Form):
    fichier = forms.FileField(
        label="Contrat signé, numérisé",
        help_text="PDF, PNG ou JPEG, 10 Mo au plus. Le contenu du fichier est vérifié.",
    )
    signe_le = forms.DateField(label="Signé le", widget=DATE)


def _parcours(request, pk) -> Parcours:
    parcours = get_object_or_404(
        Parcours.objects.visibles_par(request.user).select_related(
            "participant", "referent__structure", "prescription"
        ),
        pk=pk,
    )
    if not contrats.peut_faire_signer(request.user, parcours):
        raise PermissionDenied("Le contrat d'engagement se fait signer sur un parcours en cours que vous suivez.")
    request.participant_lu = parcours.participant_id
    return parcours


def _fait(request, parcours, document, message):
    journaliser(
        request,
        action=ActionJournal.MODIFICATION,
        objet="document",
        objet_id=document.pk,
        participant_id=parcours.participant_id,
    )
    messages.success(request, message)
    return redirect(reverse("dossier_participant", args=[parcours.participant_id]) + "#documents")


@acces(Role.REFERENT, Role.ANIMATION, lecture="contrat_engagement")
def contrat(request, parcours_pk):
    parcours = _parcours(request, parcours_pk)
    depot = DepotForm(prefix="depot", initial={"signe_le": timezone.localdate()})
    erreurs = []
    if request.method == "POST" and request.POST.get("action") == "deposer":
        depot = DepotForm(request.POST, request.FILES, prefix="depot")
        if depot.is_valid():
            try:
                document = contrats.contrat_deposer(parcours=parcours, par=request.user, **depot.cleaned_data)
            except ValidationError as erreur:
                erreurs_du_service(erreur, depot)
            else:
                return _fait(request, parcours, document, "Contrat d'engagement signé déposé.")
    elif request.method == "POST":
        c = contenu(parcours)
        lues = {}
        for qui, nom in (("participant", f"{c.prenom} {c.nom.upper()}"), ("referent", c.referent)):
            try:
                lues[qui] = signatures.lire(request.POST.get(f"signature_{qui}", ""))
            except ValidationError as erreur:
                erreurs += [f"Signature de {nom} : {message}" for message in erreur.messages]
        try:
            if erreurs:
                raise ValidationError(erreurs)
            document = contrats.contrat_signer(
                parcours=parcours,
                signature_participant=lues["participant"],
                signature_referent=lues["referent"],
                empreinte=request.POST.get("empreinte", ""),
                par=request.user,
            )
        except ValidationError as erreur:
            erreurs = erreur.messages
        else:
            return _fait(request, parcours, document, "Contrat d'engagement signé à l'écran et enregistré.")
    c = contenu(parcours)
    return render(
        request,
        "parcours/contrat.html",
        {
            "c": c,
            "parcours": parcours,
            "depot": depot,
            "erreurs": erreurs,
            "deja": parcours.documents.filter(type_piece__code=pieces.CONTRAT_ENGAGEMENT).exists(),
            "signataires": [("participant", f"{c.prenom} {c.nom.upper()}"), ("referent", c.referent)],
        },
    )


@acces(Role.REFERENT, Role.ANIMATION)
def contrat_pdf(request, parcours_pk):
    """The contract to print and sign by hand (journaled as an export: a file that names the person)."""
    parcours = _parcours(request, parcours_pk)
    journaliser(
        request,
        action=ActionJournal.EXPORT,
        objet="contrat_engagement",
        objet_id=parcours.pk,
        participant_id=parcours.participant_id,
    )
    return reponse_fichier(
        rendre(contenu(parcours)), nom=f"contrat-engagement-{parcours.pk}.pdf", type_contenu="application/pdf"
    )
