"""The exit (sortie): recorded by the référent, checked against the employment-exit rule, corrected after the
commission sends it back; reopened only by the structure d'animation."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parcours import droits, sortie_emploi, statuts
from parcours.enums import RegleReprise, StatutCommission
from parcours.models import (
    AideIndividuelle,
    DerogationSenior,
    Entretien,
    Etape,
    ExceptionReprise,
    MotifSortie,
    Parcours,
    Veille,
)
from parcours.services.reprise import Exception_, exception_enregistrer
from plie.statuts import AUCUN


def etapes_emploi(parcours: Parcours) -> list[sortie_emploi.EtapeEmploi]:
    """The étapes the employment-exit rule reads, for one parcours."""
    etapes = Etape.objects.filter(parcours=parcours, type__regle_sortie__in=sortie_emploi.TYPES_LUS).select_related(
        "type"
    )
    return [sortie_emploi.EtapeEmploi.depuis(e) for e in etapes.order_by("date_debut", "pk")]


def _options(parcours: Parcours) -> dict:
    """The person's birth date and the 55+ exception the commission validated, if any."""
    derogation = getattr(parcours, "derogation_senior", None)
    etape = None
    if derogation is not None and derogation.validee:
        etape = sortie_emploi.EtapeEmploi.depuis(Etape.objects.select_related("type").get(pk=derogation.etape_id))
    return {"naissance": parcours.participant.date_naissance, "derogation_senior": etape}


def sortie_justification(parcours: Parcours, *, au: datetime.date) -> sortie_emploi.Justification | None:
    """The earliest employment exit the rule allows for this parcours by ``au`` (the dossier shows it)."""
    return sortie_emploi.premiere_sortie_possible(etapes_emploi(parcours), au=au, **_options(parcours))


# The elements an exit may not precede (``verifier_sortie``): model, date field, name.
ELEMENTS_DATES = (
    (Etape, "date_debut", "étape"),
    (Entretien, "date", "entretien"),
    (Veille, "date_debut", "veille"),
    (AideIndividuelle, "date", "aide"),
)


def _dernier_element(parcours: Parcours) -> tuple[datetime.date, str] | None:
    """The latest day an element of the parcours starts on, and what it is (« entretien du 06/10/2026 »)."""
    derniers = []
    for modele, champ, libelle in ELEMENTS_DATES:
        date = modele.objects.filter(parcours=parcours).order_by(f"-{champ}").values_list(champ, flat=True).first()
        if date is not None:
            derniers.append((date, libelle))
    return max(derniers, default=None)


@dataclass(frozen=True)
class SortieProposee:
    """The employment exit the form proposes: a day and a motif the service accepts as they are."""

    date: datetime.date
    justification: sortie_emploi.Justification
    apres: str = ""  # the element that put the day after the rule's: « entretien du 06/10/2026 »

    @property
    def motif(self) -> str:
        return self.justification.motif


def sortie_proposee(parcours: Parcours, *, au: datetime.date) -> SortieProposee | None:
    """The employment exit to propose by ``au``: the rule's first day, or the day of the parcours' last element if
    it comes later (an exit may not precede what was recorded after it), with the motif the rule gives — checked
    by the same rule the service applies, so that what is proposed is accepted. None when the rule is not met by
    ``au``."""
    etapes, options = etapes_emploi(parcours), _options(parcours)
    justification = sortie_emploi.premiere_sortie_possible(etapes, au=au, **options)
    if justification is None:
        return None
    date, apres = justification.date, ""
    dernier = _dernier_element(parcours)
    if dernier and dernier[0] > date:
        date, apres = dernier[0], f"{dernier[1]} du {dernier[0]:%d/%m/%Y}"
    if date > au or sortie_emploi.refus(justification.motif, etapes, date_sortie=date, **options):
        return None
    return SortieProposee(date=date, justification=justification, apres=apres)


def justifications_des_sorties(parcours: list[Parcours]) -> dict[int, sortie_emploi.Justification]:
    """For the employment exits among ``parcours`` (a page of the commission), the étapes that justify each on its
    exit day: two queries whatever the number."""
    emploi = [
        p for p in parcours if p.date_sortie and p.motif_sortie and p.motif_sortie.code in sortie_emploi.MOTIFS_EMPLOI
    ]
    if not emploi:
        return {}
    etapes: dict[int, list] = {}
    for etape in (
        Etape.objects.filter(parcours__in=emploi, type__regle_sortie__in=sortie_emploi.TYPES_LUS)
        .select_related("type")
        .order_by("date_debut", "pk")
    ):
        etapes.setdefault(etape.parcours_id, []).append(sortie_emploi.EtapeEmploi.depuis(etape))
    derogations = {
        d.parcours_id: sortie_emploi.EtapeEmploi.depuis(d.etape)
        for d in DerogationSenior.objects.filter(
            parcours__in=emploi, commission=StatutCommission.VALIDEE
        ).select_related("etape__type")
    }
    resultat = {}
    for p in emploi:
        if p.date_sortie is None or p.motif_sortie is None:
            continue
        justification = sortie_emploi.justifications(
            etapes.get(p.pk, []),
            au=p.date_sortie,
            naissance=p.participant.date_naissance,
            derogation_senior=derogations.get(p.pk),
        ).get(p.motif_sortie.code)
        if justification:
            resultat[p.pk] = justification
    return resultat


def verifier_sortie(
    parcours: Parcours, date_sortie: datetime.date, motif: MotifSortie, *, sauf_regle_emploi: bool = False
) -> str:
    """The employment-exit rule, and nothing of the parcours starting after the exit. With ``sauf_regle_emploi``
    (a record taken over from the old tool, under a recorded exception) the employment-exit rule's refusal is
    returned instead of raised; the other checks still hold."""
    if not (date_sortie and motif):
        return ""
    refus = sortie_emploi.refus(motif.code, etapes_emploi(parcours), date_sortie=date_sortie, **_options(parcours))
    message_refus = ""
    if refus:
        champ, message = refus
        if not sauf_regle_emploi:
            raise ValidationError({champ: message})
        message_refus = message
    apres = [
        f"{libelle} du {date:%d/%m/%Y}"
        for modele, champ, libelle in ELEMENTS_DATES
        for date in modele.objects.filter(parcours=parcours, **{f"{champ}__gt": date_sortie})
        .order_by(champ)
        .values_list(champ, flat=True)
    ]
    if apres:
        raise ValidationError(
            {
                "date_sortie": "Ces éléments du parcours commencent après cette date de sortie : "
                + ", ".join(apres)
                + ". Choisissez une date de sortie qui les suit, ou corrigez-les d'abord."
            }
        )
    return message_refus


def _enregistrer(parcours: Parcours, date_sortie, motif, commentaire, exception: Exception_ | None, par) -> Parcours:
    parcours.date_sortie, parcours.motif_sortie, parcours.commentaire_sortie = date_sortie, motif, commentaire
    statuts.SORTIE_COMMISSION.passer(parcours, StatutCommission.A_VALIDER, par=par)
    parcours.sortie_validee_le = parcours.sortie_validee_par = None
    parcours.full_clean()
    refus = verifier_sortie(parcours, date_sortie, motif, sauf_regle_emploi=exception is not None)
    parcours.save()
    ExceptionReprise.objects.filter(parcours=parcours, regle=RegleReprise.SORTIE_EMPLOI).delete()
    if refus and exception is not None:  # a refusal comes back only when an exception lets it through
        exception_enregistrer(parcours=parcours, regle=RegleReprise.SORTIE_EMPLOI, message=refus, exception=exception)
    return parcours


def _verrouiller(parcours: Parcours) -> Parcours:
    return Parcours.objects.select_for_update().select_related("participant").get(pk=parcours.pk)


@transaction.atomic
def sortie_enregistrer(
    *,
    parcours: Parcours,
    date_sortie: datetime.date,
    motif: MotifSortie,
    commentaire: str = "",
    exception: Exception_ | None = None,
    par,
) -> Parcours:
    """Record the exit. ``exception``: a record of the old tool imported although the employment-exit rule refuses
    it (who, why): the exception is recorded on the parcours instead of the refusal."""
    parcours = _verrouiller(parcours)
    if parcours.date_sortie:
        raise ValidationError(f"Ce parcours est déjà sorti le {parcours.date_sortie:%d/%m/%Y}.")
    return _enregistrer(parcours, date_sortie, motif, commentaire, exception, par)


@transaction.atomic
def sortie_corriger(
    *,
    parcours: Parcours,
    date_sortie: datetime.date,
    motif: MotifSortie,
    commentaire: str = "",
    par,
    exception: Exception_ | None = None,
) -> Parcours:
    """Correct an exit: the référent one the commission sent back; the structure d'animation any exit, validated
    or not. The corrected exit goes back to the commission."""
    parcours = _verrouiller(parcours)
    if not parcours.date_sortie:
        raise ValidationError("Ce parcours n'a pas de sortie à corriger.")
    # A command run without a user (``par=None``) is no exception: the exit is the structure d'animation's.
    if not droits.peut_corriger_sortie(par, parcours):
        raise PermissionDenied("Seule la structure d'animation rouvre une sortie que la commission n'a pas renvoyée.")
    return _enregistrer(parcours, date_sortie, motif, commentaire, exception, par)


@transaction.atomic
def sortie_annuler(*, parcours: Parcours, par) -> Parcours:
    """The structure d'animation cancels a mistaken exit: the parcours is in progress again."""
    parcours = _verrouiller(parcours)
    if not parcours.date_sortie:
        raise ValidationError("Ce parcours n'a pas de sortie à annuler.")
    if not droits.peut_annuler_sortie(par, parcours):
        raise PermissionDenied("Seule la structure d'animation annule une sortie.")
    if Parcours.objects.filter(participant=parcours.participant_id, date_sortie__isnull=True).exists():
        raise ValidationError("Cette personne a un autre parcours en cours : cette sortie ne peut pas être annulée.")
    parcours.date_sortie = parcours.motif_sortie = None
    ExceptionReprise.objects.filter(parcours=parcours, regle=RegleReprise.SORTIE_EMPLOI).delete()
    parcours.commentaire_sortie = parcours.sortie_commentaire_commission = ""
    statuts.SORTIE_COMMISSION.passer(parcours, AUCUN, par=par)
    parcours.sortie_validee_le = parcours.sortie_validee_par = None
    parcours.full_clean()
    parcours.save()
    return parcours
