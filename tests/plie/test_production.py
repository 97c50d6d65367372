"""The production shape as an operator meets it: the documented variables give a clean ``check --deploy``; e-mail
is really sent (SMTP, here a local test server) and nothing of it reaches the logs; the database password needs no
escaping; secrets stay out of the image; beat's schedules are wall-clock and its state survives a redeploy;
backups never nest; the README lists every variable the settings read."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from celery.schedules import crontab
from django.conf import settings as reglages
from django.urls import reverse

from tests.plie.factories import UserFactory

RACINE = Path(__file__).resolve().parents[2]

# The production variables the README documents (« Production »), with test values.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "plie.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-une-cle-de-test-longue-et-aleatoire-0123456789",
    "DJANGO_ALLOWED_HOSTS": "plie.example.org",
    "PLIE_URL": "https://plie.example.org",
    "DJANGO_EMAIL_HOST": "smtp.example.org",
    "DJANGO_EMAIL_PORT": "587",
    "DJANGO_EMAIL_USE_TLS": "true",
    "DJANGO_DEFAULT_FROM_EMAIL": "plie@example.org",
}


def manage(*args, **variables):
    environnement = {**os.environ, **PRODUCTION, **variables}
    for nom, valeur in variables.items():
        if valeur is None:
            environnement.pop(nom)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=environnement,
        capture_output=True,
        text=True,
        check=False,
        cwd=RACINE,
    )


def test_les_variables_documentees_donnent_un_check_deploy_propre():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "n'envoie aucun courriel"),
        ({"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}, "n'envoie aucun courriel"),
        ({"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "n'envoie aucun courriel"),
        ({"DJANGO_EMAIL_HOST": None}, "DJANGO_EMAIL_HOST doit être défini"),
        ({"DJANGO_DEFAULT_FROM_EMAIL": None}, "DJANGO_DEFAULT_FROM_EMAIL doit être défini"),
        ({"PLIE_URL": None}, "PLIE_URL doit être défini"),
        ({"PLIE_URL": "http://127.0.0.1:8000"}, "PLIE_URL doit être défini"),
        ({"DJANGO_EMAIL_USE_SSL": "true"}, "s'excluent"),
    ],
)
def test_la_production_refuse_de_demarrer_sans_envoi_de_courriel_reel(variables, message):
    resultat = manage("check", **variables)
    assert resultat.returncode != 0
    assert message in resultat.stderr


def test_le_mot_de_passe_de_la_base_n_a_rien_a_echapper():
    mot_de_passe = "a/b?c#d@e:f%g&h"
    resultat = manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['PASSWORD'], d['USER'], d['HOST'], d['PORT'], d['NAME'])",
        DJANGO_SETTINGS_MODULE="plie.settings.dev",
        DATABASE_URL="postgres://plie@db:5432/plie",
        DATABASE_PASSWORD=mot_de_passe,
    )
    derniere = resultat.stdout.strip().splitlines()[-1]
    assert derniere.split() == [mot_de_passe, "plie", "db", "5432", "plie"], resultat.stderr


class Boite:
    """What the local SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler protocol)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", errors="replace")))
        return "250 Message accepted for delivery"


@pytest.fixture
def serveur_smtp():
    boite = Boite()
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        port = essai.getsockname()[1]
    controleur = Controller(boite, hostname="127.0.0.1", port=port)
    controleur.start()
    yield controleur, boite
    controleur.stop()


@pytest.mark.django_db
def test_une_reinitialisation_part_par_smtp_sans_rien_laisser_au_journal(
    client, settings, serveur_smtp, caplog, capfd
):
    controleur, boite = serveur_smtp
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controleur.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.PLIE_URL = "https://plie.example.org"
    settings.DEFAULT_FROM_EMAIL = "plie@example.org"
    settings.ALLOWED_HOSTS = ["testserver", "autre-nom.example"]  # a name the server answers to, not the public one
    UserFactory(email="oubli@test.plie.fr")
    caplog.set_level("DEBUG")
    reponse = client.post(reverse("password_reset"), {"email": "oubli@test.plie.fr"}, HTTP_HOST="autre-nom.example")
    assert reponse.status_code == 302
    for _ in range(50):
        if boite.messages:
            break
        time.sleep(0.1)
    ((destinataires, contenu),) = boite.messages
    assert destinataires == ["oubli@test.plie.fr"]
    (lien,) = re.findall(r"https?://\S+", contenu)
    assert lien.startswith("https://plie.example.org/mot-de-passe/")  # never the request's Host header
    sortie, erreurs = capfd.readouterr()
    # Every log record of the product (the test SMTP server's own « mail.log » is not the product's).
    journal = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    for trace in (journal, sortie, erreurs):
        assert lien not in trace and "réinitialisation du mot de passe" not in trace


def _compose():
    return yaml.safe_load((RACINE / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_garde_l_etat_de_beat_sur_un_volume_et_les_sauvegardes_a_part():
    compose = _compose()
    beat = compose["services"]["beat"]
    schedule = beat["command"][beat["command"].index("--schedule") + 1]
    montages = dict(v.split(":", 1)[::-1] for v in beat["volumes"])  # path in the container -> volume
    dossier = str(Path(schedule).parent)
    assert dossier in montages and montages[dossier] in compose["volumes"]
    assert not schedule.startswith("/tmp")
    web = dict(v.split(":", 1)[::-1] for v in compose["services"]["web"]["volumes"])
    assert web["/app/var/sauvegardes"] == "sauvegardes" and web["/app/var/private"] == "fichiers"
    assert "sauvegardes" in compose["volumes"]


def test_compose_donne_l_adresse_le_courriel_et_un_mot_de_passe_sans_echappement():
    environnement = _compose()["x-app"]["environment"]
    assert re.fullmatch(r"postgres://plie@db:5432/plie", environnement["DATABASE_URL"])
    assert environnement["DATABASE_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    for variable in ("PLIE_URL", "DJANGO_EMAIL_HOST", "DJANGO_DEFAULT_FROM_EMAIL"):
        assert environnement[variable].startswith(f"${{{variable}:?"), variable  # required, from .env
    lues = variables_lues()
    assert set(environnement) - {"DJANGO_SETTINGS_MODULE"} <= lues  # nothing set that the settings ignore


def test_les_secrets_restent_hors_de_l_image():
    ignores = (RACINE / ".dockerignore").read_text(encoding="utf-8").split()
    for motif in (".env", ".git", "var", ".venv"):
        assert motif in ignores


def test_les_taches_planifiees_suivent_l_horloge():
    for nom, tache in reglages.CELERY_BEAT_SCHEDULE.items():
        assert isinstance(tache["schedule"], crontab), nom
    assert reglages.CELERY_BEAT_SCHEDULE["anonymiser-archives"]["schedule"] == crontab(
        hour=3, minute=0, day_of_week="sun"
    )


def variables_lues() -> set[str]:
    texte = "".join(p.read_text(encoding="utf-8") for p in (RACINE / "plie" / "settings").glob("*.py"))
    return set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_0-9]+)"', texte))


def test_le_readme_liste_chaque_variable_lue_par_les_reglages():
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    documentees = set(re.findall(r"^\| `([A-Z_0-9]+)` \|", readme, flags=re.MULTILINE))
    assert variables_lues() - documentees == set()


@pytest.mark.parametrize("script", ["bin/sauvegarder", "bin/restaurer"])
def test_les_scripts_de_sauvegarde_affichent_leur_usage(script):
    resultat = subprocess.run(["bash", script, "--help"], capture_output=True, text=True, check=False, cwd=RACINE)
    assert resultat.returncode == 0 and resultat.stdout.startswith("Usage")


def test_une_sauvegarde_ne_va_pas_dans_les_fichiers_qu_elle_archive(tmp_path):
    prives = tmp_path / "prives"
    environnement = {
        **os.environ,
        "DATABASE_URL": "postgres://plie@127.0.0.1:1/plie",
        "DJANGO_PRIVATE_ROOT": str(prives),
    }
    for destination in (prives, prives / "sauvegardes", tmp_path / "prives" / ".." / "prives" / "x"):
        resultat = subprocess.run(
            ["bash", "bin/sauvegarder", str(destination)],
            env=environnement,
            capture_output=True,
            text=True,
            check=False,
            cwd=RACINE,
        )
        assert resultat.returncode == 1
        assert "est dans les fichiers privés" in resultat.stderr
    assert not prives.exists()


def test_le_signalement_des_erreurs_est_facultatif_et_sans_donnee_personnelle():
    lire = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], c.options['max_request_body_size'], "
        "c.options['include_local_variables'], c.options['environment'])"
    )
    sans = manage("shell", "-c", lire, SENTRY_DSN=None)
    assert sans.stdout.strip().splitlines()[-1].split()[0] == "False", sans.stderr
    avec = manage("shell", "-c", lire, SENTRY_DSN="https://cle@sentry.example.org/42", SENTRY_ENVIRONMENT="recette")
    assert avec.stdout.strip().splitlines()[-1].split() == ["True", "False", "never", "False", "recette"], avec.stderr


SERVICES_DE_L_APPLICATION = ("web", "worker", "beat", "migrate")


def test_chaque_variable_des_reglages_parvient_a_chaque_service_de_l_application():
    compose = _compose()
    exemple = (RACINE / ".env.exemple").read_text(encoding="utf-8")
    listees = set(re.findall(r"^#? ?([A-Z_0-9]+)(?:=|$)", exemple, flags=re.MULTILINE))
    assert variables_lues() - listees == set()  # .env.exemple names each one
    for nom in SERVICES_DE_L_APPLICATION:
        service = compose["services"][nom]
        assert service["env_file"] == ".env", nom  # then every variable of .env reaches it
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "plie.settings.production", nom
    for nom in ("web", "worker", "migrate"):  # the letter's logo and the files to load, read-only
        assert "./local:/app/local:ro" in compose["services"][nom]["volumes"], nom


def test_worker_et_beat_attendent_la_fin_des_migrations():
    services = _compose()["services"]
    for nom in ("web", "worker", "beat"):
        assert services[nom]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, nom
    assert "migrate" not in services["migrate"]["depends_on"]


def test_chaque_service_dit_sa_sante():
    services = _compose()["services"]
    for nom, service in services.items():
        if nom != "migrate":  # it runs once, then exits
            assert service.get("healthcheck", {}).get("test"), nom
    commandes = {nom: services[nom]["healthcheck"]["test"] for nom in ("web", "worker", "beat")}
    assert "--web" in commandes["web"] and "--worker-ici" in commandes["worker"] and "--beat" in commandes["beat"]


def test_l_image_donne_a_matplotlib_un_dossier_ou_ecrire():
    dockerfile = (RACINE / "Dockerfile").read_text(encoding="utf-8")
    assert "ENV MPLCONFIGDIR=/app/var/matplotlib" in dockerfile and "chown -R plie /app/var" in dockerfile


@pytest.mark.django_db
def test_la_page_de_sante_dit_ok_sans_session(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        reponse = client.get(reverse("sante"))
    assert reponse.status_code == 200 and reponse.content == b"ok"
    assert "sessionid" not in reponse.cookies


@pytest.mark.django_db
def test_la_page_de_sante_dit_quand_la_base_ne_repond_pas(client, monkeypatch):
    from django.db import DatabaseError

    from plie import sante

    class Injoignable:
        def cursor(self):
            raise DatabaseError("base arrêtée")

    monkeypatch.setattr(sante, "connection", Injoignable())
    reponse = client.get(reverse("sante"))
    assert reponse.status_code == 503 and "injoignable" in reponse.content.decode()


def test_le_battement_de_beat(tmp_path, monkeypatch):
    from plie import sante

    fichier = tmp_path / "battement"
    monkeypatch.setenv("PLIE_BEAT_BATTEMENT", str(fichier))
    assert not sante.beat_frais(fichier)  # never turned
    planificateur = sante.Planificateur.__new__(sante.Planificateur)
    monkeypatch.setattr(sante.PersistentScheduler, "tick", lambda self, *a, **k: 60)
    planificateur.tick()
    assert sante.beat_frais(fichier)
    assert not sante.beat_frais(fichier, maintenant=time.time() + 3 * reglages.CELERY_BEAT_MAX_LOOP_INTERVAL + 1)
    assert reglages.CELERY_BEAT_SCHEDULER == "plie.sante:Planificateur"
