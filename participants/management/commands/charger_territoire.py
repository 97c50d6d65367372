"""Load the PLIE's territory (communes and quartiers) from a CSV or .xlsx file: participants/territoire.py."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participants.territoire import COLONNES, lire, territoire_charger


class Command(BaseCommand):
    help = (
        "Charge le territoire du PLIE (communes, quartiers prioritaires et de veille) depuis un fichier CSV ou "
        f".xlsx aux colonnes : {', '.join(COLONNES)}. Tout ou rien : un fichier avec une ligne fausse ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="participants/territoires/dijon-metropole.csv par exemple")
        parser.add_argument(
            "--retirer-absentes",
            action="store_true",
            help="les communes de la base absentes du fichier sortent du territoire (leurs personnes restent)",
        )

    def handle(self, *args, fichier: Path, retirer_absentes: bool, **options):
        if not fichier.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            rapport = territoire_charger(lire(fichier), retirer_absentes=retirer_absentes)
        except ValidationError as erreur:
            raise CommandError("Territoire non chargé :\n- " + "\n- ".join(erreur.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire chargé : {rapport.communes_creees} commune(s) créée(s), {rapport.communes_mises_a_jour} "
                f"mise(s) à jour, {rapport.quartiers_crees} quartier(s) créé(s), {rapport.quartiers_mis_a_jour} mis "
                "à jour."
                + (
                    f" Sorties du territoire : {', '.join(rapport.communes_retirees)}."
                    if rapport.communes_retirees
                    else ""
                )
            )
        )
