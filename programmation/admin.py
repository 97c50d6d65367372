from django.contrib import admin

from programmation.models import Financement, Financeur, ObjectifsAnnuels, Operation


@admin.register(Financeur)
class FinanceurAdmin(admin.ModelAdmin):
    list_display = ["nom", "est_fse", "ordre"]
    list_editable = ["ordre"]


class FinancementInline(admin.TabularInline):
    model = Financement
    extra = 1


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ["intitule", "annee", "nature", "porteur", "budget_prevu", "budget_realise"]
    list_filter = ["annee", "nature"]
    search_fields = ["intitule", "porteur"]
    inlines = [FinancementInline]


@admin.register(ObjectifsAnnuels)
class ObjectifsAnnuelsAdmin(admin.ModelAdmin):
    list_display = [
        "annee",
        "entrees_par_etp",
        "file_active_par_etp",
        "taux_sorties_positives",
        "prescriptions_ft_cd",
        "entrees_ft_cd",
    ]


@admin.register(Financement)
class FinancementAdmin(admin.ModelAdmin):
    list_display = ["operation", "financeur", "montant"]
    list_select_related = ["operation", "financeur"]
    list_filter = ["operation__annee", "financeur"]
