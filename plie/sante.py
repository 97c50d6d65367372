"""What each service of the production shape answers to its health check (docker-compose.yml):

- web: ``/sante/`` answers « ok » once the database answers a query, 503 otherwise — no personal data, no session;
- beat: its loop touches a heartbeat file at each turn (``Planificateur``, at least every
  CELERY_BEAT_MAX_LOOP_INTERVAL seconds); the check finds it fresh;
- worker: a ping on the control channel, which the worker's main process answers even while every slot of its
  pool is busy with a publication's files (a task sent through the work queue would wait behind them).
"""

import os
import socket
import time
import urllib.request
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse

from plie.access import public


@public
def vue(request):
    try:
        with connection.cursor() as curseur:
            curseur.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("base de données injoignable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def battement() -> Path:
    """Beat's heartbeat file: beside its state (var/beat, a volume in docker-compose.yml)."""
    return Path(os.environ.get("PLIE_BEAT_BATTEMENT", settings.VAR_DIR / "beat" / "battement"))


class Planificateur(PersistentScheduler):
    """Celery's persistent scheduler, with a heartbeat file touched at each turn of beat's loop."""

    def tick(self, *args, **kwargs):
        fichier = battement()
        fichier.parent.mkdir(parents=True, exist_ok=True)
        fichier.touch()
        return super().tick(*args, **kwargs)


def beat_frais(fichier: Path, *, maintenant: float | None = None) -> bool:
    """Beat's loop turned lately (three of its longest waits)."""
    try:
        age = (maintenant or time.time()) - fichier.stat().st_mtime
    except FileNotFoundError:
        return False
    return age < 3 * settings.CELERY_BEAT_MAX_LOOP_INTERVAL


def worker_ici_repond(app, *, delai: float, nom: str = "") -> bool:
    """The worker of this host (or the one named ``nom``) answers a ping on the control channel."""
    nom = nom or f"celery@{socket.gethostname()}"
    reponses = app.control.ping(destination=[nom], timeout=delai)
    return any(nom in r for r in reponses)


def web_repond(url: str, *, delai: float) -> bool:
    """The web server answers its health page (as the proxy would call it: allowed host, HTTPS forwarded)."""
    hote = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
    requete = urllib.request.Request(url, headers={"Host": hote, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(requete, timeout=delai) as reponse:  # noqa: S310 (a URL given by the operator)
            return reponse.status == 200 and reponse.read() == b"ok"
    except OSError:
        return False
