"""Publishing answers at once and ends in downloads: every audience's PDF, Excel and page are produced by one task
each, retried, then served from storage; no reader ever triggers a render; the embedded mode runs the tasks in a
background thread of the server, never in the request."""

import datetime
import json
import threading
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from plie import taches
from plie.enums import Role
from reporting.indicateurs import Periode
from reporting.lettre import fichiers, graphiques, publier
from reporting.models import FichierLettre, Lettre, StatutFichier, Variante
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import J, etape, parcours

pytestmark = pytest.mark.django_db


@pytest.fixture
def plie():
    anne = ReferentFactory(prenom="Anne", nom="Durand", utilisateur=UserFactory(role=Role.REFERENT))
    bruno = ReferentFactory(prenom="Bruno", nom="Martin")
    etape(parcours(anne, J(2017, 1, 3)), J(2017, 1, 4))
    parcours(bruno, J(2016, 5, 2), sortie=J(2017, 1, 20), motif="emploi_durable")
    return {"anne": anne, "bruno": bruno}


def _publier(django_capture_on_commit_callbacks, mois=1):
    with django_capture_on_commit_callbacks(execute=True):
        return publier(Periode(2017, mois), par=UserFactory(role=Role.ANIMATION))


def test_chaque_destinataire_a_ses_trois_fichiers_des_la_publication(plie, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    anne, bruno = plie["anne"], plie["bruno"]
    attendues = {
        "interne",
        "financeurs",
        "prescripteurs",
        f"structures-{anne.structure_id}",
        f"structures-{bruno.structure_id}",
    }
    attendues |= {f"referent-{anne.pk}", f"referent-{bruno.pk}"}
    produits = {(f.variante, f.format): f for f in FichierLettre.objects.filter(lettre=lettre)}
    assert set(produits) == {(v, f) for v in attendues for f in ("pdf", "xlsx", "html")}
    assert all(f.pret and f.tentatives == 1 for f in produits.values())
    page_d_anne = produits[(f"referent-{anne.pk}", "html")].fichier.open("rb").read().decode()
    assert "Anne Durand" in page_d_anne and "Bruno Martin" not in page_d_anne and "Total réel" in page_d_anne


def test_la_requete_de_publication_ne_rend_aucun_fichier(client, plie, settings, django_capture_on_commit_callbacks):
    """Embedded mode: the request queues one task per file in the database and answers; the background thread
    renders them."""
    from plie.models import TacheEmbarquee

    settings.TACHES_EN_PROCESSUS = True
    client.force_login(UserFactory(role=Role.ANIMATION))
    with (
        mock.patch.object(taches, "demarrer") as demarrer,  # the thread is not started: nothing runs meanwhile
        mock.patch.object(fichiers, "rendre", wraps=fichiers.rendre) as rendre,
    ):
        with django_capture_on_commit_callbacks(execute=True):  # the request's transaction commits
            reponse = client.post(reverse("lettre_publier", args=[2017, 1]), {"confirmer": "oui"})
        assert reponse.status_code == 302 and rendre.call_count == 0 and demarrer.called
        assert TacheEmbarquee.objects.filter(etat="en_attente").count() == 21  # one task per file, none run
        page = client.get(reponse.url).content.decode()
        assert (
            '<span id="compte-prets">0</span> prêts sur 21' in page
            and "Production de votre version de la lettre : en attente" in page
            and rendre.call_count == 0
        )
        while taches.executer_la_suivante():  # what the background thread does
            pass
    assert rendre.call_count == 21
    assert TacheEmbarquee.objects.filter(etat="terminee").count() == 21
    lettre = Lettre.objects.get()
    assert set(FichierLettre.objects.filter(lettre=lettre).values_list("statut", flat=True)) == {"termine"}


@pytest.fixture
def fil_arrete():
    """No background thread before or after the test."""
    taches.arreter()
    yield
    taches.arreter()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fil_arrete")
def test_le_fil_d_arriere_plan_execute_les_taches_hors_de_la_requete(settings):
    settings.TACHES_EN_PROCESSUS = True
    fils = []
    with mock.patch.object(taches, "tache") as tache:
        tache.return_value.apply.side_effect = lambda args, throw: (
            fils.append(threading.current_thread().name) or (mock.Mock(failed=lambda: False, result=args[0]))
        )
        ligne = taches.lancer("reporting.produire_fichier", 7)
        taches.attendre(20)
    ligne.refresh_from_db()
    assert ligne.etat == "terminee" and ligne.arguments == [7]
    assert fils == ["plie-taches"] and fils[0] != threading.current_thread().name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fil_arrete")
def test_les_taches_en_file_survivent_a_un_redemarrage_et_tournent_une_fois(settings):
    """The server stopped with tasks queued, one of them interrupted: after the restart each runs once, a
    finished one never again, and one another live process runs stays with it."""
    from plie.models import TacheEmbarquee

    settings.TACHES_EN_PROCESSUS = True
    en_attente = [TacheEmbarquee.objects.create(nom="reporting.produire_fichier", arguments=[n]) for n in (1, 2)]
    import os
    import socket

    def en_cours(n, pid):
        return TacheEmbarquee.objects.create(
            nom="reporting.produire_fichier",
            arguments=[n],
            etat="en_cours",
            commencee_le=timezone.now(),
            prise_par=f"{socket.gethostname()}:{pid}",
        )

    interrompue = en_cours(3, 2**22 + 12345)  # its process is gone: the stop interrupted it
    ailleurs = en_cours(5, os.getppid())  # another process still runs it (a command, say): left to it
    finie = TacheEmbarquee.objects.create(
        nom="reporting.produire_fichier", arguments=[4], etat="terminee", terminee_le=timezone.now()
    )
    executees = []
    with mock.patch.object(taches, "tache") as tache:
        tache.return_value.apply.side_effect = lambda args, throw: (
            executees.append(args[0]) or mock.Mock(failed=lambda: False, result=None)
        )
        taches.demarrer()  # a new process (no thread yet): what plie/wsgi.py does when the server starts
        taches.attendre(20)
    assert sorted(executees) == [1, 2, 3]
    for ligne in (*en_attente, interrompue, finie):
        ligne.refresh_from_db()
        assert ligne.etat == "terminee"
    ailleurs.refresh_from_db()
    assert ailleurs.etat == "en_cours"


@pytest.mark.parametrize("role", ["animation", "financeur", "porteur", "referent"])
def test_aucun_lecteur_ne_declenche_de_rendu(client, plie, role, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    utilisateur = plie["anne"].utilisateur if role == "referent" else UserFactory(role=role)
    if role == "porteur":
        plie["bruno"].structure.utilisateurs.add(utilisateur)
    client.force_login(utilisateur)
    interdit = mock.Mock(side_effect=AssertionError("un lecteur a déclenché un rendu"))
    with (
        mock.patch("reporting.lettre.rendu.pdf", interdit),
        mock.patch("reporting.lettre.rendu.html", interdit),
        mock.patch("reporting.lettre.excel.classeur", interdit),
        mock.patch.object(fichiers, "rendre", interdit),
    ):
        page = client.get(reverse("lettre", args=[lettre.pk])).content.decode()
        pdf = client.get(reverse("lettre_pdf", args=[lettre.pk]))
        excel = client.get(reverse("lettre_excel", args=[lettre.pk]))
        etat = client.get(reverse("lettre_etat", args=[lettre.pk])).json()
    assert "Total réel" in page and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and excel.content[:2] == b"PK"
    assert not etat["en_cours"] and all(f["url"] or f["format"] == "html" for f in etat["fichiers"])
    attendu = {"financeur": "Anne", "porteur": "Bruno Martin", "referent": "Anne Durand", "animation": "Bruno Martin"}
    assert attendu[role] in page if role != "financeur" else "Anne Durand" not in page
    if role == "porteur":
        assert "Anne Durand" not in page and "Fichiers de la publication" not in page
    if role != "animation":  # a reader follows their own files only, and no other version is theirs
        assert {f["variante"] for f in etat["fichiers"]} == {
            client.get(reverse("lettre", args=[lettre.pk])).context["variante"]
        }
        assert client.get(reverse("lettre", args=[lettre.pk]), {"version": "interne"}).status_code == 404


def test_un_rendu_qui_echoue_est_reessaye_puis_marque_en_echec(client, plie, django_capture_on_commit_callbacks):
    vrai = fichiers.rendre
    appels = []

    def capricieux(lettre, variante, format_):
        appels.append((variante, format_))
        if variante == "financeurs" and format_ == "pdf" and appels.count((variante, format_)) < 3:
            raise OSError("disque plein")
        if variante == "interne" and format_ == "xlsx":
            raise ValueError("toujours")
        return vrai(lettre, variante, format_)

    with mock.patch.object(fichiers, "rendre", capricieux):
        lettre = _publier(django_capture_on_commit_callbacks)
    financeurs = FichierLettre.objects.get(lettre=lettre, variante="financeurs", format="pdf")
    assert financeurs.pret and financeurs.tentatives == 3
    interne = FichierLettre.objects.get(lettre=lettre, variante="interne", format="xlsx")
    assert (
        interne.statut == StatutFichier.ECHEC
        and interne.erreur == "La production a échoué après 3 essais (ValueError)."
    )
    client.force_login(UserFactory(role=Role.ANIMATION))
    page = client.get(reverse("lettre", args=[lettre.pk])).content.decode()
    assert "1 en échec" in page and "a échoué après 3 essais (ValueError)" in page and "Relancer" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lettre_relancer", args=[lettre.pk]))
    interne.refresh_from_db()
    assert interne.pret and interne.erreur == ""


def test_relancer_reprend_les_bloques_et_les_manquants_jamais_les_prets(plie, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    FichierLettre.objects.filter(lettre=lettre, variante__startswith="referent-").delete()  # an older letter
    bloque = FichierLettre.objects.get(lettre=lettre, variante="financeurs", format="pdf")
    FichierLettre.objects.filter(pk=bloque.pk).update(
        statut=StatutFichier.EN_COURS, mis_a_jour_le=timezone.now() - datetime.timedelta(minutes=50)
    )
    recent = FichierLettre.objects.get(lettre=lettre, variante="financeurs", format="xlsx")
    FichierLettre.objects.filter(pk=recent.pk).update(statut=StatutFichier.EN_COURS)
    with mock.patch.object(fichiers, "rendre", wraps=fichiers.rendre) as rendre:
        with django_capture_on_commit_callbacks(execute=True):
            assert fichiers.relancer(lettre) == 6 + 1  # two référents' three files, the stuck PDF
    assert sorted({a.args[1] for a in rendre.call_args_list}) == [
        "financeurs",
        *sorted(f"referent-{r.pk}" for r in plie.values()),
    ]
    recent.refresh_from_db()
    assert recent.statut == StatutFichier.EN_COURS  # in progress for 0 minutes: not touched


def test_les_graphiques_sont_dessines_une_fois_par_donnees(plie):
    from reporting.chiffres import calculer

    juin, juillet = calculer(Periode(2017, 6)), calculer(Periode(2017, 7))
    with mock.patch.object(graphiques, "dessiner", wraps=graphiques.dessiner) as dessiner:
        assert graphiques.graphiques(juin) == graphiques.graphiques(juin.remplacer(commentaires=["Autre."]))
        assert dessiner.call_count == 1
        graphiques.graphiques(juillet)
        assert dessiner.call_count == 2


def test_l_etat_des_fichiers_ne_dit_rien_des_personnes(client, plie, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    client.force_login(UserFactory(role=Role.FINANCEUR))
    texte = json.dumps(client.get(reverse("lettre_etat", args=[lettre.pk])).json())
    assert "Durand" not in texte and "referent-" not in texte and "structures-" not in texte


def test_une_lettre_publiee_avant_les_versions_par_destinataire_recoit_ses_fichiers(
    plie, client, django_capture_on_commit_callbacks
):
    """A letter of the first wave had one PDF row per audience (internal, funders); the deployment's command
    produces what it lacks, and a second run starts nothing."""
    from io import StringIO

    from django.core.management import call_command

    from reporting.chiffres import calculer

    ancienne = Lettre.objects.create(annee=2017, mois=1, donnees=calculer(Periode(2017, 1)).chiffres_json())
    pdf = FichierLettre.objects.create(lettre=ancienne, variante="interne", format="pdf", statut=StatutFichier.TERMINE)
    pdf.fichier.save("ancienne.pdf", ContentFile(b"%PDF-1.4 ancienne"))
    client.force_login(plie["anne"].utilisateur)
    assert "pas été produite" in client.get(reverse("lettre", args=[ancienne.pk])).content.decode()
    sortie = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lettres_fichiers", stdout=sortie)
    assert "20 fichiers à produire" in sortie.getvalue()
    assert FichierLettre.objects.filter(lettre=ancienne, statut=StatutFichier.TERMINE).count() == 21
    assert "Anne Durand" in client.get(reverse("lettre", args=[ancienne.pk])).content.decode()
    sortie = StringIO()
    call_command("lettres_fichiers", stdout=sortie)
    assert "Tous les fichiers des lettres publiées sont prêts." in sortie.getvalue()


def test_un_fichier_perdu_du_stockage_ne_casse_pas_la_page(client, plie, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    for fichier in FichierLettre.objects.filter(lettre=lettre, variante="financeurs"):
        fichier.fichier.storage.delete(fichier.fichier.name)  # a restore without the private files
    client.force_login(UserFactory(role=Role.FINANCEUR))
    assert "introuvable" in client.get(reverse("lettre", args=[lettre.pk])).content.decode()
    assert "introuvable" in client.get(reverse("lettre_pdf", args=[lettre.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert fichiers.relancer(lettre) == 3
    pdf = client.get(reverse("lettre_pdf", args=[lettre.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_une_seconde_execution_du_meme_fichier_ne_le_rend_pas_deux_fois(plie, django_capture_on_commit_callbacks):
    lettre = _publier(django_capture_on_commit_callbacks)
    fichier = FichierLettre.objects.get(lettre=lettre, variante="interne", format="pdf")
    FichierLettre.objects.filter(pk=fichier.pk).update(statut=StatutFichier.EN_COURS)  # a first run is rendering
    with mock.patch.object(fichiers, "rendre") as rendre:
        assert fichiers.produire(fichier.pk) == ""
    assert not rendre.called


def test_un_courtier_injoignable_n_empeche_pas_la_publication(plie, django_capture_on_commit_callbacks):
    with mock.patch.object(fichiers, "lancer", side_effect=ConnectionError("Redis")):
        lettre = _publier(django_capture_on_commit_callbacks)
    assert Lettre.objects.filter(pk=lettre.pk).exists()
    assert FichierLettre.objects.filter(lettre=lettre, statut=StatutFichier.EN_ATTENTE).count() == 21


def test_les_fichiers_des_prescripteurs_d_avant_le_regroupement_des_sorties_sont_refaits(
    plie, django_capture_on_commit_callbacks
):
    """Produced before the prescribers' letter grouped its exits: deleted by the migration, produced again by
    ``lettres_fichiers`` (run at every deployment)."""
    import importlib

    from django.apps import apps

    lettre = _publier(django_capture_on_commit_callbacks)
    anciens = FichierLettre.objects.filter(lettre=lettre, variante=Variante.PRESCRIPTEURS)
    chemins = [f.fichier.name for f in anciens.all()]
    assert len(chemins) == 3 and all(chemins)
    migration = importlib.import_module("reporting.migrations.0010_fichiers_prescripteurs_a_refaire")
    migration.effacer(apps, None)
    assert not anciens.exists()
    assert not any(FichierLettre._meta.get_field("fichier").storage.exists(c) for c in chemins)
    with django_capture_on_commit_callbacks(execute=True):
        assert fichiers.relancer(lettre) == 3
    assert set(anciens.values_list("statut", flat=True)) == {StatutFichier.TERMINE}
