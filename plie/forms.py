from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from plie.models import User, normaliser_email


class ConnexionForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def clean_username(self):
        return normaliser_email(self.cleaned_data.get("username"))


class ReinitialisationForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # The PLIE's name, read when the message is sent (the settings say which PLIE this is); the link starts
        # with the product's public address, never with the Host header of the request.
        context = {**context, "plie_nom": settings.PLIE_NOM, "adresse": settings.PLIE_URL.rstrip("/")}
        return super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)

    def get_users(self, email):
        # Our users are identified by email, normalised as at sign-in.
        return (
            u for u in User.objects.filter(email=normaliser_email(email), is_active=True) if u.has_usable_password()
        )


def nom_utilisateur_axes(request, credentials=None) -> str:
    """The username the lockout counts (AXES_USERNAME_CALLABLE): normalised like sign-in, so that
    ``VICTIME@…`` or `` victime@… `` count against the same account."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    return normaliser_email(source.get("username"))
