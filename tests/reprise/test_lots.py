"""The commit of a deposited import writes in short transactions (batches), and stays all or nothing for the user:
a row refused at the commit (the base changed since the check), a task that fails, a worker stopped in the middle
— each time the base is put back as it was, records the import changed included; the undo never deletes what
someone attached since to an imported record."""

import contextlib
import io

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from demo.reprise import fichier
from parcours import services as parcours_services
from parcours.enums import ModeEntretien, TypeEntretien
from parcours.models import Entretien, Parcours
from participants.models import Participant
from reprise import lots, modele, services, tasks
from reprise.models import Correspondance, EcritureImport, EtatImport, Import

pytestmark = pytest.mark.django_db


MODELES = ("participants", "parcours", "fse")


def etat_de_la_base() -> set[str]:
    """Every record of the PLIE's data (history rows and modification times aside), as JSON lines."""
    from django.apps import apps

    lignes = set()
    for app in MODELES:
        for modele_ in apps.get_app_config(app).get_models():
            if lots._historique(modele_):
                continue
            for ligne in serializers.serialize("python", modele_._base_manager.all()):
                ligne["fields"].pop("modifie_le", None)
                lignes.add(repr(ligne))
    lignes |= {repr(c) for c in Correspondance.objects.values_list("genre", "identifiant", "objet_id")}
    return lignes


def deposer_et_verifier(contenu: bytes, par, capture) -> Import:
    with capture(execute=True):
        objet = services.import_deposer(fichiers=[SimpleUploadedFile("ancien.xlsx", contenu)], par=par)
    objet.refresh_from_db()
    assert objet.enregistrable, objet.bilan
    return objet


def enregistrer(objet: Import, par, capture) -> Import:
    with capture(execute=True):
        services.import_enregistrer(objet=objet, par=par)
    objet.refresh_from_db()
    return objet


def telephone_change(contenu: bytes, personne: str, telephone: str) -> bytes:
    classeur = load_workbook(io.BytesIO(contenu))
    feuille = classeur[modele.PERSONNES.nom]
    entetes = [c.value for c in feuille[1]]
    colonne = entetes.index(modele.PERSONNES.colonne("telephone").nom)
    for ligne in feuille.iter_rows(min_row=2):
        if ligne[0].value == personne:
            ligne[colonne].value = telephone
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def sortie_de_nom5(patch, erreur: Exception) -> None:
    """The last exit of the second file (Nom5's) raises ``erreur`` at the commit; the others are recorded."""
    sortie = parcours_services.sortie_enregistrer

    def echoue(*, parcours, **donnees):
        if parcours.participant.nom == "Nom5":
            raise erreur
        return sortie(parcours=parcours, **donnees)

    patch.setattr(parcours_services, "sortie_enregistrer", echoue)


REFUS = ValidationError({"date_sortie": "Refusée depuis la vérification."})  # the base changed since the check


@contextlib.contextmanager
def hors_de_l_import():
    """Another user's request meanwhile: not the import's, not in its journal."""
    jeton = lots._journal.set(None)
    try:
        yield
    finally:
        lots._journal.reset(jeton)


@pytest.fixture
def lots_courts(settings):
    settings.REPRISE_LOT_SECONDES = 0  # a transaction a row: the most batches a file can make


@pytest.fixture
def premier_import(animation, lots_courts, django_capture_on_commit_callbacks):
    """Four people, each with a prescription, a parcours and two étapes, recorded: the base before the second."""
    objet = enregistrer(
        deposer_et_verifier(fichier(4, 2), animation, django_capture_on_commit_callbacks),
        animation,
        django_capture_on_commit_callbacks,
    )
    assert objet.etat == EtatImport.ENREGISTRE
    return objet


def second_fichier() -> bytes:
    """Two more people, and a new telephone for the first one: creations and a change of an existing record."""
    return telephone_change(fichier(6, 2), "I0", "03 80 00 00 00")


def test_un_enregistrement_par_lots_ecrit_tout_et_ne_garde_aucune_trace(
    animation, lots_courts, django_capture_on_commit_callbacks, monkeypatch
):
    fermes = []
    fermer = lots.Lots.fermer
    monkeypatch.setattr(lots.Lots, "fermer", lambda self: (fermes.append(1), fermer(self)))
    objet = deposer_et_verifier(fichier(4, 2), animation, django_capture_on_commit_callbacks)
    objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.ENREGISTRE
    assert Parcours.objects.count() == 4 and Participant.objects.count() == 4
    assert len(fermes) > 20  # a transaction a row, not one for the whole file
    assert not EcritureImport.objects.exists()


def test_une_ligne_refusee_a_l_enregistrement_remet_la_base_comme_avant(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    avant = etat_de_la_base()
    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    sortie_de_nom5(monkeypatch, REFUS)
    objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.VERIFIE and "La base a changé depuis la vérification" in objet.message
    assert etat_de_la_base() == avant  # the two people are gone, the first one has their old telephone again
    assert Participant.objects.get(nom="Nom0").telephone == ""
    assert not EcritureImport.objects.exists()


def test_une_tache_qui_echoue_au_milieu_ne_laisse_rien(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    avant = etat_de_la_base()
    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    sortie_de_nom5(monkeypatch, RuntimeError("panne"))
    objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.ECHEC
    assert etat_de_la_base() == avant and not EcritureImport.objects.exists()


def test_un_enregistrement_interrompu_est_defait_puis_refait_en_le_relancant(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    with monkeypatch.context() as patch:
        sortie_de_nom5(patch, RuntimeError("arrêt du worker"))  # nothing runs after this row, not even the undo
        patch.setattr(lots, "annuler", lambda objet: 0)
        objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.ECHEC and EcritureImport.objects.filter(import_lie=objet).exists()
    assert Participant.objects.filter(nom="Nom4").exists()  # half written
    with pytest.raises(ValidationError, match="relancez-le pour annuler"):
        services.import_supprimer(objet=objet, par=animation)

    with django_capture_on_commit_callbacks(execute=True):
        services.import_relancer(objet=objet, par=animation)
    objet.refresh_from_db()
    assert objet.etat == EtatImport.ENREGISTRE
    assert Parcours.objects.count() == 6 and Participant.objects.filter(nom="Nom4").count() == 1
    assert Participant.objects.get(nom="Nom0").telephone == "03 80 00 00 00"
    assert not EcritureImport.objects.exists()


def test_l_annulation_ne_supprime_pas_ce_qu_un_autre_a_saisi_depuis(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    ouvrir = lots.Lots.ouvrir

    def entre_deux_lots(self):  # a référent records an entretien in a parcours the import has just written
        importe = Parcours.objects.filter(participant__nom="Nom4").first()
        if importe is not None and not importe.entretiens.exists():
            with hors_de_l_import():
                parcours_services.element_enregistrer(
                    element=Entretien(
                        parcours=importe,
                        date=importe.date_entree,
                        type=TypeEntretien.INDIVIDUEL,
                        mode=ModeEntretien.PRESENTIEL,
                        duree_minutes=45,
                    ),
                    par=None,
                )
        ouvrir(self)

    with monkeypatch.context() as patch:
        patch.setattr(lots.Lots, "ouvrir", entre_deux_lots)
        sortie_de_nom5(patch, REFUS)
        objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.ECHEC
    assert "1 enregistrement(s) saisi(s) depuis dépendent des données déjà importées" in objet.message
    assert Entretien.objects.filter(parcours__participant__nom="Nom4").count() == 1  # kept
    page = client_de(animation).get(reverse("reprise_import", args=[objet.pk])).content.decode()
    assert "Une partie de l'import est dans la base : relancer l'annule d'abord" in page

    Entretien.objects.filter(parcours__participant__nom="Nom4").delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.import_relancer(objet=objet, par=animation)
    objet.refresh_from_db()
    assert objet.etat == EtatImport.ENREGISTRE and Parcours.objects.count() == 6


def client_de(utilisateur) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def test_la_tache_d_enregistrement_enregistre(animation, lots_courts, django_capture_on_commit_callbacks):
    objet = deposer_et_verifier(fichier(2, 1), animation, django_capture_on_commit_callbacks)
    Import.objects.filter(pk=objet.pk).update(etat=EtatImport.ENREGISTREMENT, enregistre_par=animation)
    assert tasks.enregistrer(objet.pk) == EtatImport.ENREGISTRE


def test_le_journal_oublie_ce_qu_une_ligne_refusee_avait_ecrit(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    """A row refused after a partial write is rolled back to its savepoint: its writes leave the journal too (on
    SQLite their ids are given again, to someone else's records, which the undo would then delete)."""
    from parcours.models import Etape

    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    element = parcours_services.element_enregistrer

    def etape_ecrite_puis_refusee(*, element_: Etape):
        enregistre = element(element=element_)
        if isinstance(element_, Etape) and element_.parcours.participant.nom == "Nom4":
            raise ValidationError({"date_debut": "Refusée après l'écriture."})
        return enregistre

    with monkeypatch.context() as patch:
        patch.setattr(
            parcours_services, "element_enregistrer", lambda *, element: etape_ecrite_puis_refusee(element_=element)
        )
        sortie_de_nom5(patch, RuntimeError("arrêt du worker"))
        patch.setattr(lots, "annuler", lambda objet: 0)  # the worker stops: the journal stays as it was
        enregistrer(objet, animation, django_capture_on_commit_callbacks)
    from django.apps import apps

    crees = EcritureImport.objects.filter(import_lie=objet, avant="")
    assert crees.filter(modele="parcours.Parcours").exists()
    cles = list(crees.values_list("modele", "objet_id"))
    assert len(cles) == len(set(cles))  # an id given again is journaled once, for the record that holds it
    for ecriture in crees:
        assert apps.get_model(ecriture.modele)._base_manager.filter(pk=ecriture.objet_id).exists(), ecriture


def test_l_annulation_ne_defait_pas_ce_qu_un_autre_a_change_depuis(
    animation, premier_import, django_capture_on_commit_callbacks, monkeypatch
):
    objet = deposer_et_verifier(second_fichier(), animation, django_capture_on_commit_callbacks)
    ouvrir = lots.Lots.ouvrir

    def entre_deux_lots(self):  # once the import has changed her telephone, a référent corrects her e-mail
        personne = Participant.objects.get(nom="Nom0")
        if personne.telephone and not personne.email:
            with hors_de_l_import():
                Participant.objects.filter(pk=personne.pk).update(email="nom0@example.org")
        ouvrir(self)

    with monkeypatch.context() as patch:
        patch.setattr(lots.Lots, "ouvrir", entre_deux_lots)
        sortie_de_nom5(patch, REFUS)
        objet = enregistrer(objet, animation, django_capture_on_commit_callbacks)
    assert objet.etat == EtatImport.ECHEC and "1 enregistrement(s)" in objet.message
    personne = Participant.objects.get(nom="Nom0")
    assert personne.email == "nom0@example.org"  # their correction stays
    assert Participant.objects.filter(nom="Nom4").exists()  # nothing undone before the conflict is settled

    with django_capture_on_commit_callbacks(execute=False):
        services.import_relancer(objet=objet, par=animation)
    with pytest.raises(ValidationError, match="n'est pas bloqué"):  # a second click: no second task
        services.import_relancer(objet=objet, par=animation)


def test_la_purge_garde_un_import_a_defaire(animation, premier_import, settings):
    import datetime

    from django.utils import timezone

    EcritureImport.objects.create(import_lie=premier_import, ordre=1, modele="parcours.Parcours", objet_id="1")
    plus_tard = timezone.now() + datetime.timedelta(days=settings.REPRISE_RETENTION_JOURS + 1)
    assert services.imports_purger(maintenant=plus_tard) == 0
    assert Import.objects.filter(pk=premier_import.pk).exists()
    EcritureImport.objects.all().delete()
    assert services.imports_purger(maintenant=plus_tard) == 1
