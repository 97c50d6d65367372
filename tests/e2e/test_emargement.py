"""Émargement in the browser, on a screen and on a phone: from the agenda's week to the sheet, a collective session
signed on the pad by two participants (a third ticked absent), the signed PDF kept with its fingerprint; the board
of the month then counts it signed."""

import datetime
import hashlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda import services
from agenda.enums import StatutFeuille
from agenda.models import CategorieActivite, FeuilleEmargement, SignatureEmargement
from plie.enums import Role
from tests.e2e.navigation import se_connecter
from tests.fse.histoires import portage
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def signer(page, cadre):
    """A signature drawn with the pointer across the pad."""
    cadre.scroll_into_view_if_needed()
    boite = cadre.bounding_box()
    page.mouse.move(boite["x"] + 20, boite["y"] + boite["height"] / 2)
    page.mouse.down()
    for i in range(1, 25):
        page.mouse.move(boite["x"] + 20 + i * 8, boite["y"] + boite["height"] / 2 + (12 if i % 2 else -12))
    page.mouse.up()


@pytest.mark.parametrize("page", [1280, 390], indirect=True, ids=["ecran", "telephone"])
def test_une_seance_signee_sur_le_pad(page, capture):
    aujourd_hui = timezone.localdate()
    referent = ReferentFactory(
        prenom="Claire", nom="Morel", utilisateur=UserFactory(role=Role.REFERENT, email="claire.morel@test.plie.fr")
    )
    portage(referent.structure, aujourd_hui.year)
    # Record numbers over a thousand, as on a real base: each pad's field is named after its parcours.
    parcours = [
        ParcoursFactory(pk=4_321 + i, referent=referent, date_entree=aujourd_hui - datetime.timedelta(days=60))
        for i in range(3)
    ]
    seance = services.activite_enregistrer(
        referent=referent,
        categorie=CategorieActivite.objects.get(code="atelier_collectif"),
        date=aujourd_hui,
        debut=datetime.time(9, 0),
        fin=datetime.time(10, 30),
        participants=parcours,
        intitule="Atelier CV",
        realisee=True,
        par=referent.utilisateur,
    )
    se_connecter(page, "claire.morel@test.plie.fr")
    page.goto(f"/agenda/?semaine={aujourd_hui.isoformat()}")
    page.get_by_role("link", name="sans feuille signée").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feuille d'émargement")
    capture("emargement-feuille")
    page.get_by_role("link", name="Faire signer à l'écran").click()
    cadres = page.locator("canvas")
    expect(cadres).to_have_count(3)
    page.get_by_role("button", name="Enregistrer la feuille signée").click()  # nobody signed yet: stopped here
    expect(page.get_by_text("Pas encore signé")).to_be_visible()
    signer(page, cadres.nth(0))
    signer(page, cadres.nth(1))
    page.get_by_label("Absent").nth(2).check()
    capture("emargement-signature")
    page.get_by_role("button", name="Enregistrer la feuille signée").click()
    expect(page.get_by_text("Feuille d'émargement signée : le PDF signé est conservé.")).to_be_visible()
    expect(page.get_by_text("le fichier conservé correspond à son empreinte")).to_be_visible()

    feuille = FeuilleEmargement.objects.get(activite=seance)
    assert feuille.statut == StatutFeuille.SIGNEE
    with feuille.fichier.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == feuille.empreinte
    presents = SignatureEmargement.objects.filter(feuille=feuille, present=True)
    assert sorted(presents.values_list("parcours_id", flat=True)) == [p.pk for p in parcours[:2]]
    assert all(bytes(s.image).startswith(b"\x89PNG") for s in presents)

    page.get_by_role("link", name="Émargements du mois").click()
    ligne = page.locator("tbody tr", has_text="Claire Morel")
    expect(ligne).to_contain_text("1")  # one physical contact, signed
    expect(page.get_by_text("ont leur feuille signée")).to_be_visible()
    capture("emargements-du-mois")
