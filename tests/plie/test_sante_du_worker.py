"""The worker's health check (docker-compose.yml) answers while a publication fills its work queue: a ping on the
control channel, which the worker's main process answers between tasks of its pool — where a task sent through the
work queue, the old check, waited behind the publication and the worker was reported unhealthy. Needs Redis
(REDIS_URL): this test starts a worker of its own, as compose runs it (prefork pool), on a queue of its own."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.exceptions import TimeoutError as DelaiDepasse

from plie import sante
from plie.celery import app

RACINE = Path(__file__).resolve().parents[2]
FILE = "essai-sante"


@pytest.fixture
def worker_occupe():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("pas de Redis (REDIS_URL)")
    nom = f"essai-sante-{os.getpid()}@{socket.gethostname()}"
    processus = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "plie", "worker", "--pool", "prefork", "--concurrency", "1",
         "-Q", FILE, "-n", nom, "-I", "tests.plie.taches_lentes", "--without-gossip", "--without-mingle",
         "--loglevel", "warning"],
        cwd=RACINE,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "plie.settings.test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        debut = time.monotonic()
        while not sante.worker_ici_repond(app, delai=1, nom=nom):
            assert time.monotonic() - debut < 60, "le worker d'essai n'a pas démarré"
        for _ in range(4):  # a publication's files: one running, the rest waiting in the queue
            app.send_task("essai.dormir", args=[15], queue=FILE)
        time.sleep(2)
        yield nom
    finally:
        app.conf.task_always_eager = eager
        processus.terminate()
        try:
            processus.wait(20)
        except subprocess.TimeoutExpired:
            processus.kill()
        with app.connection_for_write() as connexion:
            connexion.default_channel.queue_purge(FILE)


def test_le_worker_repond_a_sa_sante_meme_quand_sa_file_est_pleine(worker_occupe):
    debut = time.monotonic()
    assert sante.worker_ici_repond(app, delai=5, nom=worker_occupe)
    assert time.monotonic() - debut < 5
    with pytest.raises(DelaiDepasse):  # the old check: a task through the work queue waits behind the others
        app.send_task("plie.ping", queue=FILE).get(timeout=5)
