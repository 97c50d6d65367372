"""The recording delay of contacts: an entretien recorded within seven days of its date (the day itself included)
counts as on time; the month is the entretien's date, first and last days included; an entretien taken over from
the old tool or deleted is left out; shown on the référent's and the structure d'animation's dashboards."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from agenda.delais import delais_de_saisie
from parcours.models import RAISON_REPRISE, Entretien
from parcours.services import element_enregistrer, element_supprimer
from plie.enums import Role
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PARIS = ZoneInfo("Europe/Paris")


def saisir(parcours, date, le, *, par=None, raison=None):
    """An entretien dated ``date``, recorded through its service at ``le`` (a datetime in Dijon)."""
    with time_machine.travel(le):
        entretien = Entretien(parcours=parcours, date=date, type="individuel", mode="presentiel", duree_minutes=30)
        if raison:
            entretien._change_reason = raison
        return element_enregistrer(element=entretien, par=par or parcours.referent.utilisateur)


@pytest.fixture
def novembre():
    referent = ReferentFactory(prenom="Claire", nom="Martin", utilisateur=UserFactory(role=Role.REFERENT))
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    parcours = ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5))
    chez_autre = ParcoursFactory(referent=autre, date_entree=D(2026, 1, 5))
    soir = datetime.time(23, 30)
    saisir(parcours, D(2026, 11, 1), datetime.datetime.combine(D(2026, 11, 4), soir, PARIS))  # 3 days
    saisir(parcours, D(2026, 11, 10), datetime.datetime.combine(D(2026, 11, 17), soir, PARIS))  # 7 days: on time
    saisir(parcours, D(2026, 11, 12), datetime.datetime.combine(D(2026, 11, 20), soir, PARIS))  # 8 days: late
    saisir(parcours, D(2026, 11, 30), datetime.datetime.combine(D(2026, 12, 10), soir, PARIS))  # 10 days: late
    saisir(parcours, D(2026, 10, 31), datetime.datetime.combine(D(2026, 10, 31), soir, PARIS))  # October's
    saisir(parcours, D(2026, 11, 2), datetime.datetime(2026, 12, 1, 9, tzinfo=PARIS), raison=RAISON_REPRISE)
    efface = saisir(parcours, D(2026, 11, 3), datetime.datetime(2026, 11, 3, 9, tzinfo=PARIS))
    element_supprimer(element=efface, par=referent.utilisateur)
    saisir(chez_autre, D(2026, 11, 5), datetime.datetime(2026, 11, 5, 18, tzinfo=PARIS))
    return {"referent": referent, "autre": autre}


def test_les_delais_de_saisie_du_mois(novembre):
    delais = delais_de_saisie(2026, 11)
    claire = delais[novembre["referent"].pk]
    assert (claire.contacts, claire.dans_la_semaine, claire.en_retard, claire.part) == (4, 2, 2, 50.0)
    assert (delais[novembre["autre"].pk].contacts, delais[novembre["autre"].pk].part) == (1, 100.0)
    assert delais_de_saisie(2026, 10)[novembre["referent"].pk].contacts == 1
    assert delais_de_saisie(2026, 11, [novembre["autre"].pk]).keys() == {novembre["autre"].pk}
    assert delais_de_saisie(2026, 9) == {}


def test_les_tableaux_de_bord_montrent_les_delais(novembre, client):
    with time_machine.travel(datetime.datetime(2026, 12, 15, 10, tzinfo=PARIS), tick=True):
        client.force_login(novembre["referent"].utilisateur)
        texte = client.get(reverse("accueil"), {"mois": "2026-11"}).content.decode().replace("\xa0", " ")
        assert "Contacts du mois saisis dans la semaine : <strong>2 sur 4 (50 %)</strong> — 2 saisis plus" in texte
        client.force_login(UserFactory(role=Role.ANIMATION))
        page = client.get(reverse("tableau_referent", args=[novembre["referent"].pk]), {"mois": "2026-11"})
        assert "2 sur 4 (50 %)" in page.content.decode().replace("\xa0", " ")
        tableau = client.get(reverse("accueil"), {"mois": "2026-11"}).content.decode().replace("\xa0", " ")
        assert "2 / 4" in tableau and "1 / 1" in tableau


def test_un_entretien_saisi_avant_que_le_referent_soit_note_compte_aussi(db):
    """Entretiens recorded before their référent was written on them (migration parcours.0019 filled it in): the
    creation in the history still dates their recording."""
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    parcours = ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5))
    entretien = saisir(parcours, D(2026, 11, 2), datetime.datetime(2026, 11, 3, 9, tzinfo=PARIS))
    Entretien.historique.model.objects.filter(id=entretien.pk).update(referent=None)
    assert delais_de_saisie(2026, 11)[referent.pk].dans_la_semaine == 1


def test_l_entretien_saisi_par_l_animation_va_au_referent_d_alors(db):
    from parcours.models import AffectationReferent

    premier = ReferentFactory()
    parcours = ParcoursFactory(referent=premier, date_entree=D(2026, 1, 5))
    second = ReferentFactory()
    AffectationReferent.objects.create(parcours=parcours, referent=second, date_debut=D(2026, 6, 1))
    parcours.referent = second
    parcours.save()
    animation = UserFactory(role=Role.ANIMATION)
    avant = saisir(parcours, D(2026, 3, 2), datetime.datetime(2026, 3, 3, 9, tzinfo=PARIS), par=animation)
    apres = saisir(parcours, D(2026, 7, 2), datetime.datetime(2026, 7, 3, 9, tzinfo=PARIS), par=animation)
    assert (avant.referent, apres.referent) == (premier, second)
