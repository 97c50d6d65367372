from django.urls import path

from parcours import views

urlpatterns = [
    path("participants/<int:pk>/", views.dossier_participant, name="dossier_participant"),
    path("participants/<int:pk>/journal/", views.journal_participant, name="journal_participant"),
    path("participants/<int:pk>/donnees.json", views.export_participant, name="export_participant"),
]
