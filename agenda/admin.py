from django.contrib import admin

from agenda.models import CategorieActivite


@admin.register(CategorieActivite)
class CategorieActiviteAdmin(admin.ModelAdmin):
    """The categories of the référents' agenda, edited by the structure d'animation. A category in use is not
    deleted (the activities keep it): it is withdrawn (« proposée » unticked). The activities themselves are
    written only through the agenda (agenda/services.py)."""

    list_display = ["libelle", "avec_participants", "collective", "actif", "ordre"]
    list_editable = ["actif", "ordre"]
    prepopulated_fields = {"code": ["libelle"]}
