from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from plie import access, comptes
from plie.admin_site import DonneesPersonnellesAdminMixin, LectureSeuleAdminMixin
from plie.models import Actualisation, DemandeRole, JournalAcces, ParametresRole, TacheEmbarquee, User


class UtilisateurChangeForm(forms.ModelForm):
    """What the admin may change on an account: name, activity, admin access, and a role or e-mail within the
    rules of ``plie.comptes`` (no password here: the holder sets it through their invitation or a reset)."""

    class Meta:
        model = User
        fields = ["email", "prenom", "nom", "role", "is_active", "is_staff"]

    def __init__(self, *args, par=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.par = par

    def clean(self):
        donnees = super().clean()
        try:
            comptes.verifier_modification(
                par=self.par,
                compte=self.instance,
                initial={"role": self.initial.get("role"), "email": self.initial.get("email")},
                donnees={k: v for k, v in donnees.items() if k in ("role", "email", "is_active", "is_staff")},
            )
        except ValidationError as erreur:
            for champ, liste in erreur.message_dict.items():
                for message in liste:
                    self.add_error(champ if champ in self.fields else None, message)
        return donnees


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts are invited from the « Comptes » page; here they are listed and their names, activity and
    non-data roles corrected. A plain ModelAdmin: no page here sets or shows another person's password."""

    form = UtilisateurChangeForm
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "nom", "prenom"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        ("Identité", {"fields": ["prenom", "nom"]}),
        ("Rôle et droits", {"fields": ["role", "is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["is_superuser", "last_login", "date_joined"]
    actions = ["reinitialiser_double_authentification"]

    def get_readonly_fields(self, request, obj=None):
        """What the rules of ``plie.comptes`` would refuse is shown, not offered: the e-mail to anyone but the
        structure d'animation, one's own role, the role of an account that sees the data (the « Comptes » page
        grants such roles), and whether such an account is active or reaches the administration."""
        fixes = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fixes
        if not access.est_animation(request.user):
            fixes.append("email")
        if obj.pk == request.user.pk or (
            obj.role in comptes.ROLES_A_APPROUVER and not access.est_animation(request.user)
        ):
            fixes.append("role")
        if obj.role in comptes.ROLES_A_APPROUVER:
            # Deactivating such an account, or removing its access here, is the structure d'animation's act on
            # the « Comptes » page (checked there, journaled): an administrator cannot lock the scheme out.
            fixes += ["is_active", "is_staff"]
        return fixes

    def has_add_permission(self, request):
        return False  # by invitation, from the « Comptes » page

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the journals keep who did what

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change=change, **kwargs)

        class AvecAuteur(formulaire):
            def __init__(self, *args, **kw):
                super().__init__(*args, par=request.user, **kw)

        return AvecAuteur

    @admin.action(description="Réinitialiser la double authentification (nouvel appareil à configurer)")
    def reinitialiser_double_authentification(self, request, queryset):
        if not access.est_animation(request.user):
            self.message_user(
                request, "Seule la structure d'animation réinitialise la double authentification.", messages.ERROR
            )
            return
        supprimes, _ = TOTPDevice.objects.filter(user__in=queryset).delete()
        self.message_user(request, f"{supprimes} appareil(s) d'authentification supprimé(s).")


# Pairing secrets never show in the admin: a lost device is reset from the user list.
admin.site.unregister(TOTPDevice)


@admin.register(ParametresRole)
class ParametresRoleAdmin(admin.ModelAdmin):
    """The second factor required by role: set by the structure d'animation (the administrator reads it)."""

    list_display = ["role", "double_authentification"]
    list_editable = ["double_authentification"]

    def has_view_permission(self, request, obj=None):
        return access.peut_administrer(request.user)

    def has_module_permission(self, request):
        return access.peut_administrer(request.user)

    def has_change_permission(self, request, obj=None):
        return access.est_animation(request.user) and access.peut_administrer(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemandeRole)
class DemandeRoleAdmin(LectureSeuleAdminMixin, admin.ModelAdmin):
    """The journal of data-access grants: decided on the « Comptes » page, read here."""

    list_display = ["email", "role", "statut", "demandee_par", "demandee_le", "decidee_par", "decidee_le"]
    list_filter = ["statut", "role"]


@admin.register(JournalAcces)
class JournalAccesAdmin(DonneesPersonnellesAdminMixin, admin.ModelAdmin):
    list_display = ["date", "utilisateur", "action", "objet", "objet_id", "participant_id", "adresse_ip"]
    list_filter = ["action", "objet"]
    date_hierarchy = "date"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Actualisation)
class ActualisationAdmin(LectureSeuleAdminMixin, admin.ModelAdmin):
    """When each summary computed in the background was asked for, started and last computed (no personal
    data): what to look at when a page says its figures are old."""

    list_display = ["nom", "calculee_le", "terminee_le", "commencee_le", "demandee_le"]


@admin.register(TacheEmbarquee)
class TacheEmbarqueeAdmin(LectureSeuleAdminMixin, admin.ModelAdmin):
    """The embedded mode's queue (no broker): what waits, runs, finished or failed, and when (arguments are
    record ids, never personal data)."""

    list_display = ["nom", "etat", "demandee_le", "commencee_le", "terminee_le", "erreur"]
    list_filter = ["etat", "nom"]
