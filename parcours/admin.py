from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours import pieces
from parcours.models import (
    AffectationReferent,
    AideIndividuelle,
    ChangementStatut,
    CritereEligibilite,
    DerogationSenior,
    Diagnostic,
    Document,
    Entretien,
    Etape,
    ExceptionReprise,
    FreinDiagnostic,
    MotifNonEntree,
    MotifSortie,
    OrigineReprise,
    ParametresAlertes,
    Parcours,
    PositionnementClea,
    Prescription,
    TexteContrat,
    TypeEtape,
    TypePiece,
    Veille,
)
from plie.admin_site import DonneesPersonnellesLectureSeuleAdmin


@admin.register(TypePiece)
class TypePieceAdmin(admin.ModelAdmin):
    """The document types; what each criterion, étape type and exit motif requires is set on them."""

    list_display = ["libelle", "code", "toujours_exigee", "ordre", "actif"]
    list_editable = ["toujours_exigee", "ordre"]

    def get_readonly_fields(self, request, obj=None):
        """A type's code is what the product and the import read: fixed once created; the types the product
        files itself (the contract, the prescription's attachment) stay active."""
        if obj is None:
            return []
        return ["code", "actif"] if obj.code in pieces.RESERVES else ["code"]


@admin.register(CritereEligibilite)
class CritereEligibiliteAdmin(admin.ModelAdmin):
    list_display = ["libelle", "serie", "ordre"]
    list_filter = ["serie"]
    filter_horizontal = ["pieces"]


@admin.register(MotifNonEntree)
class MotifNonEntreeAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "groupe_prescripteur", "ordre", "actif"]
    list_editable = ["groupe_prescripteur", "ordre", "actif"]


@admin.register(MotifSortie)
class MotifSortieAdmin(admin.ModelAdmin):
    list_display = ["libelle", "positive", "neutralisee", "vers_emploi", "type_positive", "ordre", "actif"]
    list_filter = ["positive", "neutralisee"]
    filter_horizontal = ["pieces"]


@admin.register(TypeEtape)
class TypeEtapeAdmin(admin.ModelAdmin):
    list_display = ["libelle", "categorie", "durable", "ordre", "actif"]
    list_filter = ["categorie", "durable", "actif"]
    search_fields = ["libelle"]
    filter_horizontal = ["pieces"]


@admin.register(Prescription)
class PrescriptionAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["date_prescription", "prescripteur", "referent", "statut", "date_decision"]
    list_filter = ["statut", "prescripteur__groupe"]
    list_select_related = ["prescripteur", "referent"]
    date_hierarchy = "date_prescription"
    raw_id_fields = ["participant", "contact"]
    show_full_result_count = False


class AffectationInline(admin.TabularInline):
    model = AffectationReferent
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Parcours)
class ParcoursAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["participant", "referent", "date_entree", "date_sortie", "motif_sortie"]
    list_filter = ["referent__structure", "motif_sortie__positive"]
    list_select_related = ["participant", "referent", "motif_sortie"]
    date_hierarchy = "date_entree"
    raw_id_fields = ["participant", "prescription", "quartier"]
    filter_horizontal = ["criteres"]
    show_full_result_count = False
    inlines = [AffectationInline]


class FreinInline(admin.TabularInline):
    model = FreinDiagnostic
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


class CleaInline(admin.TabularInline):
    model = PositionnementClea
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Diagnostic)
class DiagnosticAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "date"]
    raw_id_fields = ["parcours"]
    inlines = [FreinInline, CleaInline]
    show_full_result_count = False


@admin.register(Etape)
class EtapeAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "type", "date_debut", "date_fin", "issue"]
    list_filter = ["type__categorie", "issue"]
    list_select_related = ["type", "parcours__participant"]
    raw_id_fields = ["parcours"]
    show_full_result_count = False


@admin.register(Entretien)
class EntretienAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "date", "type", "mode", "duree_minutes"]
    list_filter = ["type", "mode"]
    list_select_related = ["parcours__participant"]
    raw_id_fields = ["parcours"]
    show_full_result_count = False


@admin.register(Veille)
class VeilleAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "date_debut", "date_fin_prevue", "date_fin"]
    list_select_related = ["parcours__participant"]
    raw_id_fields = ["parcours"]


@admin.register(AideIndividuelle)
class AideIndividuelleAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "date", "nature", "objet", "montant", "operation"]
    list_filter = ["nature", "objet"]
    list_select_related = ["parcours__participant", "operation"]
    raw_id_fields = ["parcours"]


@admin.register(AffectationReferent)
class AffectationReferentAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "referent", "date_debut"]
    list_select_related = ["parcours__participant", "referent"]
    raw_id_fields = ["parcours"]
    show_full_result_count = False


@admin.register(FreinDiagnostic)
class FreinDiagnosticAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["diagnostic", "famille", "degre"]
    list_filter = ["famille", "degre"]
    raw_id_fields = ["diagnostic"]
    show_full_result_count = False


@admin.register(PositionnementClea)
class PositionnementCleaAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["diagnostic", "domaine", "niveau"]
    list_filter = ["domaine", "niveau"]
    raw_id_fields = ["diagnostic"]
    show_full_result_count = False


@admin.register(Document)
class DocumentAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["participant", "type_piece", "libelle", "televerse_le"]
    list_filter = ["type_piece"]
    raw_id_fields = ["participant", "parcours"]
    show_full_result_count = False
    exclude = ["fichier"]  # files are served by the application after the access policy, never by the admin


@admin.register(DerogationSenior)
class DerogationSeniorAdmin(DonneesPersonnellesLectureSeuleAdmin, SimpleHistoryAdmin):
    list_display = ["parcours", "commission", "demandee_le", "decidee_le"]
    list_filter = ["commission"]
    raw_id_fields = ["parcours", "etape"]


@admin.register(OrigineReprise)
class OrigineRepriseAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["parcours", "source", "le", "par"]
    raw_id_fields = ["parcours"]


@admin.register(ExceptionReprise)
class ExceptionRepriseAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    list_display = ["parcours", "regle", "le", "par"]
    list_filter = ["regle"]
    raw_id_fields = ["parcours"]


@admin.register(ChangementStatut)
class ChangementStatutAdmin(DonneesPersonnellesLectureSeuleAdmin, admin.ModelAdmin):
    """The journal of status moves (parcours/statuts.py): read only, as every journal."""

    list_display = ["le", "machine", "depuis", "vers", "par", "prescription", "parcours", "derogation"]
    list_filter = ["machine"]
    raw_id_fields = ["prescription", "parcours", "derogation"]
    list_select_related = ["par", "prescription", "parcours", "derogation"]


@admin.register(TexteContrat)
class TexteContratAdmin(SimpleHistoryAdmin):
    """One row: the contract's texts, read by every contract generated from then on."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not TexteContrat.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParametresAlertes)
class ParametresAlertesAdmin(admin.ModelAdmin):
    """One row, edited by the structure d'animation: the alerts read it at once."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ParametresAlertes.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
