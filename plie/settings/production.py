"""Production settings: HTTPS only, secrets mandatory."""

from django.core.exceptions import ImproperlyConfigured

from plie.settings.base import *  # noqa: F403
from plie.settings.base import INSECURE_SECRET_KEY, SECRET_KEY, env, env_bool

if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY doit être défini (au moins 50 caractères) en production.")

# E-mail is really sent: a backend that prints, writes or keeps the messages (one-time links included) is refused.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND.rsplit(".", 2)[-2] in ("console", "filebased", "locmem", "dummy"):
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND={EMAIL_BACKEND} n'envoie aucun courriel : en production, laissez le serveur SMTP "
        "par défaut et renseignez DJANGO_EMAIL_HOST."
    )
if not env("DJANGO_EMAIL_HOST"):
    raise ImproperlyConfigured("DJANGO_EMAIL_HOST doit être défini en production (le serveur SMTP d'envoi).")
if not env("DJANGO_DEFAULT_FROM_EMAIL"):
    raise ImproperlyConfigured("DJANGO_DEFAULT_FROM_EMAIL doit être défini en production (l'expéditeur).")
# Every link of an e-mail (invitations, password resets, letters) starts with the product's public address.
PLIE_URL = env("PLIE_URL")
if not PLIE_URL.startswith("https://"):
    raise ImproperlyConfigured("PLIE_URL doit être défini en production, en https:// (l'adresse publique du produit).")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
