import hashlib
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand

APPLICATIONS = ["plie", "participants", "programmation", "parcours"]


class Command(BaseCommand):
    help = "Affiche l'empreinte SHA-256 de toutes les données métier (contrôle d'une restauration)."

    def handle(self, *args, **options):
        contenu = StringIO()
        call_command("dumpdata", *APPLICATIONS, "--natural-foreign", "--indent", "0", stdout=contenu)
        self.stdout.write(hashlib.sha256(contenu.getvalue().encode()).hexdigest())
