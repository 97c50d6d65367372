"""The commission in the browser: ten decisions in one submit — eight validated, one sent back with its comment,
one sent back without a comment and refused with its reason, the others recorded — without the page reloading;
the home's tile, open in another tab, follows within its 30-second refresh."""

import datetime

import pytest
from playwright.sync_api import expect

from parcours.enums import StatutCommission
from parcours.models import Parcours
from plie.enums import Role
from tests.e2e.navigation import se_connecter
from tests.parcours.factories import ParcoursFactory
from tests.plie.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_dix_decisions_en_un_envoi(page, capture):
    dix = [ParcoursFactory(date_entree=datetime.date(2017, 1, 2) + datetime.timedelta(days=i)) for i in range(10)]
    animation = UserFactory(role=Role.ANIMATION, email="coordination@plie.fr")
    se_connecter(page, animation.email)
    accueil = page.context.new_page()  # the home, left open in another tab (same session)
    accueil.clock.install()
    accueil.goto("/")
    tuile = accueil.locator('[data-compteur="entrees"]')
    expect(tuile).to_have_text("10")
    page.get_by_role("link", name="Commission").first.click()
    expect(page.get_by_role("heading", name="Entrées à valider (10)")).to_be_visible()
    page.evaluate("window.memePage = true")  # gone if the page reloads
    for un in dix[:8]:
        page.get_by_role("group", name=f"Décision pour {un.participant}").get_by_label("Valider").check()
    renvoi = page.get_by_role("group", name=f"Décision pour {dix[8].participant}")
    renvoi.get_by_label("Renvoyer").check()
    renvoi.get_by_label("Commentaire pour le référent").fill("Le RSA n'est pas coché.")
    page.get_by_role("group", name=f"Décision pour {dix[9].participant}").get_by_label("Renvoyer").check()
    capture("commission-dix-decisions")
    page.get_by_role("button", name="Enregistrer les décisions choisies").first.click()
    expect(page.get_by_text("Entrées : 8 validées, 1 renvoyée au référent.")).to_be_visible()
    expect(page.get_by_text(f"Non enregistrées (1) : {dix[9].participant}")).to_be_visible()
    expect(page.get_by_role("heading", name="Entrées à valider (1)")).to_be_visible()
    expect(page.locator("tr[data-ligne]")).to_have_count(1)  # the decided rows left the table
    expect(page.get_by_role("button", name="Valider toutes les lignes de la page sans décision (1)")).to_be_visible()
    assert page.evaluate("window.memePage") is True
    capture("commission-apres")
    expect(tuile).to_have_text("10")
    accueil.clock.run_for(31_000)  # the home's refresh
    expect(tuile).to_have_text("1")
    statuts = dict(Parcours.objects.values_list("pk", "entree_commission"))
    assert [statuts[p.pk] for p in dix].count(StatutCommission.VALIDEE) == 8
