"""A synthetic file of an old tool's data, in the import's template: ``parcours`` people, each with a
prescription, a parcours and ``etapes`` étapes, one in two exited, followed by 10 référents. For the benchmark of
the import (bench/import.py) and the tests of its commit under load."""

import datetime
import io

from openpyxl import Workbook

from participants.models import GroupePrescripteur, Prescripteur, StructurePorteuse
from reprise import modele

TYPES = ["Remobilisation", "Coaching", "Actions courtes", "Travail sur le projet professionnel", "Remise à niveau"]


def fichier(parcours: int, etapes: int) -> bytes:
    """The workbook's bytes; the structure and the prescripteur it names are created if missing."""
    StructurePorteuse.objects.get_or_create(nom="Structure du banc d'essai")
    Prescripteur.objects.get_or_create(nom="Prescripteur du banc d'essai", groupe=GroupePrescripteur.objects.first())
    classeur = Workbook(write_only=True)
    feuilles = {f.nom: classeur.create_sheet(f.nom) for f in modele.FEUILLES}
    for f in modele.FEUILLES:
        feuilles[f.nom].append([c.nom for c in f.colonnes])

    def ecrire(feuille, **valeurs):
        feuilles[feuille.nom].append([valeurs.get(c.cle) for c in feuille.colonnes])

    for r in range(10):
        ecrire(
            modele.REFERENTS,
            identifiant=f"R{r}",
            prenom="Référent",
            nom=f"N{r}",
            structure="Structure du banc d'essai",
        )
        ecrire(modele.ETP, referent=f"R{r}", date_debut="01/01/2020", etp="1")
    for i in range(parcours):
        entree = datetime.date(2023, 1, 2) + datetime.timedelta(days=i % 600)
        ecrire(
            modele.PRESCRIPTIONS,
            identifiant=f"PR{i}",
            date_prescription=entree - datetime.timedelta(days=20),
            prescripteur="Prescripteur du banc d'essai",
            nom=f"Nom{i}",
            prenom="Prénom",
            referent=f"R{i % 10}",
            statut="Entrée",
        )
        ecrire(
            modele.PERSONNES,
            identifiant=f"I{i}",
            nom=f"Nom{i}",
            prenom="Prénom",
            sexe="Femme" if i % 2 else "Homme",
            date_naissance=datetime.date(1960, 1, 1) + datetime.timedelta(days=(i * 7) % 12000),
            nationalite="Française",
            commune="Dijon",
        )
        ecrire(
            modele.PARCOURS,
            identifiant=f"P{i}",
            personne=f"I{i}",
            prescription=f"PR{i}",
            date_entree=entree,
            situation_emploi="Demandeur d'emploi",
            rsa="oui" if i % 3 == 0 else "non",
        )
        for e in range(etapes):
            debut = entree + datetime.timedelta(days=10 + 40 * e)
            ecrire(
                modele.ETAPES,
                identifiant=f"E{i}-{e}",
                parcours=f"P{i}",
                type=TYPES[(i + e) % len(TYPES)],
                date_debut=debut,
                date_fin=debut + datetime.timedelta(days=30),
                issue="Terminée",
            )
        if i % 2:
            ecrire(
                modele.SORTIES,
                parcours=f"P{i}",
                date_sortie=entree + datetime.timedelta(days=10 + 40 * etapes),
                motif="À sa demande",
            )
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
