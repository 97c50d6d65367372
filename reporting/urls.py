from django.urls import path

from reporting.views import accueil, lettres, programmation, statistiques, tableaux

urlpatterns = [
    path("", accueil.accueil, name="accueil"),
    path("tableaux/referents.xlsx", tableaux.tableau_excel, name="tableau_excel"),
    path("tableaux/referents/<int:pk>/", tableaux.tableau_referent, name="tableau_referent"),
    path("tableaux/referents/<int:pk>/fiche.pdf", tableaux.fiche_referent, name="fiche_referent"),
    path("lettres/", lettres.liste, name="lettres"),
    path("lettres/<int:annee>/<int:mois>/brouillon/", lettres.lettre_brouillon, name="lettre_brouillon"),
    path("lettres/<int:annee>/<int:mois>/publier/", lettres.lettre_publier, name="lettre_publier"),
    path("lettres/<int:pk>/", lettres.lettre, name="lettre"),
    path("lettres/<int:pk>/lettre.xlsx", lettres.lettre_excel, name="lettre_excel"),
    path("lettres/<int:pk>/lettre.pdf", lettres.lettre_pdf, name="lettre_pdf"),
    path("lettres/<int:pk>/etat/", lettres.lettre_etat, name="lettre_etat"),
    path("lettres/<int:pk>/relancer/", lettres.lettre_relancer, name="lettre_relancer"),
    path("statistiques/", statistiques.statistiques_annuelles, name="statistiques"),
    path("statistiques/<int:annee>/statistiques.xlsx", statistiques.statistiques_excel, name="statistiques_excel"),
    path("programmation/", programmation.programmation, name="programmation"),
    path(
        "programmation/<int:annee>/programmation.xlsx",
        programmation.programmation_excel,
        name="programmation_excel",
    ),
    path("programmation/operations/<int:pk>/", programmation.operation, name="operation"),
    path("programmation/enveloppe-souple/", programmation.enveloppe_souple, name="enveloppe_souple"),
    path(
        "programmation/enveloppe-souple/<int:annee>/enveloppe-souple.xlsx",
        programmation.enveloppe_souple_excel,
        name="enveloppe_souple_excel",
    ),
]
