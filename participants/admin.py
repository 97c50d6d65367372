from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from participants.models import (
    Commune,
    ContactPrescripteur,
    GroupePrescripteur,
    Participant,
    Prescripteur,
    Quartier,
    Referent,
    ReferentEtp,
    Remplacement,
    StructurePorteuse,
)
from plie import access
from plie.admin_site import DonneesPersonnellesLectureSeuleAdmin


class QuartierInline(admin.TabularInline):
    model = Quartier
    extra = 0


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "code_postal", "dans_le_territoire", "zone_rurale"]
    list_filter = ["dans_le_territoire", "zone_rurale"]
    list_editable = ["zone_rurale"]
    search_fields = ["nom", "code_insee"]
    inlines = [QuartierInline]


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "type", "code"]
    list_filter = ["type", "commune"]
    search_fields = ["nom"]


class ReferentInline(admin.TabularInline):
    model = Referent
    extra = 0
    fields = ["prenom", "nom", "email"]
    show_change_link = True


@admin.register(StructurePorteuse)
class StructurePorteuseAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune"]
    search_fields = ["nom"]
    filter_horizontal = ["utilisateurs"]
    inlines = [ReferentInline]


class ReferentEtpInline(admin.TabularInline):
    model = ReferentEtp
    extra = 1


@admin.register(Referent)
class ReferentAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "structure", "email"]
    list_filter = ["structure"]
    search_fields = ["nom", "prenom", "email"]
    list_select_related = ["structure"]
    autocomplete_fields = ["utilisateur"]
    inlines = [ReferentEtpInline]

    def get_readonly_fields(self, request, obj=None):
        # The account behind a référent record opens that portfolio: only the structure d'animation links it.
        fixes = list(super().get_readonly_fields(request, obj))
        return fixes if access.est_animation(request.user) else [*fixes, "utilisateur"]


@admin.register(Remplacement)
class RemplacementAdmin(admin.ModelAdmin):
    """A cover opens a portfolio to another référent: the structure d'animation records it (the administrator
    reads it)."""

    list_display = ["remplacant", "remplace", "date_debut", "date_fin", "motif"]
    list_select_related = ["remplacant", "remplace"]
    date_hierarchy = "date_debut"

    def has_add_permission(self, request):
        return access.est_animation(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return access.est_animation(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return access.est_animation(request.user) and super().has_delete_permission(request, obj)


@admin.register(GroupePrescripteur)
class GroupePrescripteurAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "groupe_lettre", "ordre"]
    list_editable = ["ordre"]


class AvecCompteEnLectureSeule:
    """A prescriber's account is attached by its invitation (page « Prescripteurs »), never chosen here; a contact
    that has one keeps its organisation and address (its account reads that organisation's prescriptions) and is
    not deleted (its access is withdrawn on that page)."""

    def get_readonly_fields(self, request, obj=None):
        if isinstance(obj, ContactPrescripteur) and obj.utilisateur_id:
            return ["utilisateur", "prescripteur", "email"]
        return ["utilisateur"]

    def has_delete_permission(self, request, obj=None):
        if isinstance(obj, ContactPrescripteur) and obj.utilisateur_id:
            return False
        return super().has_delete_permission(request, obj)


class ContactPrescripteurInline(admin.TabularInline):
    model = ContactPrescripteur
    extra = 0
    readonly_fields = ["utilisateur"]
    can_delete = False  # a contact with an account is not deleted (ContactPrescripteurAdmin says when one may be)


@admin.register(Prescripteur)
class PrescripteurAdmin(admin.ModelAdmin):
    list_display = ["nom", "groupe", "commune", "actif"]
    list_filter = ["groupe", "actif"]
    search_fields = ["nom"]
    list_select_related = ["groupe", "commune"]
    inlines = [ContactPrescripteurInline]


@admin.register(ContactPrescripteur)
class ContactPrescripteurAdmin(AvecCompteEnLectureSeule, admin.ModelAdmin):
    list_display = ["nom", "prenom", "prescripteur", "email", "utilisateur", "bilan_mensuel"]
    list_filter = ["prescripteur__groupe"]
    search_fields = ["nom", "prenom", "prescripteur__nom"]
    list_select_related = ["prescripteur", "utilisateur"]


@admin.register(Participant)
class ParticipantAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["nom", "prenom", "commune"]
    list_select_related = ["commune"]
    list_filter = ["commune"]
    show_full_result_count = False
    raw_id_fields = ["quartier"]


@admin.register(ReferentEtp)
class ReferentEtpAdmin(admin.ModelAdmin):
    list_display = ["referent", "date_debut", "etp"]
    list_select_related = ["referent"]
    list_filter = ["referent__structure"]
    date_hierarchy = "date_debut"
