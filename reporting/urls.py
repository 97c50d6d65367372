from django.urls import path

from reporting import views, views_lettres, views_statistiques

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("lettres/", views_lettres.liste, name="lettres"),
    path("lettres/<int:annee>/<int:mois>/brouillon/", views_lettres.lettre_brouillon, name="lettre_brouillon"),
    path("lettres/<int:annee>/<int:mois>/publier/", views_lettres.lettre_publier, name="lettre_publier"),
    path("lettres/<int:pk>/", views_lettres.lettre, name="lettre"),
    path("lettres/<int:pk>/lettre.xlsx", views_lettres.lettre_excel, name="lettre_excel"),
    path("lettres/<int:pk>/lettre.pdf", views_lettres.lettre_pdf, name="lettre_pdf"),
    path("lettres/<int:pk>/pdf/produire/", views_lettres.lettre_pdf_produire, name="lettre_pdf_produire"),
    path("statistiques/", views_statistiques.statistiques_annuelles, name="statistiques"),
    path(
        "statistiques/<int:annee>/statistiques.xlsx", views_statistiques.statistiques_excel, name="statistiques_excel"
    ),
]
