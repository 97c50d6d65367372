from django.contrib import admin

from reporting.models import (
    Brouillon,
    ComptesAlertes,
    Destinataire,
    FichierLettre,
    Invalidation,
    Lettre,
    SyntheseEntrees,
    SyntheseEtapes,
    SyntheseMois,
    SyntheseReferent,
    SyntheseSorties,
)


@admin.register(Destinataire)
class DestinataireAdmin(admin.ModelAdmin):
    """The letter's distribution lists, editable by the structure d'animation."""

    list_display = ["nom", "email", "liste", "actif"]
    list_filter = ["liste", "actif"]
    search_fields = ["nom", "email"]


@admin.register(Lettre)
class LettreAdmin(admin.ModelAdmin):
    """Published letters are snapshots: visible, never edited here."""

    list_display = ["__str__", "publiee_le", "publiee_par"]
    readonly_fields = ["annee", "mois", "numero", "donnees", "commentaires", "actualite", "publiee_le", "publiee_par"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Brouillon)
class BrouillonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "modifie_le"]


@admin.register(FichierLettre)
class FichierLettreAdmin(admin.ModelAdmin):
    """The letters' files and their production status; produced by the task, not edited by hand."""

    list_display = ["__str__", "format", "statut", "tentatives", "mis_a_jour_le"]
    list_filter = ["statut", "format"]
    readonly_fields = ["lettre", "variante", "format", "statut", "erreur", "tentatives", "fichier", "mis_a_jour_le"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SyntheseAdmin(admin.ModelAdmin):
    """The engine's monthly summaries: read only (written by the refresh, ``manage.py syntheses``)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SyntheseMois)
class SyntheseMoisAdmin(SyntheseAdmin):
    list_display = ["mois", "calculee_le"]


@admin.register(Invalidation)
class InvalidationAdmin(SyntheseAdmin):
    list_display = ["id", "depuis"]


for modele in (SyntheseReferent, SyntheseEntrees, SyntheseEtapes, SyntheseSorties, ComptesAlertes):
    admin.site.register(modele, SyntheseAdmin)
