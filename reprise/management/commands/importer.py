from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plie.models import User
from reprise.lecture import lire, taille_max
from reprise.moteur import EN_ERREUR, STATUTS, Moteur
from reprise.rapport import rapport


class Command(BaseCommand):
    help = (
        "Importe les données de l'ancien outil (un classeur .xlsx du modèle, ou des fichiers CSV) à travers les "
        "mêmes règles que la saisie ; tout ou rien. Code de sortie 0 si tout est propre, 1 sinon."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichiers", nargs="+", help="le classeur .xlsx, ou les fichiers CSV")
        parser.add_argument("--simulation", action="store_true", help="vérifie seulement : rien n'est enregistré")
        parser.add_argument(
            "--rattacher",
            action="store_true",
            help="rattache chaque personne qui ne ressemble qu'à une seule personne connue (sinon : ligne en erreur, "
            "à décider dans l'aperçu du navigateur)",
        )
        parser.add_argument("--rapport", help="chemin du rapport .xlsx (défaut : à côté du premier fichier)")
        parser.add_argument(
            "--utilisateur", help="adresse du compte de la structure d'animation au nom duquel importer"
        )

    def handle(self, *args, fichiers, simulation, rattacher, utilisateur: str | None, **options):
        par = None
        if utilisateur:
            par = User.objects.filter(email=utilisateur.strip().lower(), is_active=True).first()
            if par is None:
                raise CommandError(f"Aucun compte actif n'a l'adresse « {utilisateur} ».")
        contenus = []
        for chemin in map(Path, fichiers):
            if not chemin.is_file():
                raise CommandError(f"Fichier introuvable : {chemin}")
            if chemin.stat().st_size > taille_max():
                raise CommandError(f"« {chemin.name} » dépasse la taille maximale de l'import.")
            contenus.append((chemin.name, chemin.read_bytes()))
        try:
            lecture = lire(contenus)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from None
        total = sum(len(f.lignes) for f in lecture.feuilles.values())
        self.stdout.write(f"{total} lignes lues ; vérification à travers les règles de saisie…")

        def suivre(fait, total):
            if fait % 500 == 0 or fait == total:
                self.stdout.write(f"  {fait} / {total} lignes")

        source = ", ".join(p.name for p in map(Path, fichiers))
        moteur = Moteur(lecture, par=par, source=source, progression=suivre, rattacher_si_un_seul=rattacher)
        try:
            bilan = moteur.executer(enregistrer=not simulation)
        except PermissionDenied as refus:
            raise CommandError(str(refus)) from None
        for feuille, compte in bilan.par_feuille.items():
            self.stdout.write(f"{feuille} : " + ", ".join(f"{compte[s]} {libelle}" for s, libelle in STATUTS.items()))
        erreurs = [r for r in moteur.resultats if r.statut == EN_ERREUR]
        for r in erreurs[:20]:
            messages = " ; ".join(f"{colonne} : {message}" if colonne else message for colonne, message in r.erreurs)
            self.stdout.write(f"  {r.feuille}, ligne {r.ligne} : {messages}")
        if len(erreurs) > 20:
            self.stdout.write(f"  … et {len(erreurs) - 20} autres lignes en erreur (voir le rapport).")
        if bilan.exceptions:
            self.stdout.write(f"{bilan.exceptions} reprise(s) sous exception (règle non vérifiée).")
        chemin_rapport = (
            Path(options["rapport"]) if options.get("rapport") else Path(fichiers[0]).with_suffix(".rapport.xlsx")
        )
        quand = f"{timezone.localtime():%d/%m/%Y à %H:%M}"
        chemin_rapport.write_bytes(rapport(source, bilan, moteur.resultats, quand=quand))
        self.stdout.write(f"Rapport : {chemin_rapport}")
        if bilan.vide:
            raise CommandError("Le fichier ne contient aucune ligne à importer.", returncode=1)
        if bilan.erreurs:
            raise CommandError(
                f"{bilan.erreurs} ligne(s) en erreur : rien n'a été enregistré. Corrigez le fichier et relancez.",
                returncode=1,
            )
        if simulation:
            self.stdout.write(self.style.SUCCESS("Simulation propre : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Import enregistré : {bilan.lignes} lignes."))
