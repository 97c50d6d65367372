from django.urls import path

from parcours import (
    views,
    views_commission,
    views_documents,
    views_dossier,
    views_portefeuille,
    views_prescriptions,
    views_transferts,
)

urlpatterns = [
    path("participants/<int:pk>/", views.dossier_participant, name="dossier_participant"),
    path("participants/<int:pk>/journal/", views.journal_participant, name="journal_participant"),
    path("participants/<int:pk>/documents/ajouter/", views_documents.ajouter, name="document_ajouter"),
    path("documents/<int:pk>/", views_documents.telecharger, name="document"),
    path("participants/<int:pk>/donnees.json", views.export_participant, name="export_participant"),
    path("parcours/<int:parcours_pk>/<str:genre>/ajouter/", views_dossier.element, name="parcours_element_ajouter"),
    path("parcours/<int:parcours_pk>/<str:genre>/<int:pk>/", views_dossier.element, name="parcours_element_modifier"),
    path("parcours/<int:parcours_pk>/sortie/", views_dossier.sortie, name="parcours_sortie"),
    path("parcours/<int:parcours_pk>/diagnostic/", views_dossier.diagnostic, name="parcours_diagnostic"),
    path("parcours/<int:parcours_pk>/entree/", views_dossier.entree, name="parcours_entree"),
    path("file-active/", views_portefeuille.liste, name="file_active"),
    path("parcours/<int:parcours_pk>/transferer/", views_transferts.transferer, name="parcours_transferer"),
    path("referents/transfert/", views_transferts.transferer_portefeuille, name="portefeuille_transferer"),
    path("referents/remplacement/", views_transferts.remplacement, name="remplacement"),
    path("commission/", views_commission.commission, name="commission"),
    path(
        "commission/<int:pk>/<str:objet>/",
        views_commission.decider,
        name="commission_decider",
    ),
    path("prescriptions/", views_prescriptions.liste, name="prescriptions"),
    path("prescriptions/nouvelle/", views_prescriptions.nouvelle, name="prescription_nouvelle"),
    path("prescriptions/<int:pk>/", views_prescriptions.detail, name="prescription"),
    path("prescriptions/<int:pk>/preaffecter/", views_prescriptions.preaffecter, name="prescription_preaffecter"),
    path("prescriptions/<int:pk>/non-entree/", views_prescriptions.non_entree, name="prescription_non_entree"),
    path("prescriptions/<int:pk>/entree/", views_prescriptions.entree, name="prescription_entree"),
]
