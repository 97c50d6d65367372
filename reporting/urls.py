from django.urls import path

from reporting import views, views_lettres, views_programmation, views_statistiques, views_tableaux

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("tableaux/referents.xlsx", views_tableaux.tableau_excel, name="tableau_excel"),
    path("tableaux/referents/<int:pk>/", views_tableaux.tableau_referent, name="tableau_referent"),
    path("tableaux/referents/<int:pk>/fiche.pdf", views_tableaux.fiche_referent, name="fiche_referent"),
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
    path("programmation/", views_programmation.programmation, name="programmation"),
    path(
        "programmation/<int:annee>/programmation.xlsx",
        views_programmation.programmation_excel,
        name="programmation_excel",
    ),
    path("programmation/operations/<int:pk>/", views_programmation.operation, name="operation"),
    path("programmation/enveloppe-souple/", views_programmation.enveloppe_souple, name="enveloppe_souple"),
    path(
        "programmation/enveloppe-souple/<int:annee>/enveloppe-souple.xlsx",
        views_programmation.enveloppe_souple_excel,
        name="enveloppe_souple_excel",
    ),
]
