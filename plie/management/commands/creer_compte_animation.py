"""The installation's first structure d'animation account: created without a password, invited by e-mail."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plie import comptes


class Command(BaseCommand):
    help = (
        "Crée le premier compte « structure d'animation » et lui envoie son invitation (lien à usage unique où la "
        "personne choisit son mot de passe). La création est journalisée parmi les accès aux données accordés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="adresse électronique de la personne")
        parser.add_argument("--prenom", default="")
        parser.add_argument("--nom", default="")

    def handle(self, *args, email, prenom, nom, **options):
        try:
            compte = comptes.creer_premier_compte_animation(email=email, prenom=prenom, nom=nom)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Compte « structure d'animation » créé ; invitation envoyée à {compte.email} "
                "(la personne choisit elle-même son mot de passe)."
            )
        )
