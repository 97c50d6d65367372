"""python manage.py lettre --mois 2017-01 [--format json|xlsx|pdf] [--sortie FICHIER] [--version interne|financeurs]
[--publiee]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parcours.models import Parcours
from reporting.chiffres import calculer
from reporting.indicateurs import Periode
from reporting.lettre import arrondie_pour, contrat_pour, donnees_publiees, excel, pour_la_variante, rendu
from reporting.models import Lettre, Variante


class Command(BaseCommand):
    help = "Calcule la lettre mensuelle d'un mois (ou imprime sa dernière version publiée)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the letter's audience here, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--mois", required=True, help="Le mois, au format AAAA-MM (par exemple 2017-01).")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--sortie", help="Fichier à écrire (par défaut : la sortie standard).")
        parser.add_argument("--version", dest="variante", choices=Variante.values, default=Variante.INTERNE)
        parser.add_argument(
            "--publiee", action="store_true", help="La dernière version publiée de ce mois, au lieu d'un calcul."
        )

    def handle(self, *args, mois, format, sortie, variante, publiee, **options):
        try:
            periode = Periode.depuis_texte(mois)
        except ValueError as erreur:
            raise CommandError(str(erreur)) from None
        if refus := periode.refus(timezone.localdate()):  # the same answers as the letter's pages
            raise CommandError(refus)
        if publiee:
            lettre = Lettre.objects.derniere(periode.annee, periode.mois)
            if lettre is None:
                raise CommandError(f"Aucune lettre publiée pour {periode.libelle}.")
            donnees = donnees_publiees(lettre)
        else:
            donnees = calculer(periode)
            if not Parcours.objects.filter(date_entree__lte=periode.fin_mois).exists():
                self.stderr.write(
                    f"Attention : aucun parcours n'est entré avant la fin de {periode.libelle} dans cette base ; "
                    "la lettre ne contient que des zéros."
                )
        if format == "json":
            texte = json.dumps(contrat_pour(donnees, variante), ensure_ascii=False, indent=2) + "\n"
            contenu = texte.encode()
        elif format == "xlsx":
            contenu = excel.classeur(arrondie_pour(donnees, variante))
        else:
            contenu = rendu.pdf(pour_la_variante(donnees, variante))
        if sortie:
            try:
                with open(sortie, "wb") as fichier:
                    fichier.write(contenu)
            except OSError as erreur:
                raise CommandError(f"Impossible d'écrire {sortie} : {erreur.strerror}.") from None
            self.stderr.write(f"{periode.titre} écrite dans {sortie}.")
        elif format == "json":
            self.stdout.write(contenu.decode(), ending="")
        else:
            if sys.stdout.isatty():
                raise CommandError("Un fichier binaire ne s'affiche pas : indiquez --sortie FICHIER.")
            sys.stdout.buffer.write(contenu)
