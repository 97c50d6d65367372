"""Refresh the indicator engine's monthly summaries (PostgreSQL): ``python manage.py syntheses [--tout]``."""

import time

from django.core.management.base import BaseCommand, CommandError

from reporting import syntheses


class Command(BaseCommand):
    help = (
        "Recalcule les synthèses mensuelles du moteur d'indicateurs que des changements ont rendues périmées, et "
        "les mois manquants jusqu'au mois en cours (PostgreSQL seulement)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tout", action="store_true", help="recalculer tous les mois")

    def handle(self, *args, tout, **options):
        if not syntheses.actives():
            raise CommandError(
                "Les synthèses mensuelles n'existent que sur PostgreSQL (et si SYNTHESES_ACTIVES n'est pas à 0) : "
                "ici le moteur calcule toujours en direct."
            )
        debut = time.monotonic()

        def progression(rang, total, periode):
            self.stdout.write(f"[{time.monotonic() - debut:6.1f} s] {rang}/{total} {periode.libelle}")

        calcules = syntheses.actualiser(tout=tout, progression=progression)
        if calcules is None:
            raise CommandError("Une actualisation des synthèses est déjà en cours : réessayez quand elle aura fini.")
        self.stdout.write(
            self.style.SUCCESS(f"Synthèses à jour : {calcules} mois recalculés en {time.monotonic() - debut:.0f} s.")
        )
