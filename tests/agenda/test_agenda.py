"""The référent's agenda: activities planned and done through the one door (every rule), a week's exact totals,
who reads and writes which agenda (names for the structure d'animation and the référent only), a fixed number of
queries per week whatever it holds."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import lectures, services
from agenda.enums import StatutActivite
from agenda.models import Activite, CategorieActivite, ChangementActivite
from plie.enums import Role
from tests.fse.histoires import portage
from tests.parcours.factories import EntretienFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
LUNDI = D(2026, 11, 30)  # the week before today (7 December 2026)


@pytest.fixture
def decembre():
    """Today: Monday 7 December 2026, 10 a.m. in Dijon (time runs on from there)."""
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris")), tick=True):
        yield


def categorie(code):
    return CategorieActivite.objects.get(code=code)


@pytest.fixture
def referent():
    return ReferentFactory(prenom="Claire", nom="Martin", utilisateur=UserFactory(role=Role.REFERENT))


@pytest.fixture
def trois(referent):
    return [ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5 + i)) for i in range(3)]


def atelier(referent, trois, **champs):
    donnees = {
        "referent": referent,
        "categorie": categorie("atelier_collectif"),
        "date": LUNDI,
        "debut": datetime.time(9, 30),
        "fin": datetime.time(11, 45),
        "participants": trois,
        "intitule": "Atelier CV",
        "realisee": True,
        "par": referent.utilisateur,
    }
    return services.activite_enregistrer(**{**donnees, **champs})


def test_une_semaine_faite_a_la_main_a_ses_totaux_exacts(decembre, referent, trois):
    """Monday: a 2 h 15 workshop (from its times) and a 45-minute entretien; Wednesday: a 90-minute meeting planned,
    a cancelled call; the next Monday is another week. Done 3 h, planned 1 h 30; the entretien is in the agenda of
    the référent who recorded it."""
    portage(referent.structure, 2026)
    atelier(referent, trois)
    EntretienFactory(parcours=trois[0], referent=referent, date=LUNDI, duree_minutes=45)
    services.activite_enregistrer(
        referent=referent,
        categorie=categorie("reunion_plie"),
        date=LUNDI + datetime.timedelta(days=2),
        duree_minutes=90,
        par=referent.utilisateur,
    )
    appel = services.activite_enregistrer(
        referent=referent,
        categorie=categorie("contact_employeur"),
        date=LUNDI + datetime.timedelta(days=2),
        duree_minutes=20,
        participants=[trois[1]],
        par=referent.utilisateur,
    )
    services.activite_changer_statut(activite=appel, vers=StatutActivite.ANNULEE, par=referent.utilisateur)
    services.activite_enregistrer(
        referent=referent,
        categorie=categorie("administration"),
        date=LUNDI + datetime.timedelta(days=7),
        duree_minutes=60,
        realisee=True,
        par=referent.utilisateur,
    )
    semaine = lectures.semaine(referent, LUNDI, noms=True)
    assert (semaine["minutes_realisees"], semaine["minutes_prevues"]) == (135 + 45, 90)
    lundi, mercredi = semaine["jours"][0], semaine["jours"][2]
    assert [ligne.duree_minutes for ligne in lundi.lignes] == [135, 45]  # timed first, then the entretien
    assert lundi.lignes[0].operation.startswith(f"Accompagnement {referent.structure.nom} 2026")  # by default
    assert lundi.lignes[0].participants == [str(p.participant) for p in trois]
    assert (mercredi.minutes_realisees, mercredi.minutes_prevues) == (0, 90)
    assert lectures.minutes_realisees(referent, LUNDI, LUNDI + datetime.timedelta(days=6)) == 180


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"participants": []}, "concerne au moins un participant"),
        ({"categorie": "reunion_plie"}, "ne concerne aucun participant"),
        ({"categorie": "demarches_participant"}, "concerne un seul participant"),
        ({"date": D(2026, 12, 8)}, "réalisée ne peut pas être datée après aujourd'hui"),
        ({"fin": datetime.time(9, 0)}, "L'heure de fin suit l'heure de début."),
        ({"debut": None, "fin": None}, "Indiquez la durée"),
        ({"debut": None, "fin": None, "duree_minutes": 800}, "comprise entre 1 minute et 12 heures"),
    ],
)
def test_chaque_regle_refuse_avec_sa_raison(decembre, referent, trois, champs, message):
    if "categorie" in champs:
        champs["categorie"] = categorie(champs["categorie"])
    with pytest.raises(ValidationError) as refus:
        atelier(referent, trois, **champs)
    assert message in " ".join(refus.value.messages)
    assert not Activite.objects.exists()


def test_un_participant_hors_parcours_ou_hors_portefeuille_est_refuse(decembre, referent, trois):
    ailleurs = ParcoursFactory(date_entree=D(2026, 1, 5))  # another référent's
    with pytest.raises(PermissionDenied):
        atelier(referent, [*trois, ailleurs])
    avant = ParcoursFactory(referent=referent, date_entree=D(2026, 12, 1))  # enters after the workshop
    with pytest.raises(ValidationError, match="Hors parcours à cette date"):
        atelier(referent, [*trois, avant])
    assert not Activite.objects.exists()


def test_chacun_n_ecrit_que_son_agenda(decembre, referent, trois):
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    with pytest.raises(PermissionDenied):
        atelier(referent, trois, par=autre.utilisateur)
    porteur = UserFactory(role=Role.PORTEUR)
    with pytest.raises(PermissionDenied):
        atelier(referent, trois, par=porteur)
    assert atelier(referent, trois, par=UserFactory(role=Role.ANIMATION)).referent == referent


def test_prevue_puis_realisee_sans_ressaisie_et_journalisee(decembre, referent, trois):
    prevue = atelier(referent, trois, realisee=False, date=D(2026, 12, 10))
    assert prevue.statut == StatutActivite.PREVUE
    with pytest.raises(ValidationError, match="à venir ne peut pas être marquée réalisée"):
        services.activite_changer_statut(activite=prevue, vers=StatutActivite.REALISEE, par=referent.utilisateur)
    hier = atelier(referent, trois, realisee=False, date=D(2026, 12, 6))
    services.activite_changer_statut(activite=hier, vers=StatutActivite.REALISEE, par=referent.utilisateur)
    hier.refresh_from_db()
    assert hier.statut == StatutActivite.REALISEE and hier.participants.count() == 3
    moves = list(ChangementActivite.objects.filter(activite=hier).values_list("depuis", "vers", "par"))
    assert moves == [("", "prevue", referent.utilisateur.pk), ("prevue", "realisee", referent.utilisateur.pk)]
    with pytest.raises(ValidationError, match="ne peut pas passer de « réalisée » à « annulée »"):
        services.activite_changer_statut(activite=hier, vers=StatutActivite.ANNULEE, par=referent.utilisateur)


def test_l_entretien_saisi_va_dans_l_agenda_de_qui_le_saisit(decembre, referent, trois, client):
    client.force_login(referent.utilisateur)
    url = reverse("parcours_element_ajouter", args=[trois[0].pk, "entretien"])
    reponse = client.post(
        url, {"date": "2026-12-01", "type": "individuel", "mode": "presentiel", "duree_minutes": "40"}
    )
    assert reponse.status_code == 302
    assert lectures.minutes_realisees(referent, D(2026, 12, 1), D(2026, 12, 1)) == 40


def _page(client, **params):
    return client.get(reverse("agenda"), params).content.decode()


def test_qui_lit_quel_agenda(decembre, client, referent, trois):
    """The référent reads theirs (names), the structure d'animation any (names), the employer its référents'
    (counts, never a name), another structure porteuse and another référent nothing of it."""
    atelier(referent, trois)
    nom = str(trois[0].participant)
    client.force_login(referent.utilisateur)
    assert nom in _page(client, semaine="2026-12-02")
    client.force_login(UserFactory(role=Role.ANIMATION))
    assert nom in _page(client, referent=referent.pk, semaine="2026-12-02")
    employeur = UserFactory(role=Role.PORTEUR)
    referent.structure.utilisateurs.add(employeur)
    client.force_login(employeur)
    page = _page(client, referent=referent.pk, semaine="2026-12-02")
    assert "Atelier CV" in page and "3 participants" in page and nom not in page
    assert "Ajouter une activité" not in page
    autre_employeur = UserFactory(role=Role.PORTEUR)
    ReferentFactory().structure.utilisateurs.add(autre_employeur)
    client.force_login(autre_employeur)
    assert client.get(reverse("agenda"), {"referent": referent.pk}).status_code == 404
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    client.force_login(autre.utilisateur)
    assert client.get(reverse("agenda"), {"referent": referent.pk}).status_code == 404
    assert "Atelier CV" not in _page(client, semaine="2026-12-02")  # their own week: empty
    for role in (Role.FINANCEUR, Role.PRESCRIPTEUR):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("agenda")).status_code == 403


def test_la_semaine_coute_le_meme_nombre_de_requetes(decembre, client, referent, trois):
    client.force_login(referent.utilisateur)
    atelier(referent, trois[:2])

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("agenda"), {"semaine": "2026-12-02"}).status_code == 200
        return len(requetes)

    avant = compter()
    for jour in range(5):
        atelier(referent, trois, date=LUNDI + datetime.timedelta(days=jour))
        EntretienFactory(parcours=trois[jour % 3], referent=referent, date=LUNDI + datetime.timedelta(days=jour))
    assert compter() == avant


def test_ajouter_puis_marquer_realisee_dans_le_navigateur(decembre, client, referent, trois):
    client.force_login(referent.utilisateur)
    formulaire = client.get(reverse("agenda_activite_nouvelle"), {"date": "2026-12-04"}).content.decode()
    assert 'value="2026-12-04"' in formulaire and str(trois[0].participant) in formulaire
    reponse = client.post(
        reverse("agenda_activite_nouvelle"),
        {
            "categorie": categorie("information_collective").pk,
            "intitule": "Information collective PLIE",
            "date": "2026-12-04",
            "debut": "14:00",
            "fin": "15:30",
            "participants": [p.pk for p in trois],
        },
    )
    assert reponse.status_code == 302 and "semaine=2026-12-04" in reponse.url
    activite = Activite.objects.get()
    assert (activite.statut, activite.duree_minutes) == (StatutActivite.PREVUE, 90)
    page = client.get(reponse.url).content.decode()
    assert "Information collective PLIE" in page and "Prévue" in page
    client.post(reverse("agenda_activite_statut", args=[activite.pk]), {"vers": "realisee"})
    page = client.get(reponse.url).content.decode()
    assert re.search(r"Réalisé : 1\s*h\s*30", page.replace("\xa0", " "))
    refus = client.post(
        reverse("agenda_activite_nouvelle"),
        {
            "categorie": categorie("reunion_plie").pk,
            "date": "2026-12-04",
            "duree_minutes": "30",
            "participants": [trois[0].pk],
        },
    ).content.decode()
    assert "ne concerne aucun participant : retirez-les." in refus
    assert Activite.objects.count() == 1


def test_la_migration_range_les_anciens_entretiens_chez_le_referent_d_alors(referent):
    """An entretien recorded without its référent goes to the référent who followed the parcours on its date (a
    transfer later does not move it), else to the parcours' référent."""
    import importlib

    from django.apps import apps

    from parcours.models import AffectationReferent, Entretien

    migration = importlib.import_module("parcours.migrations.0019_entretien_referent")
    parcours = ParcoursFactory(referent=referent, date_entree=D(2025, 1, 6))
    suivant = ReferentFactory()
    AffectationReferent.objects.create(parcours=parcours, referent=suivant, date_debut=D(2025, 6, 1))
    parcours.referent = suivant
    parcours.save()
    avant = EntretienFactory(parcours=parcours, date=D(2025, 3, 3))
    apres = EntretienFactory(parcours=parcours, date=D(2025, 7, 3))
    Entretien.objects.update(referent=None)
    migration.referent_des_entretiens(apps, None)
    assert dict(Entretien.objects.values_list("pk", "referent_id")) == {avant.pk: referent.pk, apres.pk: suivant.pk}


def test_un_participant_doit_etre_du_portefeuille_du_referent_de_l_agenda(decembre, referent, trois):
    """Even the structure d'animation, who sees everyone, puts in a référent's agenda only that référent's
    participants (their own, or followed by them on the activity's date)."""
    ailleurs = ParcoursFactory(date_entree=D(2026, 1, 5))
    with pytest.raises(ValidationError, match="Pas dans le portefeuille de ce référent"):
        atelier(referent, [*trois, ailleurs], par=UserFactory(role=Role.ANIMATION))
    assert not Activite.objects.exists()


def test_modifier_garde_ce_que_l_activite_a_deja(decembre, client, referent, trois):
    """A participant who has exited since, and a category withdrawn since, stay offered when the activity is
    changed: saving its new time keeps them."""
    activite = atelier(referent, trois)
    from parcours.models import MotifSortie, Parcours

    Parcours.objects.filter(pk=trois[0].pk).update(
        date_sortie=D(2026, 12, 1), motif_sortie=MotifSortie.objects.get(code="sante"), sortie_commission="a_valider"
    )
    CategorieActivite.objects.filter(pk=activite.categorie_id).update(actif=False)
    client.force_login(referent.utilisateur)
    url = reverse("agenda_activite_modifier", args=[activite.pk])
    assert str(trois[0].participant) in client.get(url).content.decode()
    reponse = client.post(
        url,
        {
            "categorie": activite.categorie_id,
            "intitule": "Atelier CV",
            "date": "2026-11-30",
            "debut": "09:30",
            "fin": "12:00",
            "participants": [p.pk for p in trois],
        },
    )
    assert reponse.status_code == 302
    activite.refresh_from_db()
    assert activite.duree_minutes == 150 and activite.participants.count() == 3


def test_les_dates_hors_de_portee_ne_cassent_rien(decembre, client, referent):
    client.force_login(referent.utilisateur)
    assert client.get(reverse("agenda"), {"semaine": "9999-12-31"}).status_code == 200
    assert client.get(reverse("agenda_temps", args=[referent.pk, 2026, 13])).status_code == 404
    assert client.post(reverse("agenda_temps_agir", args=[referent.pk, 2026, 13, "valider"])).status_code == 404
    assert client.get(reverse("agenda_temps_liste"), {"mois": "0-1"}).status_code == 200
