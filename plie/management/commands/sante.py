from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from plie import sante
from plie.celery import app
from plie.tasks import ping


class Command(BaseCommand):
    help = "Vérifie que la base de données, les migrations et, si Redis est configuré, un worker Celery répondent."

    def add_arguments(self, parser):
        parser.add_argument("--delai", type=float, default=15, help="secondes d'attente de la réponse du worker")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--web", metavar="URL", help="vérifier seulement que le serveur web répond à cette page")
        mode.add_argument("--beat", action="store_true", help="vérifier seulement que la boucle de beat tourne")
        mode.add_argument(
            "--worker-ici",
            action="store_true",
            help="vérifier seulement que le worker de cette machine répond (même occupé)",
        )

    def handle(self, *args, delai, web, beat, worker_ici, **options):
        if web:
            if not sante.web_repond(web, delai=delai):
                raise CommandError(f"Le serveur web ne répond pas « ok » à {web}.")
            self.stdout.write("Serveur web : OK")
            return
        if beat:
            if not sante.beat_frais(sante.battement()):
                raise CommandError(f"La boucle de beat n'a pas tourné récemment ({sante.battement()}).")
            self.stdout.write("Beat : OK")
            return
        if worker_ici:
            if not sante.worker_ici_repond(app, delai=delai):
                raise CommandError(f"Le worker de cette machine n'a pas répondu en {delai:g} s.")
            self.stdout.write("Worker : OK")
            return
        connexion = connections[DEFAULT_DB_ALIAS]
        try:
            connexion.ensure_connection()
        except Exception as exc:
            raise CommandError(f"Base de données injoignable ({connexion.vendor}).") from exc
        if MigrationExecutor(connexion).migration_plan(MigrationExecutor(connexion).loader.graph.leaf_nodes()):
            raise CommandError("Des migrations ne sont pas appliquées : lancez « manage.py migrate ».")
        self.stdout.write(f"Base de données : OK ({connexion.vendor})")
        if app.conf.task_always_eager:
            self.stdout.write("Tâches de fond : exécutées dans le processus (mode embarqué, sans Redis).")
            return
        try:
            reponse = ping.delay().get(timeout=delai)
        except Exception as exc:
            courtier = settings.CELERY_BROKER_URL.split("@")[-1]
            raise CommandError(f"Aucun worker Celery n'a répondu en {delai:g} s (courtier {courtier}).") from exc
        if reponse != "pong":
            raise CommandError("Réponse inattendue du worker Celery.")
        self.stdout.write("Worker Celery : OK")
