from django.urls import path

from reporting import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
]
