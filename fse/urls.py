from django.urls import path

from fse import views, views_controle

urlpatterns = [
    path("", views.tableau_de_bord, name="fse"),
    path("controle/", views_controle.preparation_controle, name="fse_controle"),
    path("controle/paquets/", views_controle.paquets, name="fse_paquets"),
    path("controle/paquets/<int:pk>/", views_controle.paquet_telecharger, name="fse_paquet"),
    path("participations/<int:pk>/", views.participation, name="fse_participation"),
    path("participations/<int:pk>/supprimer/", views.supprimer, name="fse_supprimer"),
    path("parcours/<int:parcours_pk>/", views.du_parcours, name="fse_parcours"),
    path("operations/<int:pk>/", views.operation, name="fse_operation"),
    path("operations/<int:pk>/export/", views.export_demander, name="fse_export_demander"),
    path("exports/<int:pk>/", views.export_telecharger, name="fse_export"),
]
