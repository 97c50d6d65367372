"""Accounts, one door: created by invitation (the holder sets their own password through a one-time link), roles
with access to participants' data granted only once the structure d'animation approves.

Nobody sets or learns another person's password; nobody changes their own role; an administrator cannot give a
role with data access, nor change the e-mail of an account that has one. The screens (``plie/views_comptes.py``),
the admin and the ``creer_compte_animation`` command all call these functions.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from plie import access
from plie.enums import Role
from plie.models import DemandeRole, StatutDemande, User, normaliser_email

ROLES_A_APPROUVER = access.ROLES_DONNEES_PERSONNELLES


PRESCRIPTEUR_GARDE_SON_ROLE = (
    "Ce compte est celui d'un prescripteur, rattaché à son organisation : retirez son accès depuis la page "
    "« Prescripteurs » plutôt que de changer son rôle."
)


class JetonInvitation(PasswordResetTokenGenerator):
    """A one-time link (it stops working once a password is set) valid INVITATION_DUREE_SECONDES."""

    key_salt = "plie.comptes.invitation"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            horodatage = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - horodatage > settings.INVITATION_DUREE_SECONDES:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, horodatage, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


jeton_invitation = JetonInvitation()


def lien_invitation(compte: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(compte.pk))
    chemin = reverse("invitation", kwargs={"uidb64": uid, "token": jeton_invitation.make_token(compte)})
    return settings.PLIE_URL.rstrip("/") + chemin


def envoyer_invitation(compte: User) -> None:
    """E-mail the holder the link where they choose their password (after the transaction commits)."""
    contexte = {
        "compte": compte,
        "lien": lien_invitation(compte),
        "jours": settings.INVITATION_DUREE_SECONDES // 86400,
        "plie": settings.PLIE_NOM,
    }
    texte = render_to_string("registration/email_invitation.txt", contexte)
    transaction.on_commit(
        lambda: send_mail(f"{settings.PLIE_NOM} — votre compte", texte, None, [compte.email], fail_silently=False)
    )


def _peut_gerer_les_comptes(par) -> bool:
    return access.a_le_role(par, Role.ANIMATION, Role.ADMINISTRATEUR)


def _verifier_email(email: str) -> str:
    email = normaliser_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Saisissez une adresse électronique valide."}) from None
    return email


@transaction.atomic
def inviter(
    *, par, email: str, role: str, prenom: str = "", nom: str = "", rattachement: bool = False
) -> DemandeRole | User:
    """Invite a new account, or give an existing one another role.

    A prescriber's account is invited with its organisation (``prescripteurs.services.prescripteur_inviter``,
    which passes ``rattachement``): without one it would see nothing.

    A role without access to participants' data takes effect at once (a new account receives its invitation); a
    role with access becomes a request the structure d'animation approves — at once when it is the one asking.
    Returns the account changed or created, or the request waiting for approval."""
    if not _peut_gerer_les_comptes(par):
        raise PermissionDenied("Seuls la structure d'animation et l'administrateur gèrent les comptes.")
    email = _verifier_email(email)
    if role not in Role.values:
        raise ValidationError({"role": "Choisissez un rôle de la liste."})
    if role == Role.PRESCRIPTEUR and not rattachement:
        raise ValidationError(
            {"role": "Un prescripteur s'invite depuis la page « Prescripteurs », qui le rattache à son organisation."}
        )
    compte = User.objects.select_for_update().filter(email=email).first()
    if compte is not None and compte.pk == par.pk:
        raise ValidationError({"email": "Vous ne pouvez pas changer votre propre rôle."})
    if compte is not None and compte.role == role:
        raise ValidationError({"role": f"Ce compte a déjà le rôle « {compte.get_role_display()} »."})
    if compte is not None and compte.role == Role.PRESCRIPTEUR:
        raise ValidationError({"role": PRESCRIPTEUR_GARDE_SON_ROLE})
    if role in ROLES_A_APPROUVER:
        if DemandeRole.objects.filter(email=email, statut=StatutDemande.A_VALIDER).exists():
            raise ValidationError({"email": "Une demande attend déjà la structure d'animation pour cette adresse."})
        try:
            with transaction.atomic():
                demande = DemandeRole.objects.create(
                    utilisateur=compte,
                    email=email,
                    prenom=compte.prenom if compte else prenom.strip(),
                    nom=compte.nom if compte else nom.strip(),
                    role=role,
                    demandee_par=par,
                )
        except IntegrityError:  # the same request saved at the same moment by someone else
            raise ValidationError(
                {"email": "Une demande attend déjà la structure d'animation pour cette adresse."}
            ) from None
        if access.est_animation(par):
            return decider(demande=demande, par=par, approuver=True)
        return demande
    if compte is not None and compte.role in ROLES_A_APPROUVER and not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation retire un rôle donnant accès aux données.")
    return _appliquer(compte, email=email, role=role, prenom=prenom, nom=nom)


def _appliquer(compte: User | None, *, email: str, role: str, prenom: str, nom: str, is_staff: bool = False) -> User:
    if compte is None:
        compte = User(email=email, role=role, prenom=prenom.strip(), nom=nom.strip(), is_staff=is_staff)
        compte.set_unusable_password()
        compte.full_clean()
        compte.save()
        envoyer_invitation(compte)
        return compte
    compte.role = role
    compte.full_clean()
    compte.save(update_fields=["role"])
    return compte


@transaction.atomic
def decider(*, demande: DemandeRole, par, approuver: bool) -> User | DemandeRole:
    """The structure d'animation approves (the role takes effect, a new account receives its invitation) or
    refuses a request; the request keeps who decided and when."""
    if not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation approuve un accès aux données.")
    demande = DemandeRole.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemande.A_VALIDER:
        raise ValidationError("Cette demande a déjà été décidée.")
    demande.statut = StatutDemande.APPROUVEE if approuver else StatutDemande.REFUSEE
    demande.decidee_par, demande.decidee_le = par, timezone.now()
    if not approuver:
        demande.save()
        return demande
    if demande.utilisateur_id is None:
        # A request for a new account only ever creates one: an account that took the address meanwhile (an
        # administrator renaming their own account, say) gets nothing.
        if User.objects.filter(email=demande.email).exists():
            raise ValidationError(
                "Un compte a pris cette adresse depuis la demande : elle ne peut pas être approuvée. Refusez-la et "
                "refaites-la au besoin."
            )
        compte = None
    else:
        compte = User.objects.select_for_update().get(pk=demande.utilisateur_id)
        if compte.email != demande.email:
            raise ValidationError(
                "L'adresse de ce compte a changé depuis la demande : elle ne peut pas être approuvée. Refusez-la et "
                "refaites-la au besoin."
            )
    if compte is not None and compte.pk == par.pk:
        raise ValidationError("Vous ne pouvez pas approuver un rôle pour votre propre compte.")
    compte = _appliquer(compte, email=demande.email, role=demande.role, prenom=demande.prenom, nom=demande.nom)
    demande.utilisateur = compte
    demande.save()
    return compte


@transaction.atomic
def creer_premier_compte_animation(*, email: str, prenom: str = "", nom: str = "") -> User:
    """The installation's first structure d'animation account (management command): created with no password,
    invited, and journaled as an approved request made by the command."""
    email = _verifier_email(email)
    if User.objects.filter(role=Role.ANIMATION, is_active=True).exists():
        raise ValidationError(
            "Un compte de la structure d'animation existe déjà : les suivants s'invitent depuis la page « Comptes »."
        )
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": "Un compte existe déjà avec cette adresse électronique."})
    compte = _appliquer(None, email=email, role=Role.ANIMATION, prenom=prenom, nom=nom, is_staff=True)
    maintenant = timezone.now()
    DemandeRole.objects.create(
        utilisateur=compte,
        email=email,
        prenom=compte.prenom,
        nom=compte.nom,
        role=Role.ANIMATION,
        demandee_le=maintenant,
        statut=StatutDemande.APPROUVEE,
        decidee_le=maintenant,
    )
    return compte


DERNIER_COMPTE_ANIMATION = (
    "C'est le dernier compte actif de la structure d'animation : sans lui, plus personne n'approuve les accès ni "
    "ne publie la lettre. Faites approuver un autre compte de la structure d'animation avant de désactiver celui-ci."
)


def verifier_acces(*, par, compte: User, actif: bool, administration: bool) -> None:
    """May ``par`` set the account active (or not) and with access to the administration (or not)? Raise with a
    French message. Deactivating or un-staffing an account that sees the data is the structure d'animation's act;
    nobody deactivates their own account; the last active structure d'animation account stays active."""
    change_actif, change_administration = actif != compte.is_active, administration != compte.is_staff
    if not (change_actif or change_administration):
        return
    if compte.role in ROLES_A_APPROUVER and not access.est_animation(par):
        raise PermissionDenied(
            "Seule la structure d'animation désactive un compte qui voit les données des participants ou lui retire "
            "l'accès à l'administration : page « Comptes »."
        )
    if change_actif and not actif and compte.pk == par.pk:
        raise ValidationError({"is_active": "Vous ne pouvez pas désactiver votre propre compte."})
    if change_actif and not actif and compte.role == Role.ANIMATION:
        autres = User.objects.filter(role=Role.ANIMATION, is_active=True).exclude(pk=compte.pk)
        if not autres.exists():
            raise ValidationError({"is_active": DERNIER_COMPTE_ANIMATION})


@transaction.atomic
def changer_acces(*, par, compte: User, actif: bool | None = None, administration: bool | None = None) -> User:
    """Activate or deactivate an account, give or remove its access to the administration (the « Comptes »
    page); None leaves it as the account has it when locked. The structure d'animation's accounts are locked
    meanwhile: two deactivations at once cannot leave none."""
    list(User.objects.select_for_update().filter(role=Role.ANIMATION, is_active=True).values_list("pk", flat=True))
    compte = User.objects.select_for_update().get(pk=compte.pk)
    actif = compte.is_active if actif is None else actif
    administration = compte.is_staff if administration is None else administration
    verifier_acces(par=par, compte=compte, actif=actif, administration=administration)
    compte.is_active, compte.is_staff = actif, administration
    compte.save(update_fields=["is_active", "is_staff"])
    return compte


def verifier_modification(*, par, compte: User, initial: dict, donnees: dict) -> None:
    """What the admin's change form may change on an account (the rules above): raise with a French message."""
    erreurs = {}
    if "role" in donnees and donnees["role"] != initial.get("role"):
        if compte.pk == par.pk:
            erreurs["role"] = "Vous ne pouvez pas changer votre propre rôle."
        elif Role.PRESCRIPTEUR in (donnees["role"], initial.get("role")):
            erreurs["role"] = (
                PRESCRIPTEUR_GARDE_SON_ROLE
                if initial.get("role") == Role.PRESCRIPTEUR
                else "Un prescripteur s'invite depuis la page « Prescripteurs », qui le rattache à son organisation."
            )
        elif donnees["role"] in ROLES_A_APPROUVER:
            erreurs["role"] = (
                "Un rôle donnant accès aux données des participants s'attribue par une demande que la structure "
                "d'animation approuve : utilisez la page « Comptes »."
            )
        elif initial.get("role") in ROLES_A_APPROUVER and not access.est_animation(par):
            erreurs["role"] = "Seule la structure d'animation retire un rôle donnant accès aux données."
    nouvelle = normaliser_email(donnees.get("email"))
    if "email" in donnees and nouvelle != initial.get("email"):
        if not access.est_animation(par):
            # With the address comes the password reset: whoever changes it could take the account.
            erreurs["email"] = "Seule la structure d'animation change l'adresse électronique d'un compte."
        elif DemandeRole.objects.filter(
            email__in=[initial.get("email"), nouvelle], statut=StatutDemande.A_VALIDER
        ).exists():
            erreurs["email"] = (
                "Une demande d'accès aux données attend pour cette adresse : décidez-la avant de changer l'adresse."
            )
    if "is_active" in donnees or "is_staff" in donnees:
        try:
            verifier_acces(
                par=par,
                compte=compte,
                actif=donnees.get("is_active", compte.is_active),
                administration=donnees.get("is_staff", compte.is_staff),
            )
        except PermissionDenied as refus:
            erreurs.setdefault("is_active", str(refus))
        except ValidationError as refus:
            for champ, messages in refus.message_dict.items():
                erreurs.setdefault(champ, messages[0])
    if erreurs:
        raise ValidationError(erreurs)
