"""The head of an open parcours in the dossier: who follows and since when, how long, the étapes in progress, the
next due dates (the alert rules' own), for a constant number of queries."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from parcours.synthese import duree
from plie.enums import Role
from tests.parcours.factories import EntretienFactory, VeilleFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import etape, parcours, transferer

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.mark.parametrize(
    "depuis, attendu",
    [
        (datetime.date(2026, 11, 20), "12 jours"),
        (datetime.date(2026, 4, 2), "8 mois"),
        (datetime.date(2024, 9, 2), "2 ans et 3 mois"),
        (datetime.date(2025, 12, 2), "1 an"),
        (datetime.date(2026, 12, 1), "1 jour"),
    ],
)
def test_la_duree_se_dit_en_francais(depuis, attendu):
    assert duree(depuis, datetime.date(2026, 12, 2)) == attendu


def test_l_en_tete_du_parcours_dit_ou_en_est_la_personne(client):
    ancien = ReferentFactory()
    moi = ReferentFactory(prenom="Camille", nom="Moi", utilisateur=UserFactory(role=Role.REFERENT))
    entree = AUJOURDHUI - relativedelta(months=7)
    un = parcours(ancien, entree, prescrit_le=entree - datetime.timedelta(days=20))
    transferer(un, moi, AUJOURDHUI - relativedelta(months=2))
    etape(un, AUJOURDHUI - relativedelta(months=1), type_code="contrat_long")
    etape(un, entree, entree + datetime.timedelta(days=10), type_code="contrat_long")  # finished: not in progress
    VeilleFactory(
        parcours=un,
        date_debut=AUJOURDHUI - datetime.timedelta(days=3),
        date_fin_prevue=AUJOURDHUI + relativedelta(months=1),
    )
    client.force_login(moi.utilisateur)
    page = client.get(reverse("dossier_participant", args=[un.participant_id])).content.decode()
    tete = page[page.index("Où en est le parcours") :]
    tete = tete[: tete.index("</div>\n    \n")] if "</div>\n    \n" in tete else tete[:4000]
    assert "Camille Moi" in tete and f"depuis le {AUJOURDHUI - relativedelta(months=2):%d/%m/%Y}" in tete
    assert "parcours de 7 mois" in tete
    assert f"depuis le {AUJOURDHUI - relativedelta(months=1):%d/%m/%Y}" in tete and tete.count("Contrat long") == 1
    six = entree + relativedelta(months=6)
    assert f"Bilan de parcours à faire : {six:%d/%m/%Y}" in tete  # the 6-month milestone passed, no bilan held
    assert f"Prochain bilan de parcours : {entree + relativedelta(months=12):%d/%m/%Y}" in tete
    assert f"Fin de la veille : {AUJOURDHUI + relativedelta(months=1):%d/%m/%Y}" in tete
    assert f"30 mois de parcours : {entree + relativedelta(months=30):%d/%m/%Y}" in tete
    EntretienFactory(parcours=un, date=AUJOURDHUI, type="bilan", mode="presentiel", duree_minutes=45)
    page = client.get(reverse("dossier_participant", args=[un.participant_id])).content.decode()
    assert "Bilan de parcours à faire" not in page
