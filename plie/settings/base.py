"""Settings shared by every environment, read from environment variables.

Without any variable set, the project runs in its embedded mode: SQLite in ``var/``, Celery tasks run in
process, static files served by the application itself (WhiteNoise).
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str = "") -> str:
    import os

    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    if value.lower() in ("1", "true", "yes", "on", "oui"):
        return True
    if value.lower() in ("0", "false", "no", "off", "non"):
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false, pas {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The embedded default key is only good for a local demo; production settings refuse it.
INSECURE_SECRET_KEY = "embedded-mode-only-not-secret-change-me-in-production-0123456789"
SECRET_KEY = env("DJANGO_SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "plie",
    "participants",
    "programmation",
    "parcours",
    "agenda",
    "reporting",
    "fse",
    "prescripteurs",
    "reprise",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "plie.middleware.SessionMiddleware",  # Django's, with background refreshes that do not prolong a session
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "plie.middleware.DoubleAuthentificationMiddleware",
    "plie.middleware.PasDeCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plie.urls"
WSGI_APPLICATION = "plie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plie.context_processors.session",
                "plie.context_processors.plie",
                "plie.context_processors.roles",
            ],
        },
    },
]

if not env("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'plie.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# The password apart from the URL: any character is accepted as it is (a URL would need « / ? # @ » escaped).
if env("DATABASE_PASSWORD"):
    DATABASES["default"]["PASSWORD"] = env("DATABASE_PASSWORD")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the engine's aggregate queries for longer than it runs them (0.5 s of 0.9 s at
    # national scale): off for this application's short queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# PostgreSQL's statement timeout (plie/delais.py): a web request's, and the tasks' and commands'.
DELAI_REQUETE_WEB_S = int(env("DELAI_REQUETE_WEB_S", "25"))
DELAI_REQUETE_TACHES_S = int(env("DELAI_REQUETE_TACHES_S", str(3 * 3600)))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode: a writing transaction takes the lock when it begins (no "database is locked" half-way
    # through), waits up to 20 s for another one to finish, and readers do not wait for writers (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "plie.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "plie.validators.ValidateurCNIL"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_RESET_TIMEOUT = int(env("DJANGO_PASSWORD_RESET_TIMEOUT", str(2 * 3600)))
# Accounts are created by invitation: the one-time link where the holder chooses their password (plie/comptes.py).
INVITATION_DUREE_SECONDES = int(env("INVITATION_DUREE_SECONDES", str(7 * 86400)))

# Login protection (django-axes): after 5 failures for one account from one address, a cool-off; an attacker
# elsewhere cannot lock the account out, and the lock always lifts by itself.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "plie.forms.nom_utilisateur_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/verrouillage.html"
# The client's address: REMOTE_ADDR, unless a trusted reverse proxy (production) sets X-Real-IP. Trusting the
# header without a proxy would let an attacker pick a new address for each attempt and never be locked out.
DERRIERE_UN_PROXY = env_bool("DJANGO_DERRIERE_UN_PROXY", False)
EN_TETES_ADRESSE_CLIENT = ["HTTP_X_REAL_IP", "REMOTE_ADDR"] if DERRIERE_UN_PROXY else ["REMOTE_ADDR"]
AXES_IPWARE_META_PRECEDENCE_ORDER = EN_TETES_ADRESSE_CLIENT

# Idle sessions end after SESSION_INACTIVITE_MINUTES; the page warns a few minutes before.
SESSION_COOKIE_AGE = int(env("SESSION_INACTIVITE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_AVERTISSEMENT_SECONDES = 5 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Retention (RGPD, CNIL référentiel for social accompaniment): a parcours leaves the active base 2 years after
# its end; it is then kept, readable by the structure d'animation only, for the FSE audit, until it is
# anonymised RGPD_ARCHIVE_ANNEES after its end.
RGPD_BASE_ACTIVE_ANNEES = int(env("RGPD_BASE_ACTIVE_ANNEES", "2"))
RGPD_ARCHIVE_ANNEES = int(env("RGPD_ARCHIVE_ANNEES", "10"))
# Read journal and login logs.
JOURNAL_RETENTION_JOURS = int(env("JOURNAL_RETENTION_JOURS", "365"))
# The import of an old tool's data: its files, previews and reports hold personal data; they are deleted after
# this many days (the records imported stay, of course).
REPRISE_RETENTION_JOURS = int(env("REPRISE_RETENTION_JOURS", "30"))
REPRISE_TAILLE_MAX_MO = int(env("REPRISE_TAILLE_MAX_MO", "20"))
# Rows of one deposited file (every sheet of a workbook): Dijon's whole history is about 49 000.
REPRISE_LIGNES_MAX = int(env("REPRISE_LIGNES_MAX", "100000"))
# An import's commit writes in batches of at most this many seconds each (reprise/lots.py): other users' writes
# wait at most about that long.
REPRISE_LOT_SECONDES = float(env("REPRISE_LOT_SECONDES", "0.5"))
# The FSE+ exports for the managing authority hold personal data: deleted after this many days.
FSE_EXPORT_RETENTION_JOURS = int(env("FSE_EXPORT_RETENTION_JOURS", "30"))
# The controller's packages (fse/controle/paquet.py): kept this many days, then erased.
FSE_CONTROLE_RETENTION_JOURS = int(env("FSE_CONTROLE_RETENTION_JOURS", "30"))
# Prescribers follow a prescription until this many months after its non-entry or the end of its parcours.
PRESCRIPTEUR_SUIVI_MOIS = int(env("PRESCRIPTEUR_SUIVI_MOIS", "6"))
# The attachment of a prescription that did not lead to an entry is erased this many days after the decision.
PRESCRIPTION_PIECE_JOINTE_JOURS = int(env("PRESCRIPTION_PIECE_JOINTE_JOURS", "30"))

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Private files (documents, generated letters) are never served from a public URL: the app serves them
# after the access policy has been checked.
PRIVATE_ROOT = Path(env("DJANGO_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: small in memory, private on disk; each upload is checked by content (plie/fichiers.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in the embedded mode; sent by SMTP in production (plie/settings/production.py).
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "plie@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "30"))
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("DJANGO_EMAIL_USE_TLS et DJANGO_EMAIL_USE_SSL s'excluent : choisissez l'un des deux.")

# Celery: with no Redis URL, tasks run eagerly in the calling process (embedded mode, tests).
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# With Redis, the cache (the letters' charts) is shared by every process.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
# Without a broker (the embedded mode), tasks run in a background thread of the server (plie/taches.py).
TACHES_EN_PROCESSUS = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Wall-clock schedules (a redeploy does not restart their clock), at night, Paris time; beat keeps its state on a
# volume (docker-compose.yml) so that a run due during a restart is not lost.
CELERY_BEAT_SCHEDULER = "plie.sante:Planificateur"  # touches a heartbeat file at each turn (plie/sante.py)
CELERY_BEAT_MAX_LOOP_INTERVAL = 60  # seconds: beat's loop turns at least this often
CELERY_BEAT_SCHEDULE = {
    "purger-journaux": {"task": "plie.purger_journaux", "schedule": crontab(hour=2, minute=15)},
    "anonymiser-archives": {"task": "parcours.anonymiser", "schedule": crontab(hour=3, minute=0, day_of_week="sun")},
    "purger-imports": {"task": "reprise.purger", "schedule": crontab(hour=2, minute=30)},
    "fse-synchroniser": {"task": "fse.synchroniser", "schedule": crontab(hour=1, minute=30)},
    "fse-purger-exports": {"task": "fse.purger", "schedule": crontab(hour=2, minute=45)},
    "actualiser-syntheses": {"task": "reporting.actualiser_syntheses", "schedule": crontab(hour=4, minute=0)},
    "purger-pieces-jointes": {"task": "parcours.purger_pieces_jointes", "schedule": crontab(hour=2, minute=50)},
    "bilan-prescripteurs": {
        "task": "prescripteurs.bilan_mensuel",
        "schedule": crontab(hour=7, minute=0, day_of_month=2),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},  # one line per task run; failures still reported
    },
}

# Error reporting (off by default): with SENTRY_DSN, every unhandled error of the web and of the worker is sent to
# that Sentry project — without personal data: no user, no cookies, no request body, no local variables.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0,
    )

# The PLIE's identity on the letter and in e-mails.
PLIE_NOM = env("PLIE_NOM", "PLIE Dijon Métropole")
# The name the authenticator application shows beside the six digits.
OTP_TOTP_ISSUER = PLIE_NOM
PLIE_LOGO = env("PLIE_LOGO", str(BASE_DIR / "static" / "img" / "logo-plie.svg"))
PLIE_URL = env("PLIE_URL", "http://127.0.0.1:8000")
# The programme that cofinances the PLIE, printed beside the EU emblem on every document (plie/publicite.py).
FSE_PROGRAMME = env(
    "FSE_PROGRAMME", "Programme national FSE+ « Emploi, inclusion, jeunesse et compétences » 2021-2027"
)

# The engine's monthly summaries (PostgreSQL only; see reporting/syntheses/): read when up to date,
# refreshed by a task asked for when a letter finds them stale: the worker's, or the embedded mode's background
# thread.
SYNTHESES_ACTIVES = env_bool("SYNTHESES_ACTIVES", True)
SYNTHESES_AUTOMATIQUES = True
