from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm


class ConnexionForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class ReinitialisationForm(PasswordResetForm):
    def get_users(self, email):
        # Our users are identified by email, compared case-insensitively as at sign-in.
        from plie.models import User

        return (u for u in User.objects.filter(email__iexact=email, is_active=True) if u.has_usable_password())
