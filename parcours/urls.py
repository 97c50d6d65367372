from django.urls import path

from parcours.views import commission, documents, dossier, elements, file_active, prescriptions, transferts

urlpatterns = [
    path("participants/<int:pk>/", dossier.dossier_participant, name="dossier_participant"),
    path("participants/<int:pk>/journal/", dossier.journal_participant, name="journal_participant"),
    path("parcours/<int:parcours_pk>/documents/ajouter/", documents.ajouter, name="document_ajouter"),
    path("documents/<int:pk>/", documents.telecharger, name="document"),
    path("documents/<int:pk>/supprimer/", documents.supprimer, name="document_supprimer"),
    path("participants/<int:pk>/donnees.json", dossier.export_participant, name="export_participant"),
    path("parcours/<int:parcours_pk>/<str:genre>/ajouter/", elements.element, name="parcours_element_ajouter"),
    path("parcours/<int:parcours_pk>/<str:genre>/<int:pk>/", elements.element, name="parcours_element_modifier"),
    path(
        "parcours/<int:parcours_pk>/<str:genre>/<int:pk>/supprimer/",
        elements.supprimer_element,
        name="parcours_element_supprimer",
    ),
    path("parcours/<int:parcours_pk>/sortie/", elements.sortie, name="parcours_sortie"),
    path("parcours/<int:parcours_pk>/sortie/annuler/", elements.annuler_sortie, name="parcours_sortie_annuler"),
    path("parcours/<int:parcours_pk>/derogation/", elements.derogation_senior, name="parcours_derogation"),
    path("parcours/<int:parcours_pk>/identite/", elements.identite, name="parcours_identite"),
    path(
        "parcours/<int:parcours_pk>/transfert/annuler/",
        transferts.annuler_transfert,
        name="parcours_transfert_annuler",
    ),
    path("parcours/<int:parcours_pk>/diagnostic/", elements.diagnostic, name="parcours_diagnostic"),
    path("parcours/<int:parcours_pk>/entree/", elements.entree, name="parcours_entree"),
    path("file-active/", file_active.liste, name="file_active"),
    path("parcours/<int:parcours_pk>/transferer/", transferts.transferer, name="parcours_transferer"),
    path("referents/transfert/", transferts.transferer_portefeuille, name="portefeuille_transferer"),
    path("referents/remplacement/", transferts.remplacement, name="remplacement"),
    path("commission/", commission.commission, name="commission"),
    path(
        "commission/<int:pk>/<str:objet>/",
        commission.decider,
        name="commission_decider",
    ),
    path("commission/<str:objet>/lot/", commission.decider_lot, name="commission_decider_lot"),
    path("prescriptions/", prescriptions.liste, name="prescriptions"),
    path("prescriptions/nouvelle/", prescriptions.nouvelle, name="prescription_nouvelle"),
    path("prescriptions/<int:pk>/", prescriptions.detail, name="prescription"),
    path("prescriptions/<int:pk>/modifier/", prescriptions.modifier, name="prescription_modifier"),
    path("prescriptions/<int:pk>/piece-jointe/", prescriptions.piece_jointe, name="prescription_piece_jointe"),
    path("prescriptions/<int:pk>/preaffecter/", prescriptions.preaffecter, name="prescription_preaffecter"),
    path("prescriptions/<int:pk>/non-entree/", prescriptions.non_entree, name="prescription_non_entree"),
    path("prescriptions/<int:pk>/entree/", prescriptions.entree, name="prescription_entree"),
]
