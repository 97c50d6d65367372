"""Prescriptions: recorded and pre-assigned by the structure d'animation, received by the référent, who records
the entry or the non-entry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parcours import eligibilite, lectures, services
from parcours.enums import StatutPrescription
from parcours.filters import PrescriptionFilter
from parcours.forms import (
    EntreeForm,
    NonEntreeForm,
    PersonneForm,
    PreaffectationForm,
    PrescriptionForm,
    PrescriptionModifierForm,
)
from parcours.models import Parcours, Prescription
from plie import access
from plie.access import acces
from plie.enums import ActionJournal, Role
from plie.fichiers import reponse_fichier, tableau_excel, telechargement
from plie.formulaires import erreurs_du_service, resume_erreurs
from plie.journal import journaliser, journaliser_export

PAR_PAGE = 50


def _prescriptions(user):
    return Prescription.objects.visibles_par(user).select_related(
        "prescripteur__groupe", "referent", "commune", "motif_non_entree"
    )


COLONNES = [
    "Date de prescription",
    "Nom",
    "Prénom",
    "Prescripteur",
    "Groupe",
    "Commune",
    "Référent",
    "Pré-affectée le",
    "Statut",
    "Décidée le",
    "Motif de non-entrée",
    "Attente (jours)",
]


def export_excel(request, prescriptions):
    prescriptions = list(prescriptions)
    aujourdhui = timezone.localdate()
    contenu = tableau_excel(
        "Prescriptions",
        COLONNES,
        (
            [
                p.date_prescription,
                p.nom,
                p.prenom,
                str(p.prescripteur),
                str(p.prescripteur.groupe),
                str(p.commune or ""),
                str(p.referent or ""),
                p.date_preaffectation,
                p.get_statut_display(),
                p.date_decision,
                str(p.motif_non_entree or ""),
                None if p.est_decidee else (aujourdhui - p.date_prescription).days,
            ]
            for p in prescriptions
        ),
        colonnes_dates=(0, 7, 9),
    )
    journaliser_export(request, objet="prescription", lignes=[(p.pk, p.participant_id) for p in prescriptions])
    return reponse_fichier(contenu, nom=f"prescriptions-{aujourdhui:%Y-%m-%d}.xlsx")


@acces(Role.REFERENT, Role.ANIMATION, lecture="prescriptions")
def liste(request):
    """All prescriptions for the structure d'animation; for a référent, theirs (waiting ones first)."""
    donnees = request.GET.copy()
    if access.est_referent(request.user) and "statut" not in donnees:
        donnees["statut"] = StatutPrescription.EN_ATTENTE
    filtre = PrescriptionFilter(donnees, queryset=_prescriptions(request.user).order_by("date_prescription", "pk"))
    if request.GET.get("format") == "xlsx":
        return export_excel(request, filtre.qs)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    aujourdhui = timezone.localdate()
    lignes = [(p, (aujourdhui - p.date_prescription).days) for p in page]
    parametres = donnees.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return render(
        request,
        "parcours/prescriptions/liste.html",
        {
            "filtre": filtre,
            "page": page,
            "lignes": lignes,
            "parametres": parametres.urlencode(),
            "a_rapprocher": Prescription.objects.a_rapprocher().count() if access.est_animation(request.user) else 0,
        },
    )


@acces(Role.ANIMATION)
def nouvelle(request):
    form = PrescriptionForm(request.POST or None, initial={"date_prescription": timezone.localdate()})
    if form.is_valid():
        try:
            prescription = services.prescription_creer(**form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, "Prescription enregistrée.")
            return redirect("prescription", prescription.pk)
    return render(
        request,
        "components/formulaire.html",
        {"form": form, "titre": "Nouvelle prescription", "retour": reverse("prescriptions")},
    )


@acces(Role.ANIMATION, lecture="prescription")
def modifier(request, pk):
    """Correct a waiting prescription (what the prescriber sent); a decided one no longer changes."""
    prescription = get_object_or_404(_prescriptions(request.user), pk=pk)
    request.participant_lu = prescription.participant_id
    if prescription.est_decidee:
        messages.error(request, "Cette prescription est déjà décidée : elle ne se modifie plus.")
        return redirect("prescription", pk)
    form = PrescriptionModifierForm(request.POST or None, instance=prescription)
    if form.is_valid():
        try:
            services.prescription_modifier(prescription=prescription, **form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(erreur, form)
        else:
            messages.success(request, "Prescription corrigée.")
            return redirect("prescription", pk)
    return render(
        request,
        "components/formulaire.html",
        {
            "form": form,
            "titre": f"Corriger la prescription — {prescription.nom.upper()} {prescription.prenom}",
            "retour": reverse("prescription", args=[pk]),
            "onglet": "Correction d'une prescription",
        },
    )


@acces(Role.REFERENT, Role.ANIMATION, lecture="prescription")
def detail(request, pk):
    prescription = get_object_or_404(_prescriptions(request.user), pk=pk)
    request.participant_lu = prescription.participant_id
    parcours = Parcours.objects.filter(prescription=prescription).first()
    animation = access.est_animation(request.user)
    return render(
        request,
        "parcours/prescriptions/detail.html",
        {
            "prescription": prescription,
            "parcours": parcours,
            "age": (timezone.localdate() - prescription.date_prescription).days,
            "preaffectation": PreaffectationForm(prescription=prescription) if animation else None,
        },
    )


@acces(Role.REFERENT, Role.ANIMATION)
def piece_jointe(request, pk):
    """The prescriber's attachment, for whoever sees the prescription; every download journaled."""
    prescription = get_object_or_404(_prescriptions(request.user).exclude(piece_jointe=""), pk=pk)
    journaliser(
        request,
        action=ActionJournal.TELECHARGEMENT,
        objet="piece_jointe_prescription",
        objet_id=prescription.pk,
        participant_id=prescription.participant_id,
    )
    return telechargement(prescription.piece_jointe, nom=f"prescription-{prescription.pk}")


@acces(Role.ANIMATION)
@require_POST
def preaffecter(request, pk):
    prescription = get_object_or_404(_prescriptions(request.user), pk=pk)
    form = PreaffectationForm(request.POST, prescription=prescription)
    if form.is_valid():
        try:
            services.prescription_preaffecter(
                prescription=prescription,
                referent=form.cleaned_data["referent"],
                date=form.cleaned_data["date"],
                par=request.user,
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, f"Prescription pré-affectée à {form.cleaned_data['referent']}.")
    else:
        messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
    return redirect("prescription", pk)


def _a_decider(request, pk):
    prescription = get_object_or_404(_prescriptions(request.user), pk=pk)
    request.participant_lu = prescription.participant_id
    if prescription.est_decidee:
        messages.error(request, "Cette prescription est déjà décidée.")
        return prescription, redirect("prescription", pk)
    if prescription.referent_id is None:
        messages.error(request, "Cette prescription doit d'abord être pré-affectée à un référent.")
        return prescription, redirect("prescription", pk)
    return prescription, None


@acces(Role.REFERENT, Role.ANIMATION, lecture="prescription")
def non_entree(request, pk):
    prescription, refus = _a_decider(request, pk)
    if refus:
        return refus
    form = NonEntreeForm(request.POST or None)
    if form.is_valid():
        try:
            services.prescription_non_entree(prescription=prescription, **form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            erreurs_du_service(
                erreur,
                form,
                champs={"date_decision": "date", "motif_non_entree": "motif", "commentaire_decision": "commentaire"},
            )
        else:
            messages.success(request, "Non-entrée enregistrée.")
            return redirect("prescriptions")
    return render(
        request,
        "components/formulaire.html",
        {
            "form": form,
            "titre": f"Non-entrée — {prescription.nom.upper()} {prescription.prenom}",
            "retour": reverse("prescription", args=[prescription.pk]),
            "onglet": "Non-entrée",
        },
    )


def _personne_connue(request, prescription):
    """One neutral answer, whoever the person is and whoever follows them: the structure d'animation takes over."""
    return render(request, "parcours/prescriptions/personne_connue.html", {"prescription": prescription})


@acces(Role.REFERENT, Role.ANIMATION, lecture="prescription")
def entree(request, pk):
    """The entry: find the person among those known (or create them), then the entry data."""
    prescription, refus = _a_decider(request, pk)
    if refus:
        return refus
    personne_form, entree_form = _formulaires_d_entree(request, prescription)
    if prescription.rapprochement_demande_le and not access.est_animation(request.user):
        return _personne_connue(request, prescription)
    choix = request.POST.get("personne", "")
    # The prescription's identity, as the prescriber sent it, is checked against the whole PLIE here. An identity
    # the référent types instead is the service's to handle: whatever it matches, the same answer (no probe).
    if services.connue_hors_perimetre(prescription=prescription, par=request.user):
        return _personne_connue(request, prescription)
    # Only people within the user's scope are offered (everyone, for the structure d'animation), and the identity
    # the structure d'animation typed for a new person is checked too.
    saisie = None
    if choix == "nouvelle" and access.est_animation(request.user) and personne_form.is_valid():
        saisie = {k: personne_form.cleaned_data[k] for k in ("nom", "prenom", "date_naissance")}
    candidats = lectures.candidats_a_l_entree(request.user, prescription, saisie if request.method == "POST" else None)
    if any(c.parcours_ouvert for c in candidats) and not access.est_animation(request.user):
        return render(request, "parcours/prescriptions/deja_accompagnee.html", {"prescription": prescription})
    # The structure d'animation sees who is already followed (a link to the file), and may still enter another
    # person of the same name: a look-alike in a parcours is not chosen, the service refuses a second parcours.
    if request.method == "POST":
        participant = next((c for c in candidats if str(c.pk) == choix), None)
        if choix not in ("nouvelle", *[str(c.pk) for c in candidats]):
            messages.error(request, "Choisissez la personne qui entre : une personne connue ou une nouvelle fiche.")
        elif choix == "nouvelle" and candidats and not request.POST.get("confirmer_nouvelle"):
            messages.warning(
                request,
                "Des personnes connues ressemblent à celle-ci : choisissez-en une, ou confirmez qu'il s'agit "
                "bien d'une nouvelle personne.",
            )
        elif entree_form.is_valid() and (participant or personne_form.is_valid()):
            reponse = _enregistrer_l_entree(request, prescription, participant, candidats, personne_form, entree_form)
            if reponse is not None:
                return reponse
    return render(
        request,
        "parcours/prescriptions/entree.html",
        {
            "prescription": prescription,
            "candidats": candidats,
            "choix": choix,
            "personne_form": personne_form,
            "entree_form": entree_form,
            "propositions": entree_form.propositions(),
            "regles_eligibilite": eligibilite.PROPOSITIONS,
            # The identity's errors count only when a new record is being created.
            "erreurs": resume_erreurs(*([personne_form] if choix == "nouvelle" else []), entree_form),
        },
    )


def _formulaires_d_entree(request, prescription):
    """The person's identity (prefilled from the prescription) and the entry data (dated today)."""
    aujourdhui = timezone.localdate()
    personne_form = PersonneForm(
        request.POST or None,
        prefix="personne",
        initial={
            "nom": prescription.nom,
            "prenom": prescription.prenom,
            "date_naissance": prescription.date_naissance,
            "sexe": prescription.sexe,
            "telephone": prescription.telephone,
            "email": prescription.email,
            "commune": prescription.commune_id,
        },
    )
    entree_form = EntreeForm(
        request.POST or None,
        prefix="entree",
        prescription=prescription,
        residence=False,  # asked once, with the person
        initial={
            "date_entree": aujourdhui,
            "date_information_rgpd": aujourdhui,
            "date_information_fse": aujourdhui,
        },
    )
    return personne_form, entree_form


def _enregistrer_l_entree(request, prescription, participant, candidats, personne_form, entree_form):
    """The entry through its service; the page to show when it ends the visit, or None to show the forms again
    with the service's errors. The entry's residence is the one typed with the person (for a known person too:
    where they live now, the prescription's commune by default)."""
    personne_form.is_valid()  # a known person's identity is not checked, their residence is read
    residence = {champ: personne_form.cleaned_data.get(champ) for champ in ("commune", "quartier")}
    try:
        parcours = services.entree_enregistrer(
            prescription=prescription,
            participant=participant,
            nouvelle_personne=None if participant else personne_form.cleaned_data,
            date_entree=entree_form.cleaned_data["date_entree"],
            criteres=entree_form.cleaned_data["criteres"],
            par=request.user,
            ressemblances_vues=[c.pk for c in candidats],
            **entree_form.situation(),
            **residence,
        )
    except ValidationError as erreur:
        if getattr(erreur, "code", None) == "personne_connue":
            return _personne_connue(request, prescription)
        if getattr(erreur, "code", None) == "identite_a_verifier":
            return render(request, "parcours/prescriptions/identite_a_verifier.html", {"prescription": prescription})
        erreurs_du_service(erreur, entree_form, personne_form)
    else:
        messages.success(request, "Entrée enregistrée : le parcours est ouvert.")
        return redirect("dossier_participant", parcours.participant_id)
    return None
