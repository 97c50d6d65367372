from django.urls import path

from reprise import views

urlpatterns = [
    path("reprise/", views.accueil, name="reprise"),
    path("reprise/modele.xlsx", views.modele_vierge, name="reprise_modele"),
    path("reprise/export/", views.export, name="reprise_export"),
    path("reprise/<int:pk>/", views.detail, name="reprise_import"),
    path("reprise/<int:pk>/etat/", views.etat, name="reprise_etat"),
    path("reprise/<int:pk>/choix/", views.decider, name="reprise_decider"),
    path("reprise/<int:pk>/enregistrer/", views.enregistrer, name="reprise_enregistrer"),
    path("reprise/<int:pk>/relancer/", views.relancer, name="reprise_relancer"),
    path("reprise/<int:pk>/rapport.xlsx", views.rapport, name="reprise_rapport"),
    path("reprise/<int:pk>/supprimer/", views.supprimer, name="reprise_supprimer"),
]
