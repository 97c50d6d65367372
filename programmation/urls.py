from django.urls import path

from programmation import views

urlpatterns = [
    path("programmation/operations/nouvelle/", views.operation_nouvelle, name="operation_nouvelle"),
    path("programmation/operations/<int:pk>/modifier/", views.operation_modifier, name="operation_modifier"),
    path("programmation/operations/<int:pk>/supprimer/", views.operation_supprimer_vue, name="operation_supprimer"),
]
