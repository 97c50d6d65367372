import functools

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.shortcuts import redirect
from django.urls import reverse

from plie.models import ParametresRole

CHEMINS_LIBRES = ("/static/", "/connexion/", "/deconnexion/", "/securite/double-authentification/")


class DoubleAuthentificationMiddleware:
    """When the user's role requires a second factor, or the user paired a device, nothing else is reachable
    until a TOTP code is given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(CHEMINS_LIBRES) and not user.is_verified():
            from django_otp.plugins.otp_totp.models import TOTPDevice

            # A paired device is always asked for, even where the role does not require one.
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect(f"{reverse('otp_verifier')}?next={request.path}")
            if ParametresRole.objects.filter(role=user.role, double_authentification=True).exists():
                return redirect("otp_configurer")
        return self.get_response(request)


class PasDeCacheMiddleware:
    """No page served to a signed-in user is kept by the browser or a proxy (personal data, the back button on a
    shared computer): ``Cache-Control: no-store``. Static files are served before (WhiteNoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            reponse["Cache-Control"] = "no-store"
        return reponse


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a request marked by ``sans_prolonger_la_session`` (a page's counts refreshing
    themselves in the background) does not push back the end of an idle session: the session is saved at every
    request (``SESSION_SAVE_EVERY_REQUEST``) so that only what the user does keeps them signed in."""

    def process_response(self, request, response):
        if getattr(request, "session_non_prolongee", False):
            return response
        return super().process_response(request, response)


def sans_prolonger_la_session(vue):
    """A view whose requests (a background refresh) leave the idle session's end where it was."""

    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        request.session_non_prolongee = True
        return vue(request, *args, **kwargs)

    return enveloppe
