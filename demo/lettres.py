"""The demo's letters: the last complete month is published, so that a financeur reads a letter from the start."""

import datetime

from plie.enums import Role
from plie.models import User
from plie.taches import attendre
from reporting.indicateurs import Periode
from reporting.indicateurs.periode import fin_du_mois
from reporting.lettre import publier
from reporting.models import Brouillon, FichierLettre, Lettre, StatutFichier


def dernier_mois_complet(jusqua: datetime.date) -> Periode:
    """The month of ``jusqua`` if it is its last day, otherwise the month before."""
    if jusqua == fin_du_mois(jusqua.year, jusqua.month):
        return Periode(jusqua.year, jusqua.month)
    veille = jusqua.replace(day=1) - datetime.timedelta(days=1)
    return Periode(veille.year, veille.month)


def publier_lettre_demo(jusqua: datetime.date, domaine: str, *, produire_fichiers: bool = True) -> Lettre:
    """Publish the letter of the last complete month as the demo's structure d'animation would."""
    animation = User.objects.filter(role=Role.ANIMATION, email__endswith=f"@{domaine}").order_by("pk").first()
    return publier(dernier_mois_complet(jusqua), par=animation, produire_fichiers=produire_fichiers)


def vider_lettres():
    """Delete the letters computed from demo data, their files with them."""
    for fichier in FichierLettre.objects.exclude(fichier=""):
        fichier.fichier.delete(save=False)
    for modele in (FichierLettre, Lettre, Brouillon):
        modele.objects.all().delete()


def attendre_fichiers(lettre: Lettre, progression, *, intervalle: float = 5.0) -> None:
    """Wait for the files of ``lettre`` produced in this process's background thread (the embedded mode), telling
    how far they are every ``intervalle`` seconds."""
    fichiers = FichierLettre.objects.filter(lettre=lettre)
    total = fichiers.count()
    while True:
        try:
            attendre(intervalle)
            fini = True  # the background thread has nothing left to do
        except TimeoutError:
            fini = False
        prets = fichiers.filter(statut=StatutFichier.TERMINE).count()
        progression(f"Fichiers de la lettre (PDF, Excel et page de chaque destinataire) : {prets} prêts sur {total}.")
        if fini:
            return
