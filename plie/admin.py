from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from plie.admin_site import DonneesPersonnellesAdminMixin
from plie.models import JournalAcces, ParametresRole, User


class UtilisateurCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "prenom", "nom", "role")


class UtilisateurChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UtilisateurChangeForm
    add_form = UtilisateurCreationForm
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "nom", "prenom"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["prenom", "nom"]}),
        ("Rôle et droits", {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "prenom", "nom", "role", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]
    actions = ["reinitialiser_double_authentification"]

    @admin.action(description="Réinitialiser la double authentification (nouvel appareil à configurer)")
    def reinitialiser_double_authentification(self, request, queryset):
        supprimes, _ = TOTPDevice.objects.filter(user__in=queryset).delete()
        self.message_user(request, f"{supprimes} appareil(s) d'authentification supprimé(s).")


# Pairing secrets never show in the admin: a lost device is reset from the user list.
admin.site.unregister(TOTPDevice)


@admin.register(ParametresRole)
class ParametresRoleAdmin(admin.ModelAdmin):
    list_display = ["role", "double_authentification"]
    list_editable = ["double_authentification"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
