"""A référent's day, end to end in the browser, then the structure d'animation's commission."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parcours import sortie_emploi
from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import Parcours, Prescription
from plie.enums import Role
from tests.e2e.navigation import menu, se_connecter, se_deconnecter
from tests.parcours.factories import PrescriptionFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

# The live server's transactions are real: the referentials loaded by the migrations are restored after the test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AUJOURDHUI = timezone.localdate()


def jour(jours_avant: int) -> str:
    return (AUJOURDHUI - datetime.timedelta(days=jours_avant)).isoformat()


def enregistrer(page, message):
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(message)).to_be_visible()


@pytest.fixture
def journee():
    referent = ReferentFactory(
        prenom="Claire", nom="Morel", utilisateur=UserFactory(role=Role.REFERENT, email="claire.morel@test.plie.fr")
    )
    UserFactory(role=Role.ANIMATION, email="animation@test.plie.fr")
    a_entrer = PrescriptionFactory(
        referent=referent, nom="Bernard", prenom="Léa", date_prescription=AUJOURDHUI - datetime.timedelta(days=240)
    )
    sans_suite = PrescriptionFactory(
        referent=referent, nom="Petit", prenom="Marc", date_prescription=AUJOURDHUI - datetime.timedelta(days=20)
    )
    return a_entrer, sans_suite


@pytest.mark.parametrize("page", [1280, 390], indirect=True, ids=["ecran", "telephone"])
def test_journee_d_un_referent_puis_commission(page, capture, journee):
    a_entrer, sans_suite = journee

    # The référent signs in: the home shows the waiting prescriptions among the alerts.
    se_connecter(page, "claire.morel@test.plie.fr")
    capture("01-accueil-referent")

    # Prescriptions "à recevoir", each with its age in days.
    menu(page, "Prescriptions")
    ligne = page.get_by_role("row").filter(has_text="BERNARD")
    expect(ligne).to_contain_text("240")
    capture("02-prescriptions-a-recevoir")

    # Entry of a new person.
    ligne.get_by_role("link").first.click()
    page.get_by_role("link", name="Enregistrer l'entrée").click()
    page.fill("#id_personne-date_naissance", "1980-04-12")
    page.select_option("#id_personne-sexe", "f")
    page.select_option("#id_personne-nationalite", index=1)
    page.select_option("#id_personne-commune", label="Dijon")
    page.select_option("#id_entree-situation_emploi", index=1)
    page.fill("#id_entree-date_entree", jour(230))
    page.get_by_label("Bénéficiaire du RSA").check()
    # The situation proposes the criterion, with its reason; the référent ticks it and confirms.
    expect(page.locator('[data-critere="minima_sociaux"]')).to_have_text("Proposé : bénéficiaire du RSA")
    page.get_by_label("Bénéficiaire de minima sociaux (RSA…)").check()
    page.get_by_label("J'ai vérifié les critères d'éligibilité cochés").check()
    page.fill("#id_entree-date_contrat_engagement", jour(230))
    page.fill("#id_entree-date_information_rgpd", jour(230))
    capture("03-entree")
    page.get_by_role("button", name="Enregistrer l'entrée").click()
    expect(page.get_by_text("Entrée enregistrée : le parcours est ouvert.")).to_be_visible()
    parcours = Parcours.objects.get(prescription=a_entrer)
    assert parcours.date_entree == AUJOURDHUI - datetime.timedelta(days=230)

    # Entry diagnostic.
    page.get_by_role("link", name="Diagnostic").click()
    page.fill("#id_date", jour(225))
    page.get_by_label("Mobilité : Fort").check()  # the grid: one row per family, one column per degree
    page.get_by_label("Communication en français : À renforcer").check()
    enregistrer(page, "Diagnostic enregistré")

    # An employment étape (a long contract), then an entretien.
    page.get_by_role("link", name="+ Étape").click()
    page.get_by_label("Type").select_option(label="Contrat long (CDI / CDD 6 mois et plus)")
    page.fill("#id_date_debut", jour(200))
    page.fill("#id_employeur_organisme", "Boulangerie du centre")
    page.fill("#id_heures_hebdo", "35")
    enregistrer(page, "Étape enregistrée")
    expect(
        page.get_by_text(re.compile("Suivi dans l.emploi — la sortie « Emploi durable » peut être enregistrée"))
    ).to_be_visible()

    page.get_by_role("link", name="+ Entretien").click()
    page.fill("#id_date", jour(100))
    page.select_option("#id_type", label="Point d'étape")
    page.select_option("#id_mode", label="En présentiel")
    page.fill("#id_duree_minutes", "45")
    enregistrer(page, "Entretien enregistré")

    # A veille of one month.
    page.get_by_role("link", name="+ Veille").click()
    page.fill("#id_date_debut", jour(60))
    page.fill("#id_date_fin_prevue", jour(30))
    page.fill("#id_date_fin", jour(30))
    page.fill("#id_motif", "Période d'essai dans l'emploi")
    enregistrer(page, "Veille enregistrée")
    capture("04-dossier-participant")

    # Six months after hiring: the form proposes the positive exit on the day the rule is met, and says why; a day
    # too early is refused with the rule's message, the proposed day is accepted.
    possible = sortie_emploi.mois_apres(AUJOURDHUI - datetime.timedelta(days=200), 6)
    page.get_by_role("link", name="Sortie", exact=True).click()
    expect(page.locator("#id_date_sortie")).to_have_value(possible.isoformat())
    expect(page.get_by_text(f"possible depuis le {possible:%d/%m/%Y}")).to_be_visible()
    page.fill("#id_date_sortie", (possible - datetime.timedelta(days=5)).isoformat())
    capture("05-sortie")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(f"La sortie ne peut pas précéder le {possible:%d/%m/%Y}").first).to_be_visible()
    capture("05b-sortie-trop-tot")
    page.fill("#id_date_sortie", possible.isoformat())
    enregistrer(page, "Sortie enregistrée")
    parcours.refresh_from_db()
    assert parcours.date_sortie == possible and parcours.motif_sortie.code == "emploi_durable"

    # The other prescription does not lead to an entry.
    menu(page, "Prescriptions")
    page.get_by_role("row").filter(has_text="PETIT").get_by_role("link").first.click()
    page.get_by_role("link", name="Enregistrer une non-entrée").click()
    page.get_by_label("Motif de non-entrée").select_option(label="Refus d'accompagnement")
    enregistrer(page, "Non-entrée enregistrée")
    sans_suite.refresh_from_db()
    assert sans_suite.statut == StatutPrescription.NON_ENTREE
    se_deconnecter(page)

    # The structure d'animation validates the entry and the exit in the commission.
    se_connecter(page, "animation@test.plie.fr")
    # Their dashboard shows what awaits the commission.
    attente = page.locator("section[aria-labelledby=titre-commission] li")
    expect(attente.filter(has_text="Entrées à valider en commission").locator(".badge")).to_have_text("1")
    expect(attente.filter(has_text="Sorties à valider en commission").locator(".badge")).to_have_text("1")
    capture("06-tableau-de-bord")
    menu(page, "Commission")
    capture("07-commission")
    entrees = page.locator("section[aria-labelledby=titre-entrees]")
    entrees.get_by_role("group", name="Décision pour BERNARD Léa").get_by_label("Valider").check()
    entrees.get_by_role("button", name="Enregistrer les décisions choisies").click()
    expect(page.get_by_text("Entrées : 1 validée.")).to_be_visible()
    # The exit goes back to the référent, with the commission's comment.
    sorties = page.locator("section[aria-labelledby=titre-sorties]")
    decision = sorties.get_by_role("group", name="Décision pour BERNARD Léa")
    decision.get_by_label("Renvoyer").check()
    decision.get_by_label("Commentaire pour le référent").fill("Joindre le contrat de travail.")
    sorties.get_by_role("button", name="Enregistrer les décisions choisies").click()
    expect(page.get_by_text("Sorties : 1 renvoyée au référent.")).to_be_visible()
    se_deconnecter(page)

    # The référent corrects it from the dossier, where the comment and the button are.
    se_connecter(page, "claire.morel@test.plie.fr")
    page.goto(f"/participants/{parcours.participant_id}/")
    expect(page.get_by_text("Sortie renvoyée par la commission : Joindre le contrat de travail.")).to_be_visible()
    capture("06a-sortie-renvoyee")
    page.get_by_role("link", name="Corriger la sortie").click()
    page.fill("#id_commentaire", "Contrat de travail joint au dossier.")
    enregistrer(page, "Sortie enregistrée")
    se_deconnecter(page)

    se_connecter(page, "animation@test.plie.fr")
    menu(page, "Commission")
    sorties = page.locator("section[aria-labelledby=titre-sorties]")
    sorties.get_by_role("button", name="Valider toutes les lignes de la page sans décision (1)").click()
    expect(page.get_by_text("Sorties : 1 validée.")).to_be_visible()
    parcours.refresh_from_db()
    assert (parcours.entree_commission, parcours.sortie_commission) == (StatutCommission.VALIDEE,) * 2
    expect(page.get_by_text("Aucune entrée n'attend la commission.")).to_be_visible()
    expect(page.get_by_text("Aucune sortie n'attend la commission.")).to_be_visible()
    capture("08-commission-validee")

    # The participants list of the whole PLIE finds the closed parcours.
    menu(page, "Participants")
    page.select_option("#id_etat", "sortis")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("row").filter(has_text="BERNARD")).to_contain_text("Emploi durable")
    capture("09-participants-sortis")
    assert Prescription.objects.filter(statut=StatutPrescription.EN_ATTENTE).count() == 0
