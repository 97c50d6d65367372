"""The agenda's one door: an activity planned or recorded, changed, done, cancelled — every rule checked here, for
the screens and the import alike."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agenda import statuts
from agenda.enums import StatutActivite, StatutEtatTemps
from agenda.models import Activite, CategorieActivite, CoutAnnuel, EtatTemps, TempsValide
from agenda.portage import operation_par_defaut
from agenda.temps import (
    bornes,
    instantane,
    instantane_repris,
    libelle_mois,
    minutes_par_operation,
    verifier_ouvert,
)
from parcours.models import Parcours
from participants.models import Referent
from plie import access, contacts
from plie.enums import Role
from programmation.models import Operation


def peut_ecrire(user, referent: Referent) -> bool:
    """A référent writes their own agenda; the structure d'animation any (a command on the server: ``None``)."""
    if user is None or access.est_animation(user):
        return True
    return access.est_referent(user) and referent.utilisateur_id == user.pk


def duree(date: datetime.date, debut, fin, duree_minutes) -> int:
    """An activity's minutes: from its times when both are given, else as given."""
    if debut and fin:
        if fin <= debut:
            raise ValidationError({"fin": "L'heure de fin suit l'heure de début."})
        ecart = datetime.datetime.combine(date, fin) - datetime.datetime.combine(date, debut)
        return int(ecart.total_seconds() // 60)
    if not duree_minutes:
        raise ValidationError({"duree_minutes": "Indiquez la durée, ou les heures de début et de fin."})
    return duree_minutes


def _verifier(activite: Activite, participants: list[Parcours], *, par) -> None:
    erreurs: dict[str, str] = {}
    categorie = activite.categorie
    if not categorie.actif and activite._state.adding:
        erreurs["categorie"] = "Cette catégorie n'est plus proposée."
    if categorie.avec_participants and not participants:
        erreurs["participants"] = f"« {categorie} » concerne au moins un participant."
    if not categorie.avec_participants and participants:
        erreurs["participants"] = f"« {categorie} » ne concerne aucun participant : retirez-les."
    elif not categorie.collective and len(participants) > 1:
        erreurs["participants"] = f"« {categorie} » concerne un seul participant."
    if activite.statut == StatutActivite.REALISEE and activite.date > timezone.localdate():
        erreurs["date"] = "Une activité réalisée ne peut pas être datée après aujourd'hui."
    operation = activite.operation
    if operation is not None and operation.annee != activite.date.year:
        erreurs["operation"] = f"Cette opération est programmée en {operation.annee}, pas en {activite.date.year}."
    hors = [
        p for p in participants if p.date_entree > activite.date or (p.date_sortie and p.date_sortie < activite.date)
    ]
    if hors:
        erreurs["participants"] = "Hors parcours à cette date : " + ", ".join(str(p.participant) for p in hors) + "."
    if participants:
        ids = [p.pk for p in participants]
        suivis = set(
            Parcours.objects.filter(pk__in=ids)
            .filter(
                Q(referent_id=activite.referent_id)
                | Q(affectations__referent_id=activite.referent_id, affectations__date_debut__lte=activite.date)
            )
            .values_list("pk", flat=True)
        )
        etrangers = [p for p in participants if p.pk not in suivis]
        if etrangers:
            erreurs["participants"] = "Pas dans le portefeuille de ce référent : " + ", ".join(
                str(p.participant) for p in etrangers
            )
    if par is not None and not access.est_animation(par):
        visibles = set(
            Parcours.objects.visibles_par(par).filter(pk__in=[p.pk for p in participants]).values_list("pk", flat=True)
        )
        if any(p.pk not in visibles for p in participants):
            raise PermissionDenied("Un de ces participants n'est pas dans votre portefeuille.")
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def activite_enregistrer(
    *,
    referent: Referent,
    categorie: CategorieActivite,
    date: datetime.date,
    par,
    realisee: bool = False,
    debut=None,
    fin=None,
    duree_minutes: int | None = None,
    operation: Operation | None = None,
    participants=(),
    intitule: str = "",
    activite: Activite | None = None,
) -> Activite:
    """Plan an activity (``realisee`` false) or record one done, in ``referent``'s agenda; or change ``activite``
    (its status kept). The operation defaults to the référent's portage operation of the year."""
    if not peut_ecrire(par, referent):
        raise PermissionDenied("Vous ne pouvez écrire que dans votre propre agenda.")
    nouvelle = activite is None
    if activite is None:
        activite = Activite(referent=referent, cree_par=par if getattr(par, "pk", None) else None)
        statuts.ACTIVITE.passer(activite, StatutActivite.REALISEE if realisee else StatutActivite.PREVUE, par=par)
    elif activite.referent_id != referent.pk:
        raise ValidationError("Une activité reste dans l'agenda de son référent.")
    else:
        verifier_ouvert(activite.referent_id, Activite.objects.values_list("date", flat=True).get(pk=activite.pk))
    verifier_ouvert(referent.pk, date)
    participants = list(participants)
    activite.categorie = categorie
    activite.date = date
    activite.debut, activite.fin = debut, fin
    activite.duree_minutes = duree(date, debut, fin, duree_minutes)
    activite.operation = operation if operation is not None else operation_par_defaut(referent, date.year)
    activite.intitule = intitule
    _verifier(activite, participants, par=par)
    activite.full_clean()
    activite.save()
    if nouvelle or set(activite.participants.values_list("pk", flat=True)) != {p.pk for p in participants}:
        activite.participants.set(participants)
    if not nouvelle:
        contacts.modifie(activite, par=par)  # its émargement sheet, if signed, may need signing again
    return activite


@transaction.atomic
def activite_changer_statut(*, activite: Activite, vers: str, par) -> Activite:
    """Mark a planned activity done or cancelled (no retyping), or put it back to planned."""
    activite = (
        Activite.objects.select_for_update(of=("self",))  # the operation is an outer join (PostgreSQL)
        .select_related("referent", "categorie", "operation")
        .get(pk=activite.pk)
    )
    if not peut_ecrire(par, activite.referent):
        raise PermissionDenied("Vous ne pouvez écrire que dans votre propre agenda.")
    verifier_ouvert(activite.referent_id, activite.date)
    statuts.ACTIVITE.passer(activite, vers, par=par)
    if vers == StatutActivite.REALISEE and activite.date > timezone.localdate():
        raise ValidationError("Une activité à venir ne peut pas être marquée réalisée.")
    activite.save(update_fields=["statut"])
    contacts.modifie(activite, par=par)  # a session cancelled or back to planned: its signed sheet no longer holds
    return activite


# -- the monthly time statement ------------------------------------------------------------------------------------


def est_employeur(user, referent: Referent) -> bool:
    """A user of the référent's structure porteuse: their employer, who validates their time."""
    return access.a_le_role(user, Role.PORTEUR) and user.structures_porteuses.filter(pk=referent.structure_id).exists()


def _etat(referent: Referent, annee: int, mois: int) -> EtatTemps:
    etat = EtatTemps.objects.select_for_update().filter(referent=referent, annee=annee, mois=mois).first()
    return etat or EtatTemps(referent=referent, annee=annee, mois=mois)


def _ecrire_temps_valides(etat: EtatTemps) -> None:
    """The frozen statement's minutes by operation, what the staff cost reads (written again each time)."""
    TempsValide.objects.filter(etat=etat).delete()
    TempsValide.objects.bulk_create(
        [
            TempsValide(etat=etat, operation_id=operation_id, minutes=m)
            for operation_id, m in minutes_par_operation(etat.releve_valide or {"lignes": []}).items()
            if m
        ]
    )


@transaction.atomic
def etat_valider_referent(*, referent: Referent, annee: int, mois: int, par) -> EtatTemps:
    """The référent validates their month, once it has ended: its time no longer changes unless sent back or
    reopened."""
    if not (access.est_referent(par) and referent.utilisateur_id == par.pk):
        raise PermissionDenied("Seul le référent valide son état des temps.")
    if bornes(annee, mois)[1] >= timezone.localdate():
        raise ValidationError(
            f"{libelle_mois(annee, mois).capitalize()} n'est pas terminé : validez-le à partir du 1er du mois suivant."
        )
    etat = _etat(referent, annee, mois)
    statuts.ETAT_TEMPS.passer(etat, StatutEtatTemps.VALIDE_REFERENT, par=par)
    etat.valide_referent_le, etat.valide_referent_par = timezone.now(), par
    etat.valide_employeur_le = etat.valide_employeur_par = None
    etat.releve_valide = instantane(referent, annee, mois)  # the month no longer changes from here
    etat.full_clean()
    etat.save()
    _ecrire_temps_valides(etat)
    return etat


@transaction.atomic
def etat_valider_employeur(*, etat: EtatTemps, par) -> EtatTemps:
    """The employer validates the month the référent validated: locked."""
    etat = EtatTemps.objects.select_for_update().select_related("referent").get(pk=etat.pk)
    if not est_employeur(par, etat.referent):
        raise PermissionDenied("Seul l'employeur du référent (sa structure porteuse) valide son état des temps.")
    statuts.ETAT_TEMPS.passer(etat, StatutEtatTemps.VERROUILLE, par=par)
    etat.valide_employeur_le, etat.valide_employeur_par = timezone.now(), par
    etat.save()
    return etat


@transaction.atomic
def etat_rouvrir(*, etat: EtatTemps, par, motif: str) -> EtatTemps:
    """Send a validated month back to the référent (the employer), or reopen a locked one for a correction (the
    employer or the structure d'animation), with the reason: both validations are needed again."""
    etat = EtatTemps.objects.select_for_update().select_related("referent").get(pk=etat.pk)
    if not (
        est_employeur(par, etat.referent) or (access.est_animation(par) and etat.statut == StatutEtatTemps.VERROUILLE)
    ):
        raise PermissionDenied(
            "Seul l'employeur du référent, ou la structure d'animation pour un mois verrouillé, le rouvre."
        )
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez pourquoi l'état des temps est rouvert."})
    if etat.repris:
        raise ValidationError(
            "Ce mois a été validé dans l'ancien outil et repris tel quel : il se corrige en important de nouveau ses "
            "lignes (feuille « Temps validés »), pas en le rouvrant."
        )
    statuts.ETAT_TEMPS.passer(etat, StatutEtatTemps.EN_COURS, par=par)
    TempsValide.objects.filter(etat=etat).delete()  # validated again, written again
    etat.releve_valide = None
    etat.motif_reouverture = motif.strip()
    etat.valide_referent_le = etat.valide_referent_par = None
    etat.valide_employeur_le = etat.valide_employeur_par = None
    etat.save()
    return etat


TEMPS_REPRIS = "Temps repris"  # the category of a line of the old tool's time that names none
MINUTES_MAX_LIGNE = 250 * 60  # a line of one month: more than 250 hours is a typing error


@transaction.atomic
def temps_reprendre(
    *,
    referent: Referent,
    annee: int,
    mois: int,
    operation: Operation | None,
    categorie: str,
    minutes: int,
    lie_aux_participants: bool,
    par,
) -> bool | None:
    """One line of a month the old tool validated (the import): the month's statement is kept locked, « repris de
    l'ancien outil », its line (operation, category) set to ``minutes`` and the statement and its validated minutes
    rebuilt. True: the line is new; False: changed; None: identical (a month validated in the product is
    identical when its frozen statement holds that line, and refused otherwise)."""
    if par is not None and not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation reprend les temps de l'ancien outil.")
    if not (1 <= mois <= 12 and 1990 <= annee <= 2100):
        raise ValidationError({"mois": "Un mois de 1 à 12 est attendu."})
    if bornes(annee, mois)[1] >= timezone.localdate():
        libelle = libelle_mois(annee, mois).capitalize()
        raise ValidationError({"mois": f"{libelle} n'est pas terminé : seuls les mois passés se reprennent."})
    if not 0 < minutes <= MINUTES_MAX_LIGNE:
        raise ValidationError({"heures": "Une ligne d'un mois compte de 1 minute à 250 heures."})
    if operation is not None and operation.annee != annee:
        raise ValidationError({"operation": f"Cette opération est programmée en {operation.annee}, pas en {annee}."})
    categorie = categorie.strip() or TEMPS_REPRIS
    operation_id = operation.pk if operation is not None else None
    etat = _etat(referent, annee, mois)
    if etat.pk is not None and not etat.repris:
        tenues = {
            (v["operation_id"], c): m
            for v in (etat.releve_valide or {}).get("lignes", [])
            for c, m in v["minutes"].items()
        }
        if etat.verrouille and tenues.get((operation_id, categorie)) == minutes:
            return None  # the product's own validated month, exported then imported again
        raise ValidationError(
            f"L'état des temps de {libelle_mois(annee, mois)} existe déjà dans le produit "
            f"({etat.get_statut_display().lower()}) : l'ancien outil ne le remplace pas."
        )
    lignes = list((etat.releve_valide or {}).get("repris", []))
    nouvelle = {
        "operation_id": operation_id,
        "categorie": categorie,
        "minutes": minutes,
        "participants": lie_aux_participants,
    }
    autres = [ligne for ligne in lignes if (ligne["operation_id"], ligne["categorie"]) != (operation_id, categorie)]
    if len(autres) < len(lignes) and nouvelle in lignes:
        return None
    cree = len(autres) == len(lignes)
    if etat.pk is None:
        etat.repris = True
        statuts.ETAT_TEMPS.passer(etat, StatutEtatTemps.VERROUILLE, par=par)
    etat.releve_valide = instantane_repris(referent, annee, mois, [*autres, nouvelle])
    etat.full_clean()
    etat.save()
    _ecrire_temps_valides(etat)
    return cree


# -- the référents' costs ------------------------------------------------------------------------------------------


def peut_saisir_cout(user, referent: Referent) -> bool:
    """A référent's cost is entered by their employer, or the structure d'animation."""
    return access.est_animation(user) or est_employeur(user, referent)


@transaction.atomic
def cout_enregistrer(*, referent: Referent, annee: int, montant, par) -> CoutAnnuel:
    """Enter (or correct) a référent's annual gross employment cost for a year."""
    if not peut_saisir_cout(par, referent):
        raise PermissionDenied("Seul l'employeur du référent, ou la structure d'animation, saisit son coût.")
    cout = CoutAnnuel.objects.select_for_update().filter(referent=referent, annee=annee).first()
    cout = cout or CoutAnnuel(referent=referent, annee=annee)
    cout.montant, cout.saisi_par = montant, par
    cout.full_clean()
    cout.save()
    return cout
