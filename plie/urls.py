from django.contrib import admin
from django.urls import include, path

from plie import sante, views, views_comptes
from plie.admin_site import restreindre_site_admin

restreindre_site_admin(admin.site)

urlpatterns = [
    path("sante/", sante.vue, name="sante"),
    path("connexion/", views.connexion, name="login"),
    path("deconnexion/", views.deconnexion, name="logout"),
    path("mot-de-passe/oublie/", views.reinitialisation, name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.reinitialisation_envoyee, name="password_reset_done"),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        views.reinitialisation_confirmer,
        name="password_reset_confirm",
    ),
    path("mot-de-passe/reinitialise/", views.reinitialisation_terminee, name="password_reset_complete"),
    path("securite/mot-de-passe/", views.changer_mot_de_passe, name="password_change"),
    path("securite/mot-de-passe/change/", views.mot_de_passe_change, name="mot_de_passe_change"),
    path("securite/session/prolonger/", views.session_prolonger, name="session_prolonger"),
    path("securite/double-authentification/configurer/", views.otp_configurer, name="otp_configurer"),
    path("securite/double-authentification/verifier/", views.otp_verifier, name="otp_verifier"),
    path("invitation/<uidb64>/<token>/", views_comptes.invitation, name="invitation"),
    path("invitation/terminee/", views_comptes.invitation_terminee, name="invitation_terminee"),
    path("comptes/", views_comptes.comptes_page, name="comptes"),
    path("comptes/demandes/<int:pk>/decider/", views_comptes.comptes_decider, name="comptes_decider"),
    path("comptes/<int:pk>/acces/", views_comptes.comptes_acces, name="comptes_acces"),
    path("admin/", admin.site.urls),
    path("", include("programmation.urls")),
    path("", include("parcours.urls")),
    path("", include("agenda.urls")),
    path("", include("reporting.urls")),
    path("", include("reprise.urls")),
    path("fse/", include("fse.urls")),
    path("", include("prescripteurs.urls")),
]
