"""Sign-in, password, second factor and session views."""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from plie.access import TOUS_LES_ROLES, acces, public
from plie.forms import ConnexionForm, ReinitialisationForm

connexion = public(auth_views.LoginView.as_view(authentication_form=ConnexionForm, redirect_authenticated_user=True))
deconnexion = public(auth_views.LogoutView.as_view())
reinitialisation = public(
    auth_views.PasswordResetView.as_view(
        form_class=ReinitialisationForm,
        email_template_name="registration/email_reinitialisation.txt",
        subject_template_name="registration/email_reinitialisation_sujet.txt",
    )
)
reinitialisation_envoyee = public(auth_views.PasswordResetDoneView.as_view())
reinitialisation_confirmer = public(auth_views.PasswordResetConfirmView.as_view())
reinitialisation_terminee = public(auth_views.PasswordResetCompleteView.as_view())
changer_mot_de_passe = acces(*TOUS_LES_ROLES)(
    auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("mot_de_passe_change"))
)
mot_de_passe_change = acces(*TOUS_LES_ROLES)(auth_views.PasswordChangeDoneView.as_view())


@acces(*TOUS_LES_ROLES)
@require_POST
def session_prolonger(request):
    """Any request renews the session (SESSION_SAVE_EVERY_REQUEST): the page calls this to stay signed in."""
    return JsonResponse({"prolongee": True})


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not code.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return code


def _suite(request) -> str:
    suivant = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return suivant
    return reverse_lazy("accueil")


@acces(*TOUS_LES_ROLES)
def otp_configurer(request):
    """Pair an authenticator application: a QR code, then a first code that confirms the pairing."""
    appareil = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if appareil:
        messages.info(request, "La double authentification est déjà configurée pour votre compte.")
        return redirect("otp_verifier")
    appareil, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Application"}
    )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if appareil.verify_token(form.cleaned_data["code"]):
            appareil.confirmed = True
            appareil.save(update_fields=["confirmed"])
            otp_login(request, appareil)
            messages.success(request, "Double authentification activée.")
            return redirect(_suite(request))
        form.add_error("code", "Code incorrect ou expiré : saisissez le code affiché maintenant par l'application.")
    image = qrcode.make(appareil.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return render(
        request,
        "plie/otp_configurer.html",
        {
            "form": form,
            "qr_svg": image.to_string(encoding="unicode"),
            "cle": base64.b32encode(appareil.bin_key).decode(),
        },
    )


@acces(*TOUS_LES_ROLES)
def otp_verifier(request):
    form = CodeForm(request.POST or None)
    if form.is_valid():
        for appareil in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if appareil.verify_token(form.cleaned_data["code"]):
                otp_login(request, appareil)
                return redirect(_suite(request))
        form.add_error("code", "Code incorrect ou expiré.")
    return render(request, "plie/otp_verifier.html", {"form": form, "next": request.GET.get("next", "")})
