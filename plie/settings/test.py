"""Test settings: fast password hashing, Celery tasks eager.

Tests marked ``celery_worker`` switch eager mode off and talk to the real worker that CI starts on REDIS_URL.
"""

from plie.settings.base import *  # noqa: F403
from plie.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # one per test process
TACHES_EN_PROCESSUS = False  # tasks inline; the background thread is tested on its own

# WhiteNoise serves from the finders in tests; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SYNTHESES_AUTOMATIQUES = False  # the tests that need them refresh the summaries themselves
