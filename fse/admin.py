"""Participations, their answers and the exports, read-only (they change through the FSE screens only); the
export's column layout, editable."""

from django.contrib import admin

from fse.export import CHAMPS
from fse.models import ColonneExport, DonneesEntree, DonneesSortie, ExportFse, Participation
from plie.admin_site import DonneesPersonnellesLectureSeuleAdmin


@admin.register(Participation)
class ParticipationAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["operation", "date_entree", "date_sortie", "deduite", "exclue"]
    list_filter = ["operation__annee", "deduite", "exclue"]


@admin.register(DonneesEntree)
class DonneesEntreeAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["participation", "renseigne_le"]


@admin.register(DonneesSortie)
class DonneesSortieAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["participation", "date_situation", "renseigne_le"]


@admin.register(ExportFse)
class ExportFseAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["operation", "debut", "fin", "format", "etat", "cree_le", "cree_par"]
    exclude = ["participants"]


@admin.register(ColonneExport)
class ColonneExportAdmin(admin.ModelAdmin):
    list_display = ["ordre", "cle", "libelle"]
    list_display_links = ["cle"]
    list_editable = ["ordre", "libelle"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "cle":
            from django import forms  # noqa: PLC0415

            return forms.ChoiceField(
                label="Champ", choices=[(cle, libelle) for cle, (libelle, _v) in CHAMPS.items()], required=True
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
