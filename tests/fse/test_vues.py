"""The FSE+ screens as their users meet them: the référent fills the questionnaires, the structure d'animation
corrects and exports; the export opens and holds the documented columns; every read is journaled; the board's
queries do not grow with the number of participations."""

import csv
import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fse.enums import EtatExport
from fse.export import CHAMPS
from fse.models import ColonneExport, DonneesEntree, ExportFse, Participation
from fse.participations import synchroniser
from plie.enums import ActionJournal, Role
from plie.models import Actualisation, JournalAcces
from tests import publicite
from tests.fse.histoires import portage
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import parcours

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jour_fixe")]  # data placed from 1 January


@pytest.fixture
def monde_fse():
    aujourd_hui = timezone.localdate()
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    operation = portage(referent.structure, aujourd_hui.year)
    debut = datetime.date(aujourd_hui.year, 1, 5)
    un_parcours = parcours(referent, debut, sortie=debut + datetime.timedelta(days=30))
    parcours(referent, debut + datetime.timedelta(days=1))
    synchroniser(operations=[operation])
    return {
        "referent": referent,
        "operation": operation,
        "participation": Participation.objects.get(parcours=un_parcours),
        "animation": UserFactory(role=Role.ANIMATION),
    }


def test_le_referent_renseigne_le_questionnaire_d_entree(client, monde_fse):
    participation = monde_fse["participation"]
    client.force_login(monde_fse["referent"].utilisateur)
    url = reverse("fse_participation", args=[participation.pk])
    page = client.get(url)
    assert "Questionnaire d'entrée" in page.content.decode()
    assert "Corriger la participation" not in page.content.decode()
    ligne = JournalAcces.objects.order_by("-pk").first()
    assert (ligne.objet, ligne.participant_id) == ("fse_participation", participation.parcours.participant_id)
    incomplet = client.post(url, {"action": "entree", "entree-genre": "femme", "entree-sans_domicile": "oui"})
    assert incomplet.status_code == 200 and not DonneesEntree.objects.exists()
    assert "Ce champ est obligatoire." in incomplet.content.decode()
    reponse = client.post(
        url,
        {
            "action": "entree",
            "entree-genre": "non_binaire",
            "entree-sans_domicile": "refus",
            "entree-origine_etrangere": "non",
            "entree-minorite": "refus",
        },
        follow=True,
    )
    assert "Les données d&#x27;entrée sont enregistrées." in reponse.content.decode()
    assert DonneesEntree.objects.get().genre == "non_binaire"
    # The référent may not correct: only the structure d'animation does.
    refus = client.post(url, {"action": "correction", "correction-motif": "Essai", "correction-exclue": "on"})
    assert refus.status_code == 403
    assert not Participation.objects.filter(exclue=True).exists()


def test_le_questionnaire_de_sortie_refuse_sans_contact_avec_un_message(client, monde_fse):
    participation = monde_fse["participation"]
    participant = participation.parcours.participant
    participant.telephone = participant.email = ""
    participant.save()
    client.force_login(monde_fse["referent"].utilisateur)
    url = reverse("fse_participation", args=[participation.pk])
    donnees = {
        "action": "sortie",
        "sortie-date_situation": participation.date_sortie.isoformat(),
        "sortie-emploi": "on",
    }
    reponse = client.post(url, donnees)
    assert "l&#x27;enquête à six mois en a besoin" in reponse.content.decode()
    reponse = client.post(url, {**donnees, "sortie-email": "personne@exemple.fr"}, follow=True)
    assert "Les données de sortie sont enregistrées." in reponse.content.decode()
    participant.refresh_from_db()
    assert participant.email == "personne@exemple.fr"


def test_l_animation_corrige_et_le_tableau_de_bord_le_montre(client, monde_fse):
    participation = monde_fse["participation"]
    client.force_login(monde_fse["animation"])
    url = reverse("fse_participation", args=[participation.pk])
    reponse = client.post(url, {"action": "correction", "correction-motif": ""})
    assert "Ce champ est obligatoire." in reponse.content.decode()
    client.post(url, {"action": "correction", "correction-motif": "Doublon", "correction-exclue": "on"})
    participation.refresh_from_db()
    assert participation.exclue and participation.corrigee_par == monde_fse["animation"]
    tableau = client.get(reverse("fse") + "?etat=toutes").content.decode()
    assert tableau.count(reverse("fse_participation", args=[participation.pk])) == 0  # excluded: not counted


def _exporter(client, monde_fse, format_, django_capture_on_commit_callbacks):
    client.force_login(monde_fse["animation"])
    annee = monde_fse["operation"].annee
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("fse_export_demander", args=[monde_fse["operation"].pk]),
            {"debut": f"{annee}-01-01", "fin": f"{annee}-12-31", "format": format_},
            follow=True,
        )
    assert "L&#x27;export est lancé" in reponse.content.decode()
    export = ExportFse.objects.get()
    assert export.etat == EtatExport.PRET and export.lignes == 2
    page = client.get(reverse("fse_operation", args=[monde_fse["operation"].pk])).content.decode()
    assert reverse("fse_export", args=[export.pk]) in page
    fichier = client.get(reverse("fse_export", args=[export.pk]))
    assert fichier.status_code == 200
    lignes = JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="export_fse")
    assert sorted(lignes.values_list("participant_id", flat=True)) == sorted(
        Participation.objects.values_list("parcours__participant_id", flat=True)
    )
    return b"".join(fichier.streaming_content) if fichier.streaming else fichier.content


def test_l_export_xlsx_tient_les_colonnes_documentees(client, monde_fse, django_capture_on_commit_callbacks):
    contenu = _exporter(client, monde_fse, "xlsx", django_capture_on_commit_callbacks)
    publicite.classeur(contenu)
    classeur = load_workbook(io.BytesIO(contenu))
    assert classeur.sheetnames == ["FSE+", "Participations", "Indicateurs"]
    lignes = list(classeur["Participations"].iter_rows(values_only=True))
    assert list(lignes[0]) == [libelle for libelle, _ in CHAMPS.values()]
    assert len(lignes) == 3
    entete = list(lignes[0])
    premiere = dict(zip(entete, lignes[1], strict=True))
    participation = monde_fse["participation"]
    assert premiere["N° de participation"] == participation.pk
    assert premiere["Date d'entrée"].date() == participation.date_entree
    assert premiere["Sortie : en emploi"] == "Non renseigné"
    indicateurs = {ligne[1]: ligne for ligne in classeur["Indicateurs"].iter_rows(values_only=True)}
    assert indicateurs["Nombre total de participants"][-1] == 2
    assert list(indicateurs["Indicateur"]) == [
        "Code",
        "Indicateur",
        "Femmes",
        "Hommes",
        "Personnes non binaires",
        "Total",
    ]


def test_l_export_csv_suit_la_mise_en_page_reglee(client, monde_fse, django_capture_on_commit_callbacks):
    ColonneExport.objects.create(cle="genre", libelle="Sexe", ordre=2)
    ColonneExport.objects.create(cle="participation", libelle="Identifiant", ordre=1)
    ColonneExport.objects.create(cle="disparu", libelle="Champ supprimé", ordre=3)
    contenu = _exporter(client, monde_fse, "csv", django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(contenu))
    assert sorted(archive.namelist()) == ["indicateurs.csv", "participations.csv"]
    texte = archive.read("participations.csv").decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0] == ["Identifiant", "Sexe"]
    assert sorted(lignes[1:]) == sorted([str(p.pk), "Femme"] for p in Participation.objects.all())


@pytest.mark.parametrize("role", ["referent", "animation"])
def test_le_tableau_de_bord_en_requetes_constantes(client, monde_fse, role, django_capture_on_commit_callbacks):
    """A référent's visit synchronises their portfolio; the structure d'animation's asks the background task
    when the participations are more than a minute old, and says when they were computed."""
    utilisateur = monde_fse["referent"].utilisateur if role == "referent" else monde_fse["animation"]
    client.force_login(utilisateur)
    url = reverse("fse") + "?etat=toutes"
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    debut = datetime.date(timezone.localdate().year, 2, 1)
    for jour in range(8):
        parcours(monde_fse["referent"], debut + datetime.timedelta(days=jour))
    if role == "animation":
        assert client.get(url).content.decode().count("/fse/participations/") == 2  # computed under a minute ago
        Actualisation.objects.update(
            calculee_le=timezone.now() - datetime.timedelta(seconds=61),
            commencee_le=timezone.now() - datetime.timedelta(seconds=61),
            terminee_le=timezone.now() - datetime.timedelta(seconds=60),
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)  # a référent's visit, or the task it asked for, creates the new participations
    with CaptureQueriesContext(connection) as beaucoup:
        page = client.get(url)
    assert page.content.decode().count("/fse/participations/") >= 10
    assert ("calculés le" in page.content.decode()) == (role == "animation")
    assert len(beaucoup) == len(peu)


def test_le_referent_d_un_nouveau_parcours_ne_lit_pas_les_reponses_de_l_ancien(client, monde_fse):
    """The person came back with another référent: the answers of the earlier participation stay with the
    référent who followed it and with the structure d'animation."""
    ancienne = monde_fse["participation"]
    DonneesEntree.objects.create(
        participation=ancienne, genre="femme", sans_domicile="oui", origine_etrangere="oui", minorite="oui"
    )
    nouveau_referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    retour = parcours(nouveau_referent, ancienne.parcours.date_sortie + datetime.timedelta(days=20))
    retour.participant = ancienne.parcours.participant
    retour.save(update_fields=["participant"])
    client.force_login(nouveau_referent.utilisateur)
    assert client.get(reverse("fse_participation", args=[ancienne.pk])).status_code == 404
    assert client.get(reverse("fse_parcours", args=[ancienne.parcours_id])).status_code == 404
    dossier = client.get(reverse("dossier_participant", args=[retour.participant_id])).content.decode()
    assert dossier.count("Données FSE+") == 1  # the button of the parcours they follow only
    client.force_login(monde_fse["referent"].utilisateur)
    assert client.get(reverse("fse_participation", args=[ancienne.pk])).status_code == 200


def test_le_tableau_de_bord_dit_quand_un_filtre_est_ignore_et_laisse_les_anonymises(client, monde_fse):
    from parcours.anonymisation import anonymiser_participants

    client.force_login(monde_fse["animation"])
    page = client.get(reverse("fse") + "?operation=999999").content.decode()
    assert "Filtre ignoré" in page and "Opération" in page
    url = reverse("fse_participation", args=[monde_fse["participation"].pk])
    assert url in client.get(reverse("fse") + "?etat=toutes").content.decode()
    anonymiser_participants([monde_fse["participation"].parcours.participant_id])
    assert url not in client.get(reverse("fse") + "?etat=toutes").content.decode()


def test_l_animation_lit_les_comptes_de_la_derniere_synchronisation_et_leur_heure(client, monde_fse):
    """The structure d'animation's counts are those the background synchronisation stored: a participation
    created since shows in the list at once, in the counts after the next synchronisation."""
    from fse.participations import actualiser

    annee = monde_fse["operation"].annee
    client.force_login(monde_fse["animation"])
    page = client.get(reverse("fse") + "?etat=toutes")
    assert "en cours de calcul" in page.content.decode()  # never synchronised in the background: counted live
    assert [c.participations for c in page.context["par_operation"]] == [2]
    actualiser(annee=annee)
    parcours(monde_fse["referent"], datetime.date(annee, 2, 1))
    synchroniser(operations=[monde_fse["operation"]])  # the référent's board, say
    page = client.get(reverse("fse") + "?etat=toutes")
    assert "calculés le" in page.content.decode()
    assert [c.participations for c in page.context["par_operation"]] == [2]
    assert page.context["page"].paginator.count == 3
    actualiser(annee=annee)
    page = client.get(reverse("fse") + "?etat=toutes")
    assert [c.participations for c in page.context["par_operation"]] == [3]
    assert [c.participations for c in page.context["par_referent"]] == [3]


def test_le_tableau_de_l_animation_montre_les_referents_par_pages_de_trente(client, monde_fse):
    from fse.participations import actualiser

    annee = monde_fse["operation"].annee
    for rang in range(30):
        collegue = ReferentFactory(structure=monde_fse["referent"].structure, nom=f"Zz{rang:02d}")
        parcours(collegue, datetime.date(annee, 1, 10))
    actualiser(annee=annee)
    client.force_login(monde_fse["animation"])
    premiere = client.get(reverse("fse") + "?etat=toutes&page=1")
    assert len(premiere.context["par_referent"].object_list) == 30
    assert "page_referents=2" in premiere.content.decode()
    seconde = client.get(reverse("fse") + "?etat=toutes&page=1&page_referents=2")
    assert [c.libelle for c in seconde.context["par_referent"]] == [str(r) for r in _derniers_referents()]
    assert "page=1" in seconde.content.decode()  # the participations' page is kept


def _derniers_referents():
    from participants.models import Referent

    tous = sorted(Referent.objects.all(), key=str)
    return tous[30:]
