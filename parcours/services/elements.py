"""The elements of a parcours (étapes, entretiens, veilles, aides): saved after every model rule, deleted when
mistaken (the history keeps the deleted record, who deleted it and when)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from parcours import droits
from parcours.models import AffectationReferent, AideIndividuelle, Entretien, Etape, Veille
from participants.models import Referent
from plie import access, contacts, verrous

ELEMENTS = (Etape, Entretien, Veille, AideIndividuelle)


@transaction.atomic
def element_enregistrer(*, element, par):
    """Save an étape, entretien, veille or aide, after every model rule, on a parcours ``par`` may change."""
    if not isinstance(element, ELEMENTS):
        raise ValidationError("Élément de parcours inconnu.")
    if element.parcours_id:
        droits.verifier_modifiable(par, element.parcours)
        if isinstance(element, Entretien) and element.referent_id is None:
            element.referent = _qui_tient_l_entretien(par, element.parcours, element.date)
    if isinstance(element, Entretien):
        _verifier_temps_ouvert(element)
    nouveau = element.pk is None
    element.full_clean()
    element.save()
    if isinstance(element, Entretien) and not nouveau:
        contacts.modifie(element, par=par)  # its émargement sheet, if signed, may need signing again
    return element


def _verifier_temps_ouvert(entretien: Entretien) -> None:
    """An entretien counts in its référent's time: not in a month whose time statement is validated (before or
    after the change)."""
    verrous.verifier_temps(entretien.referent_id, entretien.date)
    if entretien.pk:
        avant = Entretien.objects.filter(pk=entretien.pk).values_list("referent_id", "date").first()
        if avant:
            verrous.verifier_temps(*avant)


def _qui_tient_l_entretien(par, parcours, date):
    """The référent an entretien is in the agenda of: the référent recording it (their own portfolio, or one they
    cover for), else the one who followed the parcours on its date (an import, the structure d'animation)."""
    if par is not None and access.est_referent(par):
        tenant = Referent.objects.filter(utilisateur=par).first()
        if tenant is not None:
            return tenant
    alors = (
        AffectationReferent.objects.filter(parcours=parcours, date_debut__lte=date)
        .order_by("-date_debut", "-pk")
        .select_related("referent")
        .first()
    )
    return alors.referent if alors is not None else parcours.referent


@transaction.atomic
def element_supprimer(*, element, par) -> None:
    """Delete a mistaken étape, entretien, veille or aide of a parcours ``par`` may change."""
    if not isinstance(element, ELEMENTS):
        raise ValidationError("Élément de parcours inconnu.")
    droits.verifier_modifiable(par, element.parcours)
    if isinstance(element, Entretien):
        _verifier_temps_ouvert(element)
    try:
        element.delete()
    except ProtectedError:
        raise ValidationError(
            "Cette étape justifie une dérogation 55 ans et plus : elle ne peut pas être supprimée."
        ) from None
