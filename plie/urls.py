from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plie.forms import ConnexionForm

admin.site.site_header = "PLIE — administration"
admin.site.site_title = "PLIE"
admin.site.index_title = "Référentiels et données"

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(authentication_form=ConnexionForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("reporting.urls")),
]
