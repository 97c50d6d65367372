"""The reads of the accompaniment that screens share: a person's parcours as their file shows them, the events of a
parcours, the people an entry may be about. Views ask here and render; the rules of who may read what stay in the
querysets (``visibles_par``) these functions start from."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from parcours import statuts  # noqa: F401  (the machines registered before their journal is read)
from parcours.diagnostic import classement_freins, profil_clea, score
from parcours.doublons import ressemblances
from parcours.enums import ModeEntretien, StatutCommission
from parcours.models import (
    AffectationReferent,
    ChangementStatut,
    DerogationSenior,
    Entretien,
    Etape,
    Parcours,
    Prescription,
)
from parcours.models.communs import q_file_active
from participants.models import Participant, Referent
from plie.formats import euros
from plie.statuts import MACHINES
from programmation.models import ObjectifsAnnuels


def parcours_du_dossier(user, participant: Participant):
    """The parcours of ``participant`` that ``user`` may see, newest first, with all their file shows (a fixed
    number of queries, whatever the number of parcours and elements)."""
    return (
        Parcours.objects.visibles_par(user)
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
            Prefetch("changements_statut", queryset=ChangementStatut.objects.select_related("par")),
            Prefetch("prescription__changements_statut", queryset=ChangementStatut.objects.select_related("par")),
            Prefetch("derogation_senior__changements_statut", queryset=ChangementStatut.objects.select_related("par")),
            # Each entretien's émargement sheet (agenda.FeuilleEmargement), read through its reverse relation.
            Prefetch("entretiens", queryset=Entretien.objects.select_related("feuille_emargement")),
            "veilles",
            "aides",
            "diagnostic__freins",
            "diagnostic__positionnements_clea",
        )
        .order_by("-date_entree")
    )


def _emargement(entretien) -> str:
    """An entretien in person and its émargement sheet, as its status reads (agenda/emargement)."""
    if entretien.mode != ModeEntretien.PRESENTIEL:
        return ""
    try:
        return f" — émargement : {entretien.feuille_emargement.get_statut_display().lower()}"
    except ObjectDoesNotExist:
        return " — émargement : sans feuille signée"


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
                "texte": f"{entretien.get_mode_display()}, {entretien.duree_minutes} min" + _emargement(entretien),
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
    derogation = getattr(parcours, "derogation_senior", None)
    for changements in (
        parcours.prescription.changements_statut.all(),
        parcours.changements_statut.all(),
        derogation.changements_statut.all() if derogation else [],
    ):
        evenements += [_changement(changement) for changement in changements]
    return sorted(evenements, key=lambda e: e["date"], reverse=True)


DECISIONS = (StatutCommission.VALIDEE, StatutCommission.RENVOYEE)  # what the commission decides


def _changement(changement: ChangementStatut) -> dict:
    """A status move, as the dossier tells it: « Commission — entrée : à valider → validée, par Claire Martin »."""
    machine = MACHINES[changement.machine]
    par = (
        changement.par.get_full_name() or changement.par.email
        if changement.par
        else "l'import ou une commande (sans utilisateur)"
    )
    return {
        "date": timezone.localtime(changement.le).date(),
        "genre": "Commission"
        if changement.vers in (StatutCommission.VALIDEE, StatutCommission.RENVOYEE)
        else "Statut",
        "texte": f"{machine.titre[0].upper()}{machine.titre[1:]} : {machine.libelle(changement.depuis)} → "
        f"{machine.libelle(changement.vers)}, par {par}",
    }


def candidats_a_l_entree(user, prescription: Prescription, saisie: dict | None = None) -> list[Participant]:
    """The known people an entry may be about, within what ``user`` may see: those who look like the
    prescription's identity (and like ``saisie``, the identity the structure d'animation typed). Each carries
    ``parcours_ouvert``, their parcours in progress if any."""
    identite = {"nom": prescription.nom, "prenom": prescription.prenom, "date_naissance": prescription.date_naissance}
    candidats = ressemblances(user, **identite).visibles
    if saisie:
        candidats += [c for c in ressemblances(user, **saisie).visibles if c not in candidats]
    ouverts = {
        p.participant_id: p
        for p in Parcours.objects.filter(participant__in=candidats, date_sortie__isnull=True).select_related(
            "referent"
        )
    }
    for candidat in candidats:
        candidat.parcours_ouvert = ouverts.get(candidat.pk)
    return candidats


def charge_des_referents(au: datetime.date):
    """The référents in post at ``au`` with what each carries, counted in the database: ``file_active`` (their
    parcours in the file active that day), ``prescriptions_en_attente`` (pre-assigned to them, undecided), ``etp``;
    and the year's objectives, whose ``objectif_file_active(etp)`` is each one's target (the letter's rule)."""

    def compte(requete):
        return Coalesce(
            Subquery(requete.order_by().values("referent").annotate(n=Count("pk")).values("n")),
            Value(0),
            output_field=IntegerField(),
        )

    referents = (
        Referent.objects.en_poste_au(au)
        .select_related("structure")
        .annotate(
            file_active=compte(Parcours.objects.filter(q_file_active(au=au), referent=OuterRef("pk"))),
            prescriptions_en_attente=compte(Prescription.objects.en_attente().filter(referent=OuterRef("pk"))),
        )
        .order_by("structure__nom", "nom", "prenom")
    )
    return referents, ObjectifsAnnuels.objects.pour_annee(au.year)


def file_de_la_commission() -> dict[str, int]:
    """What awaits the entries-exits commission, and the prescriptions still waiting for a référent's answer: the
    home's tiles and the commission page, which refresh them while open (counts in the database)."""
    attente = Prescription.objects.en_attente()
    return {
        "entrees": Parcours.objects.a_valider("entree").count(),
        "sorties": Parcours.objects.a_valider("sortie").count(),
        "derogations": DerogationSenior.objects.filter(commission=StatutCommission.A_VALIDER).count(),
        "prescriptions": attente.count(),
        "sans_referent": attente.filter(referent__isnull=True).count(),
    }
