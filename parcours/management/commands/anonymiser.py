from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parcours.anonymisation import anonymiser, fin_archive


class Command(BaseCommand):
    help = (
        "Anonymise les personnes dont tous les parcours sont sortis depuis plus que la durée d'archivage "
        "(sans --executer : simulation, rien n'est modifié)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--executer", action="store_true", help="anonymise réellement (irréversible)")
        parser.add_argument("--lot", type=int, default=500, help="personnes par transaction (défaut : 500)")

    def handle(self, *args, executer, lot, **options):
        if lot < 1:
            raise CommandError("La taille de lot doit être un entier positif.")
        limite = fin_archive()
        bilan = anonymiser(executer=executer, lot=lot)
        verbe = "anonymisées" if executer else "à anonymiser (simulation : relancez avec --executer)"
        self.stdout.write(
            f"Parcours sortis avant le {limite:%d/%m/%Y} (archivage de {settings.RGPD_ARCHIVE_ANNEES} ans) : "
            f"{bilan.participants} personne(s) et {bilan.prescriptions} prescription(s) sans entrée {verbe}."
        )
