"""Who sees which parcours and which person: portfolios, covers, the active base, and the journal of reads."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours.models import MotifSortie, Parcours, Prescription, participants_visibles_par
from participants.models import Remplacement
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_referents():
    moi = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    collegue = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    return moi, collegue


def test_un_referent_ne_voit_que_son_portefeuille(deux_referents, client):
    moi, collegue = deux_referents
    mien = ParcoursFactory(prescription__referent=moi)
    sien = ParcoursFactory(prescription__referent=collegue)
    assert list(Parcours.objects.visibles_par(moi.utilisateur)) == [mien]
    assert list(participants_visibles_par(moi.utilisateur)) == [mien.participant]
    client.force_login(moi.utilisateur)
    assert client.get(reverse("dossier_participant", args=[mien.participant.pk])).status_code == 200
    # The other référent's person answers 404, as if it did not exist.
    assert client.get(reverse("dossier_participant", args=[sien.participant.pk])).status_code == 404
    assert client.get(reverse("dossier_participant", args=[999999])).status_code == 404


def test_le_referent_du_parcours_en_cours_voit_les_parcours_anterieurs(deux_referents):
    moi, collegue = deux_referents
    ancien = ParcoursFactory(
        prescription__referent=collegue,
        date_entree=timezone.localdate() - datetime.timedelta(days=400),
        date_sortie=timezone.localdate() - datetime.timedelta(days=200),
        motif_sortie=MotifSortie.objects.get(code="sante"),
    )
    actuel = ParcoursFactory(prescription__referent=moi, participant=ancien.participant)
    assert set(Parcours.objects.visibles_par(moi.utilisateur)) == {ancien, actuel}
    # The former référent keeps the parcours they followed, not the new one.
    assert set(Parcours.objects.visibles_par(collegue.utilisateur)) == {ancien}


def test_un_remplacement_ouvre_le_portefeuille_pendant_ses_dates_seulement(deux_referents):
    moi, collegue = deux_referents
    sien = ParcoursFactory(prescription__referent=collegue)
    aujourdhui = timezone.localdate()
    remplacement = Remplacement.objects.create(
        remplacant=moi,
        remplace=collegue,
        date_debut=aujourdhui - datetime.timedelta(days=5),
        date_fin=aujourdhui + datetime.timedelta(days=5),
    )
    assert list(Parcours.objects.visibles_par(moi.utilisateur)) == [sien]
    assert Prescription.objects.visibles_par(moi.utilisateur).filter(pk=sien.prescription.pk).exists()
    remplacement.date_fin = aujourdhui - datetime.timedelta(days=1)
    remplacement.save()
    assert not Parcours.objects.visibles_par(moi.utilisateur).exists()


def test_un_parcours_sorti_depuis_plus_de_deux_ans_quitte_la_base_active(deux_referents, client):
    moi, _ = deux_referents
    aujourdhui = timezone.localdate()
    archive = ParcoursFactory(
        prescription__referent=moi,
        date_entree=aujourdhui - datetime.timedelta(days=1500),
        date_sortie=aujourdhui - datetime.timedelta(days=800),
        motif_sortie=MotifSortie.objects.get(code="sante"),
    )
    assert not Parcours.objects.visibles_par(moi.utilisateur).exists()
    client.force_login(moi.utilisateur)
    assert client.get(reverse("dossier_participant", args=[archive.participant.pk])).status_code == 404
    # The structure d'animation still reads it (FSE audit).
    animation = UserFactory(role=Role.ANIMATION)
    assert list(Parcours.objects.visibles_par(animation)) == [archive]


@pytest.mark.parametrize("role", [Role.PORTEUR, Role.FINANCEUR, Role.ADMINISTRATEUR])
def test_les_autres_roles_ne_voient_aucune_personne(deux_referents, role):
    ParcoursFactory(prescription__referent=deux_referents[0])
    user = UserFactory(role=role)
    assert not Parcours.objects.visibles_par(user).exists()
    assert not participants_visibles_par(user).exists()
    assert not Prescription.objects.visibles_par(user).exists()


def test_la_lecture_d_un_dossier_est_journalisee_sans_donnee_personnelle(deux_referents, client):
    moi, _ = deux_referents
    parcours = ParcoursFactory(prescription__referent=moi, participant__nom="Canarinom")
    client.force_login(moi.utilisateur)
    client.get(reverse("dossier_participant", args=[parcours.participant.pk]), REMOTE_ADDR="192.0.2.7")
    ligne = JournalAcces.objects.get()
    assert (ligne.utilisateur, ligne.action, ligne.participant_id, ligne.adresse_ip) == (
        moi.utilisateur,
        ActionJournal.CONSULTATION,
        parcours.participant.pk,
        "192.0.2.7",
    )
    assert "Canarinom" not in repr(JournalAcces.objects.values().get())

    animation = UserFactory(role=Role.ANIMATION)
    client.force_login(animation)
    page = client.get(reverse("journal_participant", args=[parcours.participant.pk])).content.decode()
    assert str(moi.utilisateur) in page and "Consultation" in page and "192.0.2.7" in page


def test_les_modifications_gardent_qui_quand_avant_apres(deux_referents, client):
    moi, _ = deux_referents
    parcours = ParcoursFactory(prescription__referent=moi)
    animation = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    client.force_login(animation)
    participant = parcours.participant
    # The admin shows the person but cannot change them: the correction goes through the product's screen.
    admin = reverse("admin:participants_participant_change", args=[participant.pk])
    assert client.post(admin, {"nom": "Par-l-admin"}).status_code == 403
    url = reverse("parcours_identite", args=[parcours.pk])
    formulaire = client.get(url).context["form"]
    donnees = {k: v for k, v in formulaire.initial.items() if v is not None}
    donnees.update(nom="Nouveau-nom", date_naissance="1980-05-17")
    assert client.post(url, donnees).status_code == 302
    versions = participant.historique.order_by("history_date")
    assert [v.nom for v in versions] == [participant.nom, "Nouveau-nom"]
    assert versions.last().history_user == animation
    page = client.get(reverse("journal_participant", args=[participant.pk])).content.decode()
    ligne = re.search(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>Modifié</td></tr>", page)
    assert ligne and ligne.group(1) == str(animation)


def test_export_du_droit_d_acces(deux_referents, client):
    parcours = ParcoursFactory(prescription__referent=deux_referents[0], participant__nom="Exportnom", rsa=True)
    animation = UserFactory(role=Role.ANIMATION)
    client.force_login(animation)
    reponse = client.get(reverse("export_participant", args=[parcours.participant.pk]))
    assert (
        reponse["Content-Disposition"] == f'attachment; filename="donnees-participant-{parcours.participant.pk}.json"'
    )
    donnees = json.loads(reponse.content)
    assert donnees["personne"]["nom"] == "Exportnom"
    assert donnees["parcours"][0]["parcours"]["bénéficiaire du RSA"] is True
    assert JournalAcces.objects.filter(action=ActionJournal.EXPORT, participant_id=parcours.participant.pk).exists()
    client.force_login(deux_referents[0].utilisateur)
    assert client.get(reverse("export_participant", args=[parcours.participant.pk])).status_code == 403


def test_une_fiche_ouverte_dans_l_administration_est_journalisee(deux_referents, client):
    parcours = ParcoursFactory(prescription__referent=deux_referents[0])
    animation = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    client.force_login(animation)
    client.get(reverse("admin:parcours_parcours_change", args=[parcours.pk]))
    client.get(reverse("admin:participants_participant_change", args=[parcours.participant.pk]))
    lignes = JournalAcces.objects.order_by("date").values_list("objet", "objet_id", "participant_id")
    assert list(lignes) == [
        ("parcours", parcours.pk, parcours.participant.pk),
        ("participant", parcours.participant.pk, parcours.participant.pk),
    ]
