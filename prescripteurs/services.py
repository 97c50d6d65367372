"""Prescribers' accounts: the structure d'animation invites a professional of a prescribing organisation; the
account is attached to their contact record, which gives it its organisation. The invitation itself (one-time
link, no password set by anyone else) is plie.comptes'."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from participants.models import ContactPrescripteur, Prescripteur
from plie import access, comptes
from plie.enums import Role
from plie.models import User, normaliser_email
from reporting.models import Destinataire


@transaction.atomic
def prescripteur_inviter(
    *, par, prescripteur: Prescripteur, email: str, prenom: str, nom: str, telephone: str = ""
) -> ContactPrescripteur:
    """Invite a prescriber of ``prescripteur``: their contact record (found by address, or created) gets an account
    with the role « prescripteur », which receives its invitation. The address leaves the letter's « prescripteurs »
    list: the account now receives the letter and reads it online."""
    if not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation invite un prescripteur.")
    if not prescripteur.actif:
        raise ValidationError({"prescripteur": "Ce prescripteur n'est plus actif : réactivez-le d'abord."})
    if not (prenom.strip() and nom.strip()):
        raise ValidationError({"nom": "Indiquez le prénom et le nom du prescripteur."})
    email = normaliser_email(email)
    compte = User.objects.select_for_update().filter(email=email).first()
    if compte is not None and compte.role != Role.PRESCRIPTEUR:
        role = compte.get_role_display()
        raise ValidationError(
            {"email": f"Un compte « {role} » existe déjà avec cette adresse : un prescripteur a son propre compte."}
        )
    deja = ContactPrescripteur.objects.filter(utilisateur__email=email).select_related("prescripteur").first()
    if deja is not None:
        raise ValidationError({"email": f"Ce compte prescripteur est déjà rattaché à « {deja.prescripteur} »."})
    if compte is not None and not compte.is_active:  # invited again after their access was withdrawn
        compte.is_active = True
        compte.set_unusable_password()  # a new invitation: the former password does not come back with the access
        compte.save(update_fields=["is_active", "password"])
        comptes.envoyer_invitation(compte)
    if compte is None:
        invite = comptes.inviter(
            par=par, email=email, role=Role.PRESCRIPTEUR, prenom=prenom, nom=nom, rattachement=True
        )
        assert isinstance(invite, User)  # a prescriber attached by the PLIE is created at once, not asked for
        compte = invite
    contact = (
        ContactPrescripteur.objects.select_for_update()
        .filter(prescripteur=prescripteur, email__iexact=email, utilisateur__isnull=True)
        .first()
    ) or ContactPrescripteur(prescripteur=prescripteur, email=email)
    contact.prenom, contact.nom = prenom.strip(), nom.strip()
    contact.telephone = telephone.strip() or contact.telephone
    contact.utilisateur = compte
    contact.full_clean()
    contact.save()
    Destinataire.objects.filter(liste=Destinataire.Liste.PRESCRIPTEURS, email__iexact=email).update(actif=False)
    return contact


@transaction.atomic
def prescripteur_retirer(*, par, contact: ContactPrescripteur) -> ContactPrescripteur:
    """End a prescriber's access: the account is deactivated and detached; the contact record and its
    prescriptions stay."""
    if not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation retire l'accès d'un prescripteur.")
    contact = ContactPrescripteur.objects.select_for_update().get(pk=contact.pk)
    if contact.utilisateur_id is None:
        raise ValidationError("Ce contact n'a pas de compte.")
    User.objects.filter(pk=contact.utilisateur_id).update(is_active=False)
    contact.utilisateur = None
    contact.save(update_fields=["utilisateur"])
    return contact


@transaction.atomic
def bilan_mensuel_choisir(*, par, recevoir: bool) -> ContactPrescripteur:
    """A prescriber subscribes to (or leaves) the monthly e-mail summary."""
    contact = ContactPrescripteur.objects.select_for_update().filter(utilisateur=par).first()
    if contact is None or not access.est_prescripteur(par):
        raise PermissionDenied("Seul un compte prescripteur choisit de recevoir le bilan mensuel.")
    contact.bilan_mensuel = recevoir
    contact.save(update_fields=["bilan_mensuel"])
    return contact
