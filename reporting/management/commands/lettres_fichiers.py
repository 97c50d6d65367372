"""Produce the files every published letter is missing, or whose production failed or is stuck: run at deployment
(letters published before an audience or a format existed), and by hand after a restore without the private
files. Idempotent: a letter whose files are all ready starts nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.lettre import fichiers
from reporting.models import FichierLettre, Lettre, StatutFichier


class Command(BaseCommand):
    help = "Produit les fichiers manquants, en échec ou bloqués des lettres publiées."

    def handle(self, *args, **options):
        lancees = 0
        for lettre in Lettre.objects.order_by("annee", "mois", "numero"):
            try:
                nombre = fichiers.relancer(lettre)
            except Exception as erreur:  # one unreadable snapshot does not stop the others
                self.stderr.write(f"{lettre} : instantané illisible ({type(erreur).__name__}), lettre ignorée.")
                continue
            if nombre:
                self.stdout.write(f"{lettre} : {nombre} fichier{'s' if nombre > 1 else ''} à produire.")
                lancees += nombre
        if not lancees:
            self.stdout.write("Tous les fichiers des lettres publiées sont prêts.")
            return
        if settings.TACHES_EN_PROCESSUS:  # no worker: produced here, before the command ends
            from plie.taches import attendre

            attendre()
            restants = FichierLettre.objects.exclude(statut=StatutFichier.TERMINE).count()
            self.stdout.write(f"{lancees} fichiers traités ; {restants} non prêts (voir la page de chaque lettre).")
        else:
            self.stdout.write(f"{lancees} fichiers confiés au worker.")
