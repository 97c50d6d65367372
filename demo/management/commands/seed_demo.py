import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.generateur import GenerateurDemo
from demo.lettres import attendre_fichiers, publier_lettre_demo, vider_lettres
from demo.parametres import DOMAINE_DEMO, MOT_DE_PASSE_DEMO
from demo.vider import base_contient_des_donnees, vider_donnees_demo
from plie.models import User
from plie.statistiques import analyser
from reporting import alertes_comptees


def date_iso(valeur: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as exc:
        raise CommandError(f"Date invalide « {valeur} » : attendu AAAA-MM-JJ, par exemple 2017-12-31.") from exc


class Command(BaseCommand):
    help = "Crée un PLIE fictif réaliste (données de démonstration, noms inventés)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="graine du tirage aléatoire (défaut : 1)")
        parser.add_argument("--echelle", type=float, default=1.0, help="taille relative au PLIE de Dijon (défaut : 1)")
        parser.add_argument(
            "--jusqua", type=str, default=None, help="dernier jour simulé, AAAA-MM-JJ (défaut : aujourd'hui)"
        )
        parser.add_argument(
            "--vider", action="store_true", help="efface d'abord les données existantes (hors référentiels)"
        )
        parser.add_argument(
            "--si-vide", action="store_true", help="ne fait rien, sans erreur, si la base contient déjà des données"
        )
        parser.add_argument(
            "--sans-fichiers",
            action="store_true",
            help="publie la lettre sans produire ses fichiers (base de mesure : « manage.py lettres_fichiers » "
            "les produit ensuite)",
        )

    def handle(self, *args, seed, echelle, jusqua, vider, si_vide, sans_fichiers, **options):
        if not 0 < echelle <= 1000:
            raise CommandError("L'échelle doit être un nombre strictement positif, au plus 1000.")
        fin = date_iso(jusqua) if jusqua else timezone.localdate()
        if fin.year < 2003 or fin > timezone.localdate():
            raise CommandError("La date de fin doit être comprise entre 2003 et aujourd'hui.")
        if base_contient_des_donnees():
            if si_vide:
                self.stdout.write("La base contient déjà des données : données de démonstration non recréées.")
                self.afficher_comptes()
                return
            if not vider:
                raise CommandError(
                    "La base contient déjà des données. Relancez avec --vider pour les effacer "
                    "(les référentiels sont conservés), ou avec --si-vide pour ne rien faire."
                )
            with transaction.atomic():
                vider_lettres()
                vider_donnees_demo()
            self.stdout.write("Données existantes effacées.")
        debut = time.monotonic()

        def progression(message):
            self.stdout.write(f"[{time.monotonic() - debut:6.1f} s] {message}")

        resultat = GenerateurDemo(seed=seed, echelle=echelle, jusqua=fin, progression=progression).executer()
        analyser()  # fresh statistics after a bulk load: the planner uses the indexes from the first letter on
        alertes_comptees.actualiser()
        progression("Alertes comptées par référent (tableaux de bord de la structure d'animation).")
        lettre = publier_lettre_demo(fin, DOMAINE_DEMO, produire_fichiers=not sans_fichiers)
        progression(f"{lettre.periode.titre} publiée (les financeurs la lisent dès la connexion).")
        if sans_fichiers:
            progression("Fichiers de la lettre non produits : « manage.py lettres_fichiers » les produit.")
        elif settings.TACHES_EN_PROCESSUS:  # no worker: its files are produced here, before the server starts
            attendre_fichiers(lettre, progression)
        self.stdout.write(
            self.style.SUCCESS(
                f"PLIE de démonstration créé du {resultat.debut:%d/%m/%Y} au {resultat.fin:%d/%m/%Y} en "
                f"{time.monotonic() - debut:.0f} s : {resultat.personnes} personnes, {resultat.prescriptions} "
                f"prescriptions, {resultat.parcours} parcours, {resultat.etapes} étapes, "
                f"{resultat.entretiens} entretiens."
            )
        )
        self.afficher_comptes()

    def afficher_comptes(self):
        comptes = User.objects.filter(email__endswith=f"@{DOMAINE_DEMO}").order_by("role", "email")
        if not comptes:
            return
        self.stdout.write(f"Comptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO}) :")
        for user in comptes:
            self.stdout.write(f"  {user.email:32} {user.get_role_display()}")
