"""The entries-exits commission: it validates entries and exits (a quality check that changes no figure), or
sends them back with a comment; and it decides the 55+ exception, without which such an exit does not count as
"Emploi aidé"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parcours import droits, sortie_emploi, statuts
from parcours.enums import StatutCommission
from parcours.models import DerogationSenior, Etape, Parcours
from participants.models import age_au
from plie.mois import mois_apres
from plie.statuts import AUCUN

OBJETS = ("entree", "sortie", "derogation")


def _decider_derogation(parcours: Parcours, *, valider: bool, par, commentaire: str) -> None:
    derogation = DerogationSenior.objects.select_for_update().filter(parcours=parcours).first()
    if derogation is None or derogation.commission != StatutCommission.A_VALIDER:
        raise ValidationError("Aucune dérogation 55 ans et plus n'attend la commission pour ce parcours.")
    if not commentaire.strip():
        raise ValidationError("Indiquez pourquoi la commission valide ou refuse cette dérogation.")
    statuts.DEROGATION.passer(derogation, StatutCommission.VALIDEE if valider else StatutCommission.RENVOYEE, par=par)
    derogation.commentaire_commission = commentaire
    derogation.decidee_le, derogation.decidee_par = timezone.now(), par
    derogation.full_clean()
    derogation.save()


@transaction.atomic
def commission_decider(*, parcours: Parcours, objet: str, valider: bool, par, commentaire: str = "") -> Parcours:
    """Validate the entry, the exit or the 55+ exception, or send it back with a comment."""
    droits.verifier_animation(par, "décide en commission")
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    if objet not in OBJETS:
        raise ValidationError("La commission examine une entrée, une sortie ou une dérogation 55 ans et plus.")
    if objet == "derogation":
        _decider_derogation(parcours, valider=valider, par=par, commentaire=commentaire)
        return parcours
    machine = statuts.COMMISSION[objet]
    if getattr(parcours, machine.champ) != StatutCommission.A_VALIDER:
        raise ValidationError("Cette décision n'attend pas la commission (déjà validée ou renvoyée).")
    if not valider and not commentaire.strip():
        raise ValidationError("Indiquez au référent ce qu'il doit corriger.")
    machine.passer(parcours, StatutCommission.VALIDEE if valider else StatutCommission.RENVOYEE, par=par)
    maintenant = timezone.now() if valider else None
    if objet == "entree":
        Parcours._meta.get_field("entree_commentaire_commission").run_validators(commentaire)
        parcours.entree_commentaire_commission = commentaire
        parcours.entree_validee_le, parcours.entree_validee_par = maintenant, par if valider else None
        if valider:
            parcours.entree_champs_corriges = []
    else:
        Parcours._meta.get_field("sortie_commentaire_commission").run_validators(commentaire)
        parcours.sortie_commentaire_commission = commentaire
        parcours.sortie_validee_le, parcours.sortie_validee_par = maintenant, par if valider else None
    parcours.save()
    return parcours


@transaction.atomic
def derogation_senior_demander(*, parcours: Parcours, etape: Etape, justification: str, par) -> DerogationSenior:
    """The référent asks the commission for the 55+ exception: a CDDI or chantier d'insertion held 6 months by a
    person aged 55 or more."""
    parcours = Parcours.objects.select_for_update().select_related("participant").get(pk=parcours.pk)
    if parcours.date_sortie:
        raise ValidationError("Ce parcours est sorti : la dérogation se demande avant la sortie.")
    if etape.parcours_id != parcours.pk or etape.type.regle_sortie not in sortie_emploi.INSERTION_SENIOR:
        raise ValidationError({"etape": "Choisissez un CDDI ou un chantier d'insertion de ce parcours."})
    naissance = parcours.participant.date_naissance
    aujourdhui = timezone.localdate()
    if naissance is None or age_au(naissance, aujourdhui) < sortie_emploi.AGE_EXCEPTION_SENIOR:
        raise ValidationError(
            f"La dérogation concerne les personnes de {sortie_emploi.AGE_EXCEPTION_SENIOR} ans et plus."
        )
    if sortie_emploi.tenu_six_mois(sortie_emploi.EtapeEmploi.depuis(etape), aujourdhui) is None:
        six_mois = mois_apres(etape.date_debut, 6)
        raise ValidationError({"etape": f"Cette étape n'est pas tenue 6 mois (jusqu'au {six_mois:%d/%m/%Y})."})
    if not justification.strip():
        raise ValidationError({"justification": "Expliquez à la commission pourquoi cette dérogation se justifie."})
    derogation = DerogationSenior.objects.filter(parcours=parcours).first()
    if derogation and derogation.commission != StatutCommission.RENVOYEE:
        raise ValidationError(f"Une dérogation est déjà {derogation.get_commission_display().lower()}.")
    derogation = derogation or DerogationSenior(parcours=parcours, commission=AUCUN)
    derogation.etape, derogation.justification = etape, justification
    derogation.demandee_le, derogation.demandee_par = timezone.now(), par
    statuts.DEROGATION.passer(derogation, StatutCommission.A_VALIDER, par=par)
    derogation.commentaire_commission = ""
    derogation.decidee_le = derogation.decidee_par = None
    derogation.full_clean()
    derogation.save()
    return derogation
