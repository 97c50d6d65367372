"""The structure d'animation imports from the browser: deposit, follow, read the preview beside each cell, choose
between a known person and a new one, confirm, download the report (journaled person by person); export the base."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from parcours.models import Parcours
from participants.models import Participant
from plie.enums import ActionJournal
from plie.models import JournalAcces
from reprise import services
from reprise.models import EtatImport, FichierImport, Import
from reprise.moteur import NOUVELLE
from tests import publicite
from tests.reprise.classeur import classeur
from tests.reprise.fichiers import PE, feuilles

pytestmark = pytest.mark.django_db


@pytest.fixture
def connu(organisation):
    from tests.participants.factories import ParticipantFactory, commune

    return ParticipantFactory(
        nom="Lefèvre", prenom="Jérôme", sexe="h", date_naissance=datetime.date(1975, 6, 15), commune=commune("Dijon")
    )


def deposer(client, contenu: bytes, nom="ancien-outil.xlsx", capture=None):
    with capture(execute=True):
        reponse = client.post(reverse("reprise"), {"fichiers": SimpleUploadedFile(nom, contenu)})
    return reponse


def test_de_l_apercu_a_l_enregistrement(client, animation, connu, django_capture_on_commit_callbacks, monkeypatch):
    analyses = []  # the statistics refreshed after a commit (PostgreSQL)
    monkeypatch.setattr(services, "analyser", analyses.append)
    client.force_login(animation)
    reponse = deposer(client, classeur(feuilles(corrige=False)), capture=django_capture_on_commit_callbacks)
    objet = Import.objects.get()
    assert reponse.status_code == 302 and reponse.url == reverse("reprise_import", args=[objet.pk])
    objet.refresh_from_db()
    assert objet.etat == EtatImport.VERIFIE and objet.bilan["erreurs"] == 5  # look-alike: a choice
    page = client.get(reverse("reprise_import", args=[objet.pk])).content.decode()
    assert "5 ligne(s) en erreur : rien ne peut être enregistré" in page
    assert "La sortie ne peut pas précéder l&#x27;entrée du 03/10/2016." in page
    assert "Rattacher à LEFÈVRE Jérôme, né le 15/06/1975 (Dijon)" in page
    assert "Enregistrer l'import" not in page
    erreurs = client.get(reverse("reprise_import", args=[objet.pk]), {"statut": "en_erreur"}).content.decode()
    assert "5 ligne(s)." in erreurs
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reprise_enregistrer", args=[objet.pk]), {"confirmation": "oui"})
    objet.refresh_from_db()
    assert objet.etat == EtatImport.VERIFIE and not Parcours.objects.exists()  # refused: rows in error

    # The corrected file; the known person is created anew on the user's choice.
    deposer(client, classeur(feuilles(corrige=True)), capture=django_capture_on_commit_callbacks)
    objet = Import.objects.latest("pk")
    decision = next(r.decision for r in services.resultats(objet) if r.choix)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reprise_decider", args=[objet.pk]), {f"choix-{decision}": NOUVELLE})
    objet.refresh_from_db()
    assert objet.enregistrable
    ligne = next(r for r in services.resultats(objet) if r.feuille == PE.nom and r.ligne == 4)
    assert ligne.statut == "a_creer" and ligne.choisi == NOUVELLE
    page = client.get(reverse("reprise_import", args=[objet.pk])).content.decode()
    assert "J'ai relu l'aperçu et je confirme l'enregistrement." in page

    client.post(reverse("reprise_enregistrer", args=[objet.pk]), {})  # not confirmed: nothing starts
    objet.refresh_from_db()
    assert objet.etat == EtatImport.VERIFIE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reprise_enregistrer", args=[objet.pk]), {"confirmation": "oui"})
    objet.refresh_from_db()
    assert objet.etat == EtatImport.ENREGISTRE and objet.enregistre_par == animation
    assert len(analyses) == 1 and {"parcours_parcours", "parcours_etape"} <= set(analyses[0])  # the commit only
    assert Parcours.objects.count() == 3 and Participant.objects.filter(nom__iexact="lefevre").count() == 1
    assert Participant.objects.filter(nom="Lefèvre").count() == 1  # the known one, untouched

    reponse = client.get(reverse("reprise_rapport", args=[objet.pk]))
    publicite.classeur(reponse.content)
    lignes = list(load_workbook(io.BytesIO(reponse.content))["Lignes"].iter_rows(values_only=True))
    assert len(lignes) == 1 + sum(
        objet.bilan["par_feuille"][f][s] for f in objet.bilan["par_feuille"] for s in objet.bilan["par_feuille"][f]
    )
    journal = JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="rapport_import")
    assert set(journal.values_list("participant_id", flat=True)) == set(
        Participant.objects.exclude(pk=connu.pk).values_list("pk", flat=True)
    )


def test_un_fichier_refuse_n_ecrit_rien(client, animation, django_capture_on_commit_callbacks):
    client.force_login(animation)
    deposer(client, b"%PDF-1.4 pas un tableur", capture=django_capture_on_commit_callbacks)
    objet = Import.objects.get()
    assert objet.etat == EtatImport.REFUSE
    page = client.get(reverse("reprise_import", args=[objet.pk])).content.decode()
    assert "Fichier refusé, rien n'a été enregistré." in page and "est un fichier PDF" in page


def test_fichier_trop_gros_refuse_au_depot(client, animation, settings):
    settings.REPRISE_TAILLE_MAX_MO = 1
    client.force_login(animation)
    reponse = client.post(reverse("reprise"), {"fichiers": SimpleUploadedFile("gros.csv", b"x" * (1024 * 1024 + 1))})
    assert reponse.status_code == 200 and "dépasse la taille maximale de 1 Mo" in reponse.content.decode()
    assert not Import.objects.exists()


def test_plusieurs_csv_dans_un_import(client, animation, organisation, django_capture_on_commit_callbacks):
    client.force_login(animation)
    referents = "identifiant référent;prénom;nom;structure porteuse\nR1;Léa;Bénard;Maison de l'emploi\n"
    etp = 'identifiant référent,à partir du,ETP\nR1,01/01/2016,"0,5"\n'
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reprise"),
            {
                "fichiers": [
                    SimpleUploadedFile("referents.csv", referents.encode("cp1252")),
                    SimpleUploadedFile("etp.csv", etp.encode("utf-8-sig")),
                ]
            },
        )
    objet = Import.objects.get()
    assert objet.fichiers.count() == 2 and objet.etat == EtatImport.VERIFIE
    assert objet.bilan["par_feuille"]["Référents"]["a_creer"] == 1
    assert objet.bilan["par_feuille"]["ETP des référents"]["a_creer"] == 1
    assert "Bénard" in client.get(reverse("reprise_import", args=[objet.pk])).content.decode()


def test_modele_et_export(client, animation, organisation):
    client.force_login(animation)
    modele_ = load_workbook(io.BytesIO(client.get(reverse("reprise_modele")).content))
    assert modele_.sheetnames[:2] == ["FSE+", "Lisez-moi"] and "Sorties" in modele_.sheetnames
    assert "Maison de l'emploi" in [c for (c, *_) in modele_["Lisez-moi"].iter_rows(values_only=True)]
    from tests.parcours.factories import ParcoursFactory

    parcours = ParcoursFactory()
    reponse = client.post(reverse("reprise_export"))
    publicite.classeur(reponse.content)
    export = load_workbook(io.BytesIO(reponse.content))
    assert [r[1] for r in export["Personnes"].iter_rows(min_row=2, values_only=True)] == [parcours.participant.nom]
    assert JournalAcces.objects.filter(objet="export_base", participant_id=parcours.participant_id).count() == 1


def test_purge_apres_la_duree_de_conservation(animation, settings, organisation, django_capture_on_commit_callbacks):
    settings.REPRISE_RETENTION_JOURS = 30
    with django_capture_on_commit_callbacks(execute=True):
        objet = services.import_deposer(fichiers=[SimpleUploadedFile("a.csv", b"a;b\n1;2\n")], par=animation)
    fichier = FichierImport.objects.get().fichier
    assert fichier.storage.exists(fichier.name)
    assert services.imports_purger(maintenant=objet.cree_le + datetime.timedelta(days=29)) == 0
    assert services.imports_purger(maintenant=objet.cree_le + datetime.timedelta(days=31)) == 1
    assert not Import.objects.exists() and not fichier.storage.exists(fichier.name)


def test_la_verification_ne_verrouille_aucune_identite(db):
    """The check of an import is rolled back: it holds no identity lock (on PostgreSQL it would hold one per
    birth date of the file for its whole length, and the référents' entries of those dates would wait)."""
    from django.db import connection, transaction

    from parcours.services import entrees

    if connection.vendor != "postgresql":
        pytest.skip("verrous consultatifs de PostgreSQL")

    def verrous() -> int:
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT count(*) FROM pg_locks "
                "WHERE locktype = 'advisory' AND classid = %s AND pid = pg_backend_pid()",
                [entrees.VERROU_IDENTITE],
            )
            return curseur.fetchone()[0]

    with transaction.atomic():
        with entrees.simulation():
            entrees._verrou_identite(datetime.date(1980, 5, 17))
            assert verrous() == 0
        entrees._verrou_identite(datetime.date(1980, 5, 17))
        assert verrous() == 1
