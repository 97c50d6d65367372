from django.urls import path

from agenda import views, views_couts, views_emargement, views_temps

urlpatterns = [
    path("agenda/", views.semaine, name="agenda"),
    path("agenda/activites/nouvelle/", views.nouvelle, name="agenda_activite_nouvelle"),
    path("agenda/activites/<int:pk>/modifier/", views.modifier, name="agenda_activite_modifier"),
    path("agenda/activites/<int:pk>/statut/", views.changer_statut, name="agenda_activite_statut"),
    path("agenda/couts/", views_couts.couts_des_referents, name="agenda_couts"),
    path("agenda/couts/operations/<int:pk>/", views_couts.cout_operation, name="agenda_cout_operation"),
    path("agenda/temps/", views_temps.liste, name="agenda_temps_liste"),
    path("agenda/temps/<int:pk>/<int:annee>/<int:mois>/", views_temps.detail, name="agenda_temps"),
    path("agenda/temps/<int:pk>/<int:annee>/<int:mois>/pdf/", views_temps.pdf, name="agenda_temps_pdf"),
    path(
        "agenda/temps/<int:pk>/<int:annee>/<int:mois>/<str:action>/",
        views_temps.agir,
        name="agenda_temps_agir",
    ),
    path("agenda/emargements/", views_emargement.tableau, name="agenda_emargements"),
    path("agenda/emargement/<str:genre>/<int:pk>/", views_emargement.feuille, name="agenda_emargement"),
    path("agenda/emargement/<str:genre>/<int:pk>/vierge/", views_emargement.vierge, name="agenda_emargement_vierge"),
    path("agenda/emargement/<str:genre>/<int:pk>/signer/", views_emargement.signer, name="agenda_emargement_signer"),
    path(
        "agenda/emargement/<str:genre>/<int:pk>/deposer/", views_emargement.deposer, name="agenda_emargement_deposer"
    ),
    path(
        "agenda/emargement/<str:genre>/<int:pk>/fichier/", views_emargement.fichier, name="agenda_emargement_fichier"
    ),
]
