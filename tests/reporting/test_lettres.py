"""The letter in the product: the command's JSON contract, drafts, publication (frozen snapshots, versions, e-mails),
the PDF task, and what each audience reads."""

import datetime
import io
import json
import os
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from plie.enums import Role
from reporting.indicateurs import Periode
from reporting.lettre import publier
from reporting.models import Destinataire, FichierLettre, Lettre, StatutFichier
from reporting.tasks import produire_fichier
from tests import publicite
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import J, etape, non_entree, parcours

pytestmark = pytest.mark.django_db


@pytest.fixture
def plie():
    """Two référents of two structures, a few parcours in 2017."""
    anne = ReferentFactory(prenom="Anne", nom="Durand", utilisateur=UserFactory(role=Role.REFERENT))
    bruno = ReferentFactory(prenom="Bruno", nom="Martin")
    for jour in (3, 10, 17):
        un = parcours(anne, J(2017, 1, jour))
        etape(un, J(2017, 1, jour + 1))
    parcours(bruno, J(2016, 5, 2), sortie=J(2017, 1, 20), motif="emploi_durable")
    parcours(bruno, J(2017, 1, 25), groupe="conseil_departemental")
    non_entree(anne, J(2017, 1, 12))
    return {"anne": anne, "bruno": bruno}


def commande(*args) -> dict:
    sortie = StringIO()
    call_command("lettre", *args, stdout=sortie)
    return json.loads(sortie.getvalue())


def test_contrat_json_de_la_commande(plie):
    lettre = commande("--mois", "2017-01")
    assert (lettre["annee"], lettre["mois"], lettre["fin_mois"]) == (2017, 1, "2017-01-31")
    assert lettre["titre"] == "Lettre mensuelle — janvier 2017"
    for cle in ("etp", "non_entrees_cumul", "objectif_entrees_annuel", "entrees_mois", "entrees_cumul"):
        assert cle in lettre["total"] and all(cle in ligne for ligne in lettre["referents"])
    assert {ligne["referent"] for ligne in lettre["referents"]} == {"Anne Durand", "Bruno Martin"}
    assert all("structure" in ligne for ligne in lettre["referents"])
    assert lettre["total"]["entrees_cumul"] == 4 and isinstance(lettre["total"]["entrees_cumul"], int)
    assert lettre["total"]["etp"] == 2.0 and lettre["total"]["objectif_entrees_annuel"] == 112.0
    assert lettre["total"]["taux_objectif_entrees"] == 42.9  # 4 / (112 / 12)
    assert lettre["sorties"]["positives_cumul"] == 1 and lettre["sorties"]["taux_positives"] == 100.0
    assert [g["groupe"] for g in lettre["prescriptions"]["par_groupe"]] == [
        "France Travail",
        "Conseil départemental",
        "Autres",
    ]
    assert lettre["non_entrees"]["par_motif"][0]["par_mois"] == [1]
    assert lettre["duree_preaffectation"]["par_mois"] == [{"mois": 1, "jours": 30.0}]
    for cle in ("annee_precedente", "etapes", "commentaires"):
        assert cle in lettre
    assert lettre["commentaires"][0].startswith("Au 31 janvier, le PLIE est à 43")


def test_version_financeurs_et_erreurs_de_la_commande(plie):
    assert commande("--mois", "2017-01", "--version", "financeurs")["referents"] == []
    with pytest.raises(CommandError, match="Mois invalide « janvier »"):
        call_command("lettre", "--mois", "janvier")
    with pytest.raises(CommandError, match="Aucune lettre publiée pour janvier 2017"):
        call_command("lettre", "--mois", "2017-01", "--publiee")
    # The pages' bounds, each with its reason.
    with pytest.raises(CommandError, match="Aucun mois avant 1990 n'est suivi : janvier 1989"):
        call_command("lettre", "--mois", "1989-01")
    with pytest.raises(CommandError, match="Année 1985 hors de la période suivie"):
        call_command("lettre", "--mois", "1985-01")
    with pytest.raises(CommandError, match="le mois va de 01 à 12"):
        call_command("lettre", "--mois", "2017-13")
    prochain = timezone.localdate().replace(day=28) + datetime.timedelta(days=7)
    with pytest.raises(CommandError, match="n'a pas commencé : sa lettre n'existe pas encore"):
        call_command("lettre", "--mois", f"{prochain:%Y-%m}")
    assert commande("--mois", f"{timezone.localdate():%Y-%m}")["total"]  # the month in progress: computed


def test_publier_fige_les_chiffres_et_garde_les_versions(plie, django_capture_on_commit_callbacks):
    animation = UserFactory(role=Role.ANIMATION)
    Destinataire.objects.create(liste="financeurs", nom="Métropole", email="financeur@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        premiere = publier(Periode(2017, 1), par=animation)
    assert premiere.numero == 1
    publiee = commande("--mois", "2017-01", "--publiee")
    # A correction of the data changes the computed letter, never the published one.
    parcours(plie["anne"], J(2017, 1, 30))
    assert commande("--mois", "2017-01")["total"]["entrees_cumul"] == 5
    assert commande("--mois", "2017-01", "--publiee") == publiee
    assert publiee["total"]["entrees_cumul"] == 4
    # Publishing again makes version 2 and keeps version 1.
    with django_capture_on_commit_callbacks(execute=True):
        seconde = publier(Periode(2017, 1), par=animation)
    assert seconde.numero == 2 and Lettre.objects.filter(mois=1).count() == 2
    assert commande("--mois", "2017-01", "--publiee")["total"]["entrees_cumul"] == 5
    # The distribution list got a link, never an attachment.
    assert len(mail.outbox) == 2
    assert "/lettres/" in mail.outbox[0].body and not mail.outbox[0].attachments
    assert "Lettre mensuelle — janvier 2017" in mail.outbox[0].subject


def test_le_pdf_produit_deux_fois_reste_un_fichier(plie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lettre = publier(Periode(2017, 1), par=UserFactory(role=Role.ANIMATION))
    fichier = FichierLettre.objects.get(lettre=lettre, variante="interne", format="pdf")
    assert fichier.statut == StatutFichier.TERMINE
    nom = fichier.fichier.name
    produire_fichier(fichier.pk)  # already produced: left as it is
    produire_fichier(fichier.pk, refaire=True)  # produced again: the same row, one file
    fichier.refresh_from_db()
    dossier = fichier.fichier.storage.path("lettres")
    # interne, financeurs, prescripteurs, two structures, two référents; PDF, Excel and page each: one each
    assert len(os.listdir(dossier)) == 21 and FichierLettre.objects.filter(lettre=lettre).count() == 21
    assert fichier.fichier.name == nom
    texte = "\n".join(page.extract_text() for page in PdfReader(fichier.fichier.open("rb")).pages)
    figures = commande("--mois", "2017-01", "--publiee")
    assert "Lettre mensuelle — janvier 2017" in texte
    assert "Anne Durand" in texte
    for valeur in (figures["total"]["accompagnes"], figures["total"]["objectif_entrees_annuel"]):
        assert str(round(valeur)) in texte
    assert "43\xa0%" in texte  # the rate of entries against the objective, rounded half up


def test_chaque_fichier_de_chaque_destinataire_porte_l_embleme_et_la_mention(plie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lettre = publier(Periode(2017, 1), par=UserFactory(role=Role.ANIMATION))
    fichiers = FichierLettre.objects.filter(lettre=lettre)
    assert {f.format for f in fichiers} == {"pdf", "xlsx", "html"}
    for fichier in fichiers:
        contenu = fichier.fichier.open("rb").read()
        {"pdf": publicite.pdf, "xlsx": publicite.classeur, "html": lambda c: publicite.page(c.decode())}[
            fichier.format
        ](contenu)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the referentials survive other flushes
def test_le_worker_reel_produit_les_pdf_publies(plie, worker_celery, settings):
    """In CI, the PDFs of a publication are rendered by the real Celery worker, through Redis."""
    from plie.settings.test import STORAGES

    settings.STORAGES = STORAGES  # the worker writes where the project keeps its private files
    lettre = publier(Periode(2017, 1), par=UserFactory(role=Role.ANIMATION))
    fichiers = FichierLettre.objects.filter(lettre=lettre)
    limite = time.monotonic() + 90
    while fichiers.exclude(statut__in=[StatutFichier.TERMINE, StatutFichier.ECHEC]).exists():
        assert time.monotonic() < limite, "le worker n'a pas produit les PDF en 90 s"
        time.sleep(0.5)
    try:
        assert fichiers.count() == 21 and {f.statut for f in fichiers} == {StatutFichier.TERMINE}
        financeurs = fichiers.get(variante="financeurs", format="pdf")
        with financeurs.fichier.open("rb") as contenu:
            texte = "\n".join(page.extract_text() for page in PdfReader(contenu).pages)
        assert "Lettre mensuelle — janvier 2017" in texte and "version financeurs" in texte
        assert "Anne Durand" not in texte
    finally:
        for fichier in fichiers:
            fichier.fichier.delete(save=False)


def test_le_financeur_ne_lit_que_la_version_financeurs(client, plie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lettre = publier(Periode(2017, 1), par=UserFactory(role=Role.ANIMATION))
    client.force_login(UserFactory(role=Role.FINANCEUR))
    liste = client.get(reverse("lettres")).content.decode()
    assert "Lettre mensuelle — janvier 2017" in liste and "Préparer une lettre" not in liste
    page = client.get(reverse("lettre", args=[lettre.pk])).content.decode()
    assert "Durand" not in page and "Martin" not in page and "Total réel" in page
    pdf = client.get(reverse("lettre_pdf", args=[lettre.pk]))
    texte = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Total réel" in texte and "Durand" not in texte and "version financeurs" in texte
    excel = client.get(reverse("lettre_excel", args=[lettre.pk]))
    classeur = load_workbook(io.BytesIO(excel.content))
    cellules = [str(v) for f in classeur for ligne in f.iter_rows(values_only=True) for v in ligne]
    assert "Durand" not in " ".join(cellules) and "Total" in cellules
    assert client.get(reverse("lettre_brouillon", args=[2017, 1])).status_code == 403


def test_structure_porteuse_et_referent_ne_voient_que_leurs_lignes(client, plie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lettre = publier(Periode(2017, 1), par=UserFactory(role=Role.ANIMATION))
    porteur = UserFactory(role=Role.PORTEUR)
    plie["bruno"].structure.utilisateurs.add(porteur)
    client.force_login(porteur)
    page = client.get(reverse("lettre", args=[lettre.pk])).content.decode()
    assert "Bruno Martin" in page and "Anne Durand" not in page
    client.force_login(plie["anne"].utilisateur)
    page = client.get(reverse("lettre", args=[lettre.pk])).content.decode()
    assert "Anne Durand" in page and "Bruno Martin" not in page
    # The total stays the whole PLIE's.
    assert "Total réel" in page


def test_brouillon_commentaires_modifies_puis_publies(client, plie, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(role=Role.ANIMATION))
    url = reverse("lettre_brouillon", args=[2017, 1])
    page = client.get(url).content.decode()
    assert "Au 31 janvier, le PLIE est à 43" in page
    client.post(url, {"commentaires": "Un commentaire relu.\n\n", "actualite": "Forum de l'emploi le 12."})
    page = client.get(url).content.decode()
    assert "Un commentaire relu." in page and "Au 31 janvier, le PLIE est à 43" not in page
    reponse = client.post(reverse("lettre_publier", args=[2017, 1]))
    assert not Lettre.objects.exists()  # not confirmed
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("lettre_publier", args=[2017, 1]), {"confirmer": "oui"})
    lettre = Lettre.objects.get()
    assert reponse.url == reverse("lettre", args=[lettre.pk])
    assert lettre.commentaires == ["Un commentaire relu."] and lettre.actualite == "Forum de l'emploi le 12."
    assert commande("--mois", "2017-01", "--publiee")["commentaires"] == ["Un commentaire relu."]


def test_echec_du_pdf_affiche_la_raison_et_propose_de_relancer(client, plie):
    lettre = Lettre.objects.create(annee=2017, mois=1, donnees={"casse": True}, commentaires=[])
    fichier = FichierLettre.objects.create(lettre=lettre, variante="interne", format="pdf")
    produire_fichier.delay(fichier.pk)  # tried three times, then marked failed
    fichier.refresh_from_db()
    assert fichier.statut == StatutFichier.ECHEC and fichier.tentatives == 3
    assert "a échoué après 3 essais" in fichier.erreur
    client.force_login(UserFactory(role=Role.ANIMATION))
    page = client.get(reverse("lettre_pdf", args=[lettre.pk])).content.decode()
    assert "échec" in page and "a échoué après 3 essais" in page
    assert "Relancer les fichiers en échec" in client.get(reverse("lettre", args=[lettre.pk])).content.decode()


@pytest.mark.parametrize("mois, averti", [("2016-04", True), ("2016-05", False), ("2017-12", False)])
def test_la_commande_previent_quand_la_base_ne_couvre_pas_le_mois(plie, mois, averti):
    """A month before the base's first entry gives a letter of zeros: the command says so (the demo holds the
    last three years, the seeds' letters are of 2017)."""
    erreurs = StringIO()
    call_command("lettre", "--mois", mois, stdout=StringIO(), stderr=erreurs)
    assert ("ne contient que des zéros" in erreurs.getvalue()) is averti
