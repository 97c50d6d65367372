"""Émargement: a contact's sheet (blank to print, signed on screen, or uploaded once signed on paper), and the board
of physical contacts still without a signed sheet, by référent and month."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agenda import temps
from agenda.emargement import lectures
from agenda.emargement import services as emargement
from agenda.emargement.contenu import (
    ENTRETIEN,
    GENRES,
    a_eu_lieu,
    contenu,
    demande_une_feuille,
    empreinte_fichier,
    feuille_de,
    rendre,
)
from agenda.statuts import FEUILLE
from agenda.views_temps import mois_choisi
from parcours.models import Entretien
from participants.models import Referent
from plie import access
from plie.enums import ActionJournal, Role
from plie.fichiers import MEGA, reponse_fichier, telechargement
from plie.journal import journaliser
from plie.signatures import lire as lire_signature

PAR_PAGE = 50


def _contact(request, genre: str, pk: int):
    if genre not in GENRES:
        raise Http404
    objet = lectures.contact(request.user, genre, pk)
    if not demande_une_feuille(objet):
        raise Http404("Ce contact n'a pas de feuille d'émargement (ni entretien en présentiel, ni séance collective).")
    if not emargement.peut_emarger(request.user, objet):
        raise PermissionDenied("Seuls le référent du contact et la structure d'animation font émarger.")
    return objet


def _journaliser(request, objet, action: ActionJournal, cle: str) -> None:
    """One row per participant the sheet names (a collective session names several)."""
    ids = (
        [objet.parcours.participant_id]
        if isinstance(objet, Entretien)
        else list(objet.participants.values_list("participant_id", flat=True))
    )
    for participant_id in ids or [None]:
        journaliser(request, action=action, objet=cle, objet_id=objet.pk, participant_id=participant_id)


def _retour(objet) -> str:
    if objet.referent_id is None:  # an entretien of the old tool, held by nobody known
        return reverse("agenda")
    return reverse("agenda") + f"?referent={objet.referent_id}&semaine={objet.date.isoformat()}"


@access.acces(Role.REFERENT, Role.ANIMATION)
def feuille(request, genre, pk):
    objet = _contact(request, genre, pk)
    fiche = feuille_de(objet)
    attendu = contenu(objet)
    _journaliser(request, objet, ActionJournal.CONSULTATION, "feuille_emargement")
    return render(
        request,
        "agenda/emargement.html",
        {
            "objet": objet,
            "genre": genre,
            "contenu": attendu,
            "feuille": fiche,
            "libelle": lectures.libelle_feuille(fiche),
            "integre": fiche is not None and bool(fiche.fichier) and _integre(fiche),
            "changements": [
                {"le": c.le, "par": c.par, "depuis": FEUILLE.libelle(c.depuis), "vers": FEUILLE.libelle(c.vers)}
                for c in (fiche.changements_statut.select_related("par") if fiche else [])
            ],
            "retour": _retour(objet),
            "peut_signer": a_eu_lieu(objet),
            "taille_max": emargement.TAILLE_MAX // MEGA,
        },
    )


def _integre(fiche) -> bool:
    """The stored file is the one whose fingerprint was written (nothing replaced it on disk)."""
    try:
        with fiche.fichier.open("rb") as f:
            return empreinte_fichier(f.read()) == fiche.empreinte
    except OSError:  # the file is gone from the disk
        return False


@access.acces(Role.REFERENT, Role.ANIMATION)
def vierge(request, genre, pk):
    """The blank sheet, to print and sign by hand."""
    objet = _contact(request, genre, pk)
    _journaliser(request, objet, ActionJournal.TELECHARGEMENT, "feuille_emargement")
    return reponse_fichier(
        rendre(contenu(objet)),
        nom=f"emargement-{genre}-{objet.pk}-{objet.date:%Y-%m-%d}.pdf",
        type_contenu="application/pdf",
    )


@access.acces(Role.REFERENT, Role.ANIMATION)
def fichier(request, genre, pk):
    """The signed sheet as stored (the PDF signed on screen, or the scan)."""
    objet = _contact(request, genre, pk)
    fiche = feuille_de(objet)
    if fiche is None or not fiche.fichier:
        raise Http404("Aucune feuille signée n'est conservée pour ce contact.")
    _journaliser(request, objet, ActionJournal.TELECHARGEMENT, "feuille_emargement")
    return telechargement(fiche.fichier, nom=f"emargement-{genre}-{objet.pk}-{objet.date:%Y-%m-%d}")


@access.acces(Role.REFERENT, Role.ANIMATION)
def signer(request, genre, pk):
    """One signature pad per participant (a collective session: the absent ones ticked), signed on the tablet or
    phone the référent hands over; the signed PDF is produced on submit."""
    objet = _contact(request, genre, pk)
    if not a_eu_lieu(objet):
        messages.error(request, "Ce contact n'a pas encore eu lieu : sa feuille se signe une fois la séance réalisée.")
        return redirect("agenda_emargement", genre=genre, pk=pk)
    attendu = contenu(objet)
    erreurs: list[str] = []
    if request.method == "POST":
        signatures: dict[int, bytes | None] = {}
        for ligne in attendu.lignes:
            if request.POST.get(f"absent_{ligne.parcours_id}"):
                signatures[ligne.parcours_id] = None
                continue
            donnee = request.POST.get(f"signature_{ligne.parcours_id}", "")
            if not donnee:
                erreurs.append(f"{ligne.nom} n'a pas signé : faites signer, ou cochez « Absent ».")
                continue
            try:
                signatures[ligne.parcours_id] = lire_signature(donnee)
            except ValidationError as erreur:
                erreurs.append(f"{ligne.nom} : {' '.join(erreur.messages)}")
        if not erreurs:
            try:
                emargement.emargement_signer(
                    objet=objet, signatures=signatures, par=request.user, empreinte=request.POST.get("empreinte", "")
                )
            except ValidationError as erreur:
                erreurs.extend(erreur.messages)
            else:
                _journaliser(request, objet, ActionJournal.MODIFICATION, "feuille_emargement")
                messages.success(request, "Feuille d'émargement signée : le PDF signé est conservé.")
                return redirect("agenda_emargement", genre=genre, pk=pk)
    _journaliser(request, objet, ActionJournal.CONSULTATION, "feuille_emargement")
    return render(
        request,
        "agenda/emargement_signer.html",
        {
            "objet": objet,
            "genre": genre,
            "contenu": attendu,
            "collective": genre != ENTRETIEN,
            "erreurs": erreurs,
            "absents": {
                int(k[len("absent_") :])
                for k in request.POST
                if k.startswith("absent_") and k[len("absent_") :].isdecimal() and len(k) < 20
            },
            "retour": reverse("agenda_emargement", args=[genre, pk]),
        },
        status=400 if erreurs else 200,
    )


@access.acces(Role.REFERENT, Role.ANIMATION)
@require_POST
def deposer(request, genre, pk):
    """The sheet printed, signed on paper and scanned: a PDF or an image, checked by its content."""
    objet = _contact(request, genre, pk)
    envoye = request.FILES.get("fichier")
    if envoye is None:
        messages.error(request, "Choisissez le fichier de la feuille signée (PDF, PNG ou JPEG).")
    else:
        try:
            emargement.emargement_deposer(objet=objet, fichier=envoye, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            _journaliser(request, objet, ActionJournal.MODIFICATION, "feuille_emargement")
            messages.success(request, "Feuille signée déposée.")
    return redirect("agenda_emargement", genre=genre, pk=pk)


@access.acces(Role.REFERENT, Role.ANIMATION, Role.PORTEUR, lecture="emargements")
def tableau(request):
    """Physical contacts of the month without a signed sheet, by référent (the structure d'animation: all; an
    employer: its référents, without names; a référent: their own); one référent's list, paginated."""
    annee, mois = mois_choisi(request, par_defaut_le_precedent=False)
    debut, fin = temps.bornes(annee, mois)
    referents = Referent.objects.visibles_par(request.user)
    lignes = lectures.tableau(referents.values("pk"), debut, fin)
    choisi = request.GET.get("referent", "")
    referent = get_object_or_404(referents, pk=int(choisi)) if choisi.isdecimal() and len(choisi) < 10 else None
    if referent is None and access.est_referent(request.user):
        referent = referents.filter(utilisateur=request.user).first()
    page = details = None
    if referent is not None:
        page = Paginator(lectures.manquants(referent, debut, fin), PAR_PAGE).get_page(request.GET.get("page"))
        details = lectures.details(list(page.object_list), noms=access.peut_voir_donnees_personnelles(request.user))
    precedent = debut - datetime.timedelta(days=1)
    suivant = fin + datetime.timedelta(days=1)
    cle_mois = f"{annee}-{mois:02d}"
    return render(
        request,
        "agenda/emargements.html",
        {
            "libelle": temps.libelle_mois(annee, mois),
            "cle_mois": cle_mois,
            "lignes": lignes,
            "total": {
                cle: sum(ligne[cle] for ligne in lignes)
                for cle in ("contacts", "probantes", "declarees", "a_resigner", "manquantes")
            },
            "referent": referent,
            "page": page,
            "details": details,
            "liens": access.peut_voir_donnees_personnelles(request.user),
            "parametres": f"mois={cle_mois}&referent={referent.pk}" if referent else "",
            "precedent": f"{precedent.year}-{precedent.month:02d}",
            "suivant": f"{suivant.year}-{suivant.month:02d}" if suivant <= timezone.localdate() else "",
        },
    )
