"""Imports and the old tool's identifiers, read-only: they change through the import's screens only."""

from django.contrib import admin

from plie.admin_site import DonneesPersonnellesLectureSeuleAdmin
from reprise.models import Correspondance, EcritureImport, FichierImport, Import


@admin.register(Import)
class ImportAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["cree_le", "cree_par", "nom_fichier", "etat"]
    list_filter = ["etat"]
    exclude = ["decisions", "bilan"]


@admin.register(FichierImport)
class FichierImportAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["import_lie", "nom", "taille"]


@admin.register(Correspondance)
class CorrespondanceAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["genre", "identifiant", "objet_id", "import_origine"]
    list_filter = ["genre"]
    search_fields = ["identifiant"]


@admin.register(EcritureImport)
class EcritureImportAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    """The journal of a commit in progress (or stopped, to undo by relaunching the import)."""

    list_display = ["import_lie", "ordre", "modele", "objet_id"]
    list_filter = ["modele"]
    exclude = ["avant"]  # a record's state before the import: personal data
