from django.urls import path

from prescripteurs import views

urlpatterns = [
    # The prescriber's own space
    path("prescripteur/", views.espace, name="prescripteur"),
    path("prescripteur/prescriptions/nouvelle/", views.nouvelle, name="prescripteur_nouvelle"),
    path("prescripteur/prescriptions/<int:pk>/", views.detail, name="prescripteur_prescription"),
    path("prescripteur/bilan/", views.bilan, name="prescripteur_bilan"),
    path("prescripteur/bilan/abonnement/", views.abonnement, name="prescripteur_abonnement"),
    # The structure d'animation's page of prescribers
    path("prescripteurs/", views.organisations, name="prescripteurs"),
    path("prescripteurs/<int:pk>/bilan/", views.bilan_organisation, name="prescripteurs_bilan"),
    path("prescripteurs/contacts/<int:pk>/retirer/", views.retirer, name="prescripteurs_retirer"),
]
