"""The prescribers' figures (reporting/indicateurs/prescripteurs.py) on hand-built data, the page that shows them
and the monthly e-mail: counts only, one send per month, a constant number of queries."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.enums import OriginePrescription, StatutPrescription
from parcours.models import MotifNonEntree, MotifSortie
from plie.celery import app
from plie.enums import Role
from prescripteurs.bilan import bilan_mensuel_envoyer, mois_precedent
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.prescripteurs import retour
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ContactPrescripteurFactory, PrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def non_entree(organisation, code, le, prescrite=None):
    return PrescriptionFactory(
        prescripteur=organisation,
        date_prescription=prescrite or D(2025, 1, 2),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=le,
        motif_non_entree=MotifNonEntree.objects.get(code=code),
    )


def entree(organisation, prescrite, entree_le, sortie=None, motif=None):
    return ParcoursFactory(
        prescription__prescripteur=organisation,
        prescription__date_prescription=prescrite,
        date_entree=entree_le,
        date_sortie=sortie,
        motif_sortie=MotifSortie.objects.get(code=motif) if motif else None,
    )


@pytest.fixture
def organisation():
    """In March 2025: 4 prescriptions sent (1 online), 2 entries (waits of 10 and 20 days), 3 non-entries."""
    org = PrescripteurFactory()
    autre = PrescripteurFactory()
    entree(org, D(2025, 2, 20), D(2025, 3, 2))  # 10 days, still running
    entree(org, D(2025, 3, 1), D(2025, 3, 21), sortie=D(2025, 3, 31), motif="emploi_durable")  # 20 days
    entree(org, D(2025, 3, 1), D(2025, 4, 1))  # the first day of April: not March's
    non_entree(org, "sante", D(2025, 3, 1))
    non_entree(org, "maternite", D(2025, 3, 31))
    non_entree(org, "absent_rdv", D(2025, 3, 15))
    non_entree(org, "absent_rdv", D(2025, 2, 28))  # the last day of February: not March's
    PrescriptionFactory(
        prescripteur=org,
        date_prescription=D(2025, 3, 31),
        origine=OriginePrescription.EN_LIGNE,
        personne_informee=True,
    )
    PrescriptionFactory(prescripteur=org, date_prescription=D(2025, 3, 10), referent=None, date_preaffectation=None)
    non_entree(autre, "sante", D(2025, 3, 10))  # another organisation's
    entree(autre, D(2025, 3, 1), D(2025, 3, 5))
    return org


def test_les_chiffres_d_un_mois(organisation):
    chiffres = retour(prescripteur_id=organisation.pk, debut=D(2025, 3, 1), fin=D(2025, 3, 31))
    # Sent in March: two of the entries' prescriptions (1 March), the online one, the waiting one.
    assert (chiffres.prescriptions, chiffres.en_ligne) == (4, 1)
    assert (chiffres.entrees, chiffres.non_entrees, chiffres.taux_entree) == (2, 3, 40.0)
    assert (chiffres.delai_moyen_jours, chiffres.delai_median_jours) == (15.0, 15.0)
    assert (chiffres.parcours_en_cours, chiffres.sorties_positives, chiffres.autres_sorties) == (1, 1, 0)
    # Waiting at the end of March: the online and the unassigned ones, and the one that enters on 1 April.
    assert chiffres.en_attente == 3
    assert [(g.groupe, g.n, g.motifs) for g in chiffres.groupes] == [
        ("sans_suite", 1, []),
        ("raison_personnelle", 2, []),  # santé and maternité: never detailed for a prescriber
    ]


def test_le_detail_des_motifs_pour_l_animation_seulement(client):
    """Whatever the period chosen, a prescriber never reads a detailed motif (a year minus a month would give the
    motif of the one non-entry their list names); the structure d'animation does."""
    org = PrescripteurFactory()
    for code, n, le in (
        ("sante", 3, D(2025, 1, 10)),
        ("demenagement", 3, D(2025, 1, 12)),
        ("sante", 1, D(2025, 2, 3)),
    ):
        for _ in range(n):
            non_entree(org, code, le)
    groupes = retour(prescripteur_id=org.pk, debut=D(2025, 1, 1), fin=D(2025, 12, 31), detail=True).groupes
    assert [(g.libelle, g.n, [(m.libelle, m.n) for m in g.motifs]) for g in groupes] == [
        ("Raison personnelle", 7, [("Santé", 4), ("Déménagement", 3)])
    ]
    assert retour(prescripteur_id=org.pk, debut=D(2025, 1, 1), fin=D(2025, 12, 31)).groupes[0].motifs == []
    contact = ContactPrescripteurFactory(avec_compte=True, prescripteur=org)
    client.force_login(contact.utilisateur)
    for periode in ("?annee=2025", "?annee=2025&mois=1", "?annee=2025&mois=2"):
        page = client.get(reverse("prescripteur_bilan") + periode).content.decode()
        assert "Raison personnelle" in page and "Santé" not in page and "Déménagement" not in page, periode
    client.force_login(UserFactory(role=Role.ANIMATION))
    page = client.get(reverse("prescripteurs_bilan", args=[org.pk]) + "?annee=2025").content.decode()
    assert "Santé" in page and "Déménagement" in page


def test_une_periode_a_venir_est_refusee(client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 6, 15))  # mid-year: a month to come exists
    contact = ContactPrescripteurFactory(avec_compte=True)
    client.force_login(contact.utilisateur)
    page = client.get(reverse("prescripteur_bilan") + "?annee=2026").content.decode()
    assert "En attente au 15/06/2026" in page  # not the 31st of December to come
    prochain = client.get(reverse("prescripteur_bilan") + "?annee=2026&mois=7").content.decode()
    assert "pas commencé" in prochain
    en_cours = client.get(reverse("prescripteur_bilan") + "?annee=2026&mois=6").content.decode()
    assert "pas commencé" not in en_cours and "En attente au 15/06/2026" in en_cours


def test_toutes_les_organisations_et_la_base_vide():
    vide = retour(prescripteur_id=None, debut=D(2025, 1, 1), fin=D(2025, 12, 31))
    assert (vide.prescriptions, vide.entrees, vide.groupes, vide.delai_moyen_jours, vide.taux_entree) == (
        0,
        0,
        [],
        None,
        None,
    )


def test_un_nombre_fixe_de_requetes(organisation):
    def compter():
        with CaptureQueriesContext(connection) as requetes:
            retour(prescripteur_id=organisation.pk, debut=D(2025, 1, 1), fin=D(2025, 12, 31))
        return len(requetes)

    avant = compter()
    for _ in range(5):
        entree(organisation, D(2025, 5, 1), D(2025, 5, 10))
        non_entree(organisation, "fle", D(2025, 5, 3))
    assert compter() == avant == 3


def test_la_page_du_bilan(client, organisation):
    contact = ContactPrescripteurFactory(avec_compte=True, prescripteur=organisation)
    client.force_login(contact.utilisateur)
    page = client.get(reverse("prescripteur_bilan") + "?annee=2025&mois=3").content.decode()
    assert "mars 2025" in page and "40,0 %" in page and "15,0 jours" in page
    assert "Raison personnelle" in page and "Santé" not in page
    mauvais = client.get(reverse("prescripteur_bilan") + "?annee=abc&mois=13")
    assert mauvais.status_code == 200  # an unreadable period falls back to this year


def test_le_bilan_n_offre_que_les_annees_de_l_organisation(client, monkeypatch):
    """From the year of the organisation's first prescription to this one; this one alone before any (another
    organisation's older prescriptions do not count)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 6, 15))
    contact = ContactPrescripteurFactory(avec_compte=True)
    PrescriptionFactory(prescripteur=PrescripteurFactory(), date_prescription=D(2019, 5, 1))
    client.force_login(contact.utilisateur)

    def annees():
        page = client.get(reverse("prescripteur_bilan")).content.decode()
        select = re.search(r'<select name="annee".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="(\d+)"', select)

    assert annees() == ["2026"]
    PrescriptionFactory(prescripteur=contact.prescripteur, date_prescription=D(2023, 12, 31))
    assert annees() == ["2026", "2025", "2024", "2023"]


@pytest.mark.parametrize("mois", range(1, 13))
def test_le_courriel_mensuel_chaque_mois(mailoutbox, mois):
    org = PrescripteurFactory()
    contact = ContactPrescripteurFactory(avec_compte=True, prescripteur=org)
    ContactPrescripteurFactory(avec_compte=True, prescripteur=org, bilan_mensuel=False)  # unsubscribed
    periode = Periode(2025, mois)
    non_entree(org, "sante", periode.fin_mois, prescrite=periode.debut_mois)  # the last day of the month
    entree(org, periode.debut_mois, periode.debut_mois)  # the first day
    assert bilan_mensuel_envoyer(periode=periode) == 1
    message = mailoutbox[-1]
    assert message.to == [contact.utilisateur.email] and periode.libelle in message.subject
    assert "Entrées : 1" in message.body and "Non-entrées : 1" in message.body
    assert "Raison personnelle : 1" in message.body and "Santé" not in message.body
    assert f"annee=2025&mois={mois}" in message.body
    assert bilan_mensuel_envoyer(periode=periode) == 0  # run again: nothing more
    assert len(mailoutbox) == 1


def test_le_mois_precedent():
    assert mois_precedent(D(2026, 1, 2)) == Periode(2025, 12)
    assert mois_precedent(D(2026, 3, 31)) == Periode(2026, 2)


def test_chaque_tache_planifiee_existe():
    app.autodiscover_tasks(force=True)
    for nom, tache in settings.CELERY_BEAT_SCHEDULE.items():
        assert tache["task"] in app.tasks, nom


def test_la_liste_du_prescripteur_en_un_nombre_fixe_de_requetes(client):
    contact = ContactPrescripteurFactory(avec_compte=True)
    referent = ReferentFactory()
    client.force_login(contact.utilisateur)

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("prescripteur")).status_code == 200
        return len(requetes)

    PrescriptionFactory(prescripteur=contact.prescripteur, referent=referent, date_prescription=D(2026, 1, 5))
    avant = compter()
    for _ in range(5):
        PrescriptionFactory(prescripteur=contact.prescripteur, referent=referent, date_prescription=D(2026, 1, 5))
        entree(contact.prescripteur, D(2026, 1, 5), D(2026, 1, 20))
    assert compter() == avant
