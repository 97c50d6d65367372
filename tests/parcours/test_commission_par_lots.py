"""The commission decides a page in one submit: each row validated, sent back with its comment or left; a refused
row is reported with its reason and the others are recorded; filters narrow the queue; each row shows what the
decision needs; the page costs the same whatever its number of rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.enums import StatutCommission
from parcours.models import CritereEligibilite, Document, Parcours, TypePiece
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def entrees(nombre, **kwargs):
    return [ParcoursFactory(date_entree=D(2017, 1, 2) + datetime.timedelta(days=i), **kwargs) for i in range(nombre)]


def test_dix_decisions_en_un_envoi(client_animation):
    dix = entrees(10)
    donnees = {"ligne": [p.pk for p in dix]}
    for p in dix[:8]:
        donnees[f"decision-{p.pk}"] = "valider"
    donnees[f"decision-{dix[8].pk}"] = "renvoyer"
    donnees[f"commentaire-{dix[8].pk}"] = "Le RSA n'est pas coché."
    donnees[f"decision-{dix[9].pk}"] = "renvoyer"  # no comment: refused, the others recorded
    page = client_animation.post(reverse("commission_decider_lot", args=["entree"]), donnees, follow=True)
    texte = page.content.decode()
    assert "Entrées : 8 validées, 1 renvoyée au référent." in texte
    assert f"Non enregistrées (1) : {dix[9].participant} : Indiquez au référent ce qu&#x27;il doit corriger." in texte
    statuts = dict(Parcours.objects.values_list("pk", "entree_commission"))
    assert [statuts[p.pk] for p in dix] == [StatutCommission.VALIDEE] * 8 + [
        StatutCommission.RENVOYEE,
        StatutCommission.A_VALIDER,
    ]
    assert Parcours.objects.get(pk=dix[8].pk).entree_commentaire_commission == "Le RSA n'est pas coché."
    assert re.search(r"Entrées à valider \(<span[^>]*>1</span>\)", texte)


def test_tout_valider_valide_les_lignes_sans_decision_de_la_page(client_animation):
    cinq = entrees(5)
    donnees = {"ligne": [p.pk for p in cinq], "tout_valider": "1", f"decision-{cinq[0].pk}": "renvoyer"}
    donnees[f"commentaire-{cinq[0].pk}"] = "Date d'entrée ?"
    client_animation.post(reverse("commission_decider_lot", args=["entree"]), donnees)
    statuts = [Parcours.objects.get(pk=p.pk).entree_commission for p in cinq]
    assert statuts == [StatutCommission.RENVOYEE] + [StatutCommission.VALIDEE] * 4


def test_les_sorties_se_decident_par_lot_aussi(client_animation):
    sortis = entrees(3, sorti=True)
    donnees = {"ligne": [p.pk for p in sortis], "tout_valider": "1"}
    page = client_animation.post(reverse("commission_decider_lot", args=["sortie"]), donnees, follow=True)
    assert "Sorties : 3 validées." in page.content.decode()
    assert set(Parcours.objects.values_list("sortie_commission", flat=True)) == {StatutCommission.VALIDEE}
    assert Parcours.objects.filter(sortie_validee_le__isnull=True).count() == 0


def test_les_filtres_et_ce_que_chaque_ligne_montre(client_animation):
    mien = ReferentFactory(nom="Mien")
    miens = entrees(2, prescription__referent=mien)
    autres = entrees(3)
    critere = CritereEligibilite.objects.get(code="minima_sociaux")
    miens[0].criteres.add(critere)
    Document.objects.create(
        participant=miens[0].participant,
        parcours=miens[0],
        type_piece=TypePiece.objects.get(code="contrat_engagement"),
        libelle="CER",
    )
    page = client_animation.get(reverse("commission"), {"referent": mien.pk})
    assert page.context["entrees"].paginator.count == 2
    texte = page.content.decode()
    assert critere.libelle in texte and ">CER</a>" in texte
    assert str(autres[0].participant) not in texte
    seules_sorties = client_animation.get(reverse("commission"), {"objet": "sortie"}).content.decode()
    assert "Entrées à valider" not in seules_sorties and "Sorties à valider" in seules_sorties
    anciennes = client_animation.get(reverse("commission"), {"avant": "2017-01-03"})
    assert anciennes.context["entrees"].paginator.count == 4  # entered on 2 or 3 January


def test_la_page_coute_ce_qu_elle_montre(client_animation):
    comptes = []
    for nombre in (3, 20):
        for p in entrees(nombre - len(comptes) * 3, sorti=True):
            p.criteres.add(CritereEligibilite.objects.first())
        with CaptureQueriesContext(connection) as requetes:
            assert client_animation.get(reverse("commission")).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]


def test_la_page_decide_sans_se_recharger(client_animation):
    """Sent by the page's script (JSON asked): the rows decided, the messages and the queue's new counts, and no
    message left for the next page; a refused row stays out of ``decides``."""
    trois = entrees(3)
    sortie = ParcoursFactory(sorti=True)  # its entry waits too
    donnees = {"ligne": [p.pk for p in trois], f"decision-{trois[0].pk}": "valider"}
    donnees[f"decision-{trois[1].pk}"] = "renvoyer"  # no comment: refused
    reponse = client_animation.post(
        reverse("commission_decider_lot", args=["entree"]), donnees, HTTP_ACCEPT="application/json"
    )
    assert reponse.status_code == 200
    assert reponse.json() == {
        "decides": [trois[0].pk],
        "succes": "Entrées : 1 validée.",
        "erreur": f"Non enregistrées (1) : {trois[1].participant} : Indiquez au référent ce qu'il doit corriger.",
        "info": "",
        "comptes": {"entrees": 3, "sorties": 1, "derogations": 0, "prescriptions": 0, "sans_referent": 0},
    }
    seule = client_animation.post(
        reverse("commission_decider", args=[sortie.pk, "sortie"]),
        {"decision": "valider"},
        HTTP_ACCEPT="application/json",
    ).json()
    assert seule["decides"] == [sortie.pk] and seule["comptes"]["sorties"] == 0
    assert "Sortie validée" in seule["succes"]
    page = client_animation.get(reverse("commission")).content.decode()
    assert "Entrées : 1 validée." not in page and "Sortie validée" not in page  # nothing queued for later
    assert 'data-compteur="entrees">3<' in page
    filtree = client_animation.get(reverse("commission"), {"objet": "entree"}).content.decode()
    assert 'data-compteur="entrees"' not in filtree  # a filtered count is the page's own


def test_les_comptes_de_la_commission_ne_prolongent_pas_la_session(client_animation):
    """The counts the home and the commission refresh every 30 s: in the database, and asked in the background
    they leave the idle session's end where it was (a page opened does push it back)."""
    from django.contrib.sessions.models import Session

    entrees(2)
    client_animation.get(reverse("commission"))
    cle = client_animation.session.session_key
    Session.objects.filter(pk=cle).update(expire_date=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    with CaptureQueriesContext(connection) as requetes:
        comptes = client_animation.get(reverse("commission_comptes")).json()
    assert comptes == {"entrees": 2, "sorties": 0, "derogations": 0, "prescriptions": 0, "sans_referent": 0}
    assert Session.objects.get(pk=cle).expire_date.year == 2099
    entrees(3)
    with CaptureQueriesContext(connection) as encore:
        assert client_animation.get(reverse("commission_comptes")).json()["entrees"] == 5
    assert len(encore) == len(requetes)
    client_animation.get(reverse("commission"))
    assert Session.objects.get(pk=cle).expire_date.year != 2099
