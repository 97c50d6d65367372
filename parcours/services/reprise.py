"""Records taken over from the old tool: their origin, their commission status « reprise de l'ancien outil », and
the rules of today they were let through under a recorded exception (who, why). Only the structure d'animation (or
a command on the server) takes records over."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parcours import statuts
from parcours.enums import StatutCommission
from parcours.models import ExceptionReprise, OrigineReprise, Parcours
from plie import access
from plie.models import User


@dataclass(frozen=True)
class Exception_:
    """The decision to import a record although a rule of today refuses it."""

    justification: str
    source: str
    par: User | None = None  # the user; None for a command run on the server


def _verifier_auteur(par) -> None:
    if par is not None and not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation reprend les données de l'ancien outil.")


def exception_enregistrer(*, parcours: Parcours, regle: str, message: str, exception: Exception_) -> ExceptionReprise:
    _verifier_auteur(exception.par)
    if not exception.justification.strip():
        raise ValidationError("Indiquez pourquoi cette donnée est reprise sans vérifier la règle.")
    objet = ExceptionReprise(
        parcours=parcours,
        regle=regle,
        message=message,
        justification=exception.justification.strip(),
        source=exception.source[:255],
        le=timezone.now(),
        par=exception.par,
    )
    objet.full_clean()
    objet.save()
    return objet


@transaction.atomic
def reprise_marquer(*, parcours: Parcours, objets=("entree", "sortie"), source: str, par) -> Parcours:
    """What the import recorded of a parcours (its entry, its exit) carries the commission status « reprise de
    l'ancien outil », distinct from a validation; the origin keeps the file, the date and the user. An entry or
    exit the commission decided meanwhile (a commit in batches lets the others work between two) keeps its
    decision: the commission's word is not overwritten by a file."""
    _verifier_auteur(par)
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    reprise = StatutCommission.REPRISE
    if "entree" in objets and statuts.ENTREE_COMMISSION.permise(parcours.entree_commission, reprise):
        statuts.ENTREE_COMMISSION.passer(parcours, reprise, par=par)
        parcours.entree_validee_le = parcours.entree_validee_par = None
        parcours.entree_champs_corriges = []
    if (
        "sortie" in objets
        and parcours.date_sortie
        and statuts.SORTIE_COMMISSION.permise(parcours.sortie_commission, reprise)
    ):
        statuts.SORTIE_COMMISSION.passer(parcours, reprise, par=par)
        parcours.sortie_validee_le = parcours.sortie_validee_par = None
    parcours.save()
    OrigineReprise.objects.update_or_create(
        parcours=parcours, defaults={"source": source[:255], "le": timezone.now(), "par": par}
    )
    return parcours
