import datetime

import pytest
from celery.schedules import crontab
from django.utils import timezone

from plie.enums import ActionJournal
from plie.journal import journaux_purger
from plie.models import JournalAcces
from plie.tasks import purger_journaux

pytestmark = pytest.mark.django_db


def test_purge_des_journaux_au_dela_de_la_duree_de_conservation(settings):
    settings.JOURNAL_RETENTION_JOURS = 365
    maintenant = timezone.now()
    ancien = JournalAcces.objects.create(
        date=maintenant - datetime.timedelta(days=366), action=ActionJournal.CONSULTATION, objet="participant"
    )
    recent = JournalAcces.objects.create(
        date=maintenant - datetime.timedelta(days=364), action=ActionJournal.CONSULTATION, objet="participant"
    )
    assert purger_journaux.delay().get() == 1
    assert list(JournalAcces.objects.all()) == [recent]
    assert not JournalAcces.objects.filter(pk=ancien.pk).exists()
    # Run twice, the effect happens once.
    assert journaux_purger() == 0


def test_duree_de_conservation_reglable(settings):
    settings.JOURNAL_RETENTION_JOURS = 30
    JournalAcces.objects.create(
        date=timezone.now() - datetime.timedelta(days=31), action=ActionJournal.EXPORT, objet="participant"
    )
    assert journaux_purger() == 1


def test_la_purge_est_planifiee_chaque_jour(settings):
    tache = settings.CELERY_BEAT_SCHEDULE["purger-journaux"]
    assert tache["task"] == "plie.purger_journaux"
    # Every night at a fixed hour: a redeploy does not restart the clock of a wall-clock schedule.
    assert tache["schedule"] == crontab(hour=2, minute=15)


# -- every page showing personal data is journaled ---------------------------------------------------------------

# Views of the data roles that show no participant's data (aggregates, forms without a person, POST-only actions,
# or journaled explicitly as a download or an export).
SANS_LECTURE = {
    "comptes_decider": "POST seul, sans donnée de participant",
    "comptes_acces": "confirmation : le compte d'un membre du personnel, sans donnée de participant",
    "operation_nouvelle": "programmation",
    "operation_modifier": "programmation",
    "operation_supprimer": "programmation",
    "programmation": "programmation",
    "programmation_excel": "programmation",
    "statistiques": "agrégats",
    "statistiques_excel": "agrégats",
    "enveloppe_souple": "agrégats",
    "enveloppe_souple_excel": "agrégats",
    "lettre_brouillon": "agrégats",
    "lettre_publier": "POST seul, agrégats",
    "lettre_relancer": "POST seul, agrégats",
    "portefeuille_transferer": "noms des référents seulement",
    "remplacement": "noms des référents seulement",
    "commission_decider": "POST seul ; la page de la commission est journalisée",
    "commission_decider_lot": "POST seul ; la page de la commission est journalisée",
    "prescription_nouvelle": "formulaire vide",
    "prescription_preaffecter": "POST seul",
    "document": "téléchargement journalisé (action « téléchargement »)",
    "export_participant": "export journalisé (action « export »)",
    "reprise": "liste des imports : noms de fichiers et comptes, sans donnée de participant",
    "reprise_modele": "modèle vide",
    "reprise_export": "export journalisé personne par personne (action « export »)",
    "reprise_etat": "état et progression de la tâche",
    "reprise_decider": "POST seul",
    "reprise_enregistrer": "POST seul",
    "reprise_relancer": "POST seul",
    "reprise_rapport": "téléchargement journalisé personne par personne (action « export »)",
    "reprise_supprimer": "confirmation, sans donnée de participant",
    "fse_supprimer": "confirmation, sans donnée de participant (l'intitulé de l'opération)",
    "fse_operation": "agrégats : le tableau des indicateurs et la liste des exports",
    "fse_export_demander": "POST seul",
    "fse_export": "téléchargement journalisé personne par personne (action « export »)",
    "prescription_piece_jointe": "téléchargement journalisé (action « téléchargement »)",
    "prescripteurs": "organisations et comptes des prescripteurs, sans donnée de participant",
    "prescripteurs_bilan": "agrégats",
    "prescripteurs_retirer": "confirmation : le compte d'un prescripteur, sans donnée de participant",
    "prescripteur_nouvelle": "formulaire vide",
    "prescripteur_bilan": "agrégats",
    "prescripteur_abonnement": "POST seul",
    "commission_comptes": "agrégats : les comptes de la commission",
    "agenda_activite_statut": "POST seul",
    "agenda_cout_operation": "le coût des personnels d'une opération : des référents, aucun participant",
    "agenda_emargement": "journalisée personne par personne (une ligne par participant de la feuille)",
    "agenda_emargement_signer": "journalisée personne par personne (une ligne par participant de la feuille)",
    "agenda_emargement_vierge": "téléchargement journalisé personne par personne",
    "agenda_emargement_fichier": "téléchargement journalisé personne par personne",
    "agenda_emargement_deposer": "POST seul",
    "contrat_pdf": "téléchargement journalisé comme un export de la personne",
    "fse_paquets": "la liste des paquets : opérations, périodes, tirages, aucun nom",
    "fse_paquet": "téléchargement journalisé personne par personne",
}


def test_chaque_vue_des_donnees_personnelles_journalise_ses_lectures():
    from plie.access import ROLES_DONNEES_PERSONNELLES
    from plie.enums import Role
    from tests.plie.matrice import motifs

    # A prescriber reads what their organisation sent about a person: journaled too.
    lecteurs = ROLES_DONNEES_PERSONNELLES | {Role.PRESCRIPTEUR}
    manquantes = []
    for espace, nom, _, vue in motifs():
        roles = getattr(vue, "roles_autorises", None)
        if espace == "admin" or roles == "public" or not roles or not roles <= lecteurs:
            continue
        if not getattr(vue, "lecture", None) and nom not in SANS_LECTURE:
            manquantes.append(nom)
    assert manquantes == []


def test_chaque_page_lue_ecrit_une_ligne_au_journal_avec_la_personne(client, monde):  # noqa: F811
    from parcours.models import Entretien
    from plie.enums import Role
    from tests.plie.matrice import motifs, url_de

    client.force_login(monde["comptes"]["animation"])
    lues = 0
    for espace, nom, _, vue in motifs():
        if espace == "admin" or not getattr(vue, "lecture", None):
            continue
        avant = JournalAcces.objects.count()
        reponse = client.get(url_de(nom, monde))
        if reponse.status_code != 200:
            continue  # e.g. cancelling a transfer that never happened sends back to the file
        lues += 1
        ligne = JournalAcces.objects.order_by("-pk").first()
        assert JournalAcces.objects.count() == avant + 1, nom
        assert (ligne.action, ligne.objet, ligne.utilisateur.role) == (
            ActionJournal.CONSULTATION,
            vue.lecture,
            Role.ANIMATION,
        )
        if nom == "fse_controle":  # a board of many people: one row a page, as the FSE+ board
            assert ligne.participant_id is None, nom
        elif nom.startswith(("parcours_", "document", "dossier", "journal", "fse_", "contrat")):
            assert ligne.participant_id == monde["participant"].pk, nom
        elif nom.startswith("prescription"):  # the matrix's prescription waits: no person yet
            assert ligne.participant_id == monde["prescription"].participant_id, nom
        assert reponse["Cache-Control"] == "no-store", nom
    assert lues >= 20
    # The entretien form with its notes names the person.
    url = url_de("parcours_element_modifier", monde)
    client.get(url)
    assert JournalAcces.objects.order_by("-pk").first().participant_id == monde["participant"].pk
    assert Entretien.objects.exists()


def test_un_export_ecrit_une_ligne_par_personne_exportee(client):
    from django.urls import reverse

    from plie.enums import Role
    from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
    from tests.plie.factories import UserFactory

    parcours = [ParcoursFactory(date_entree=datetime.date(2024, 1, 10)) for _ in range(3)]
    PrescriptionFactory()
    client.force_login(UserFactory(role=Role.ANIMATION))
    client.get(reverse("file_active") + "?format=xlsx&etat=tous")
    exportees = JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="parcours")
    assert sorted(exportees.values_list("participant_id", flat=True)) == sorted(p.participant_id for p in parcours)
    client.get(reverse("prescriptions") + "?format=xlsx")
    prescriptions = JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="prescription")
    assert prescriptions.count() == 4 and prescriptions.filter(participant_id__isnull=True).count() == 1


def test_les_listes_et_historiques_de_l_administration_sont_journalises(client):
    from django.urls import reverse

    from plie.enums import Role
    from tests.parcours.factories import ParcoursFactory
    from tests.plie.factories import UserFactory

    parcours = ParcoursFactory()
    client.force_login(UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:parcours_parcours_changelist")).status_code == 200
    assert JournalAcces.objects.filter(objet="parcours_liste").count() == 1
    assert client.get(reverse("admin:parcours_parcours_history", args=[parcours.pk])).status_code == 200
    ligne = JournalAcces.objects.get(objet="parcours_historique")
    assert (ligne.objet_id, ligne.participant_id) == (parcours.pk, parcours.participant_id)
