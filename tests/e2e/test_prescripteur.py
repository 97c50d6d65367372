"""A prescriber in the browser: prescribes online with an attachment, then follows the prescription while the
structure d'animation pre-assigns it and the référent decides a non-entry for health."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parcours.models import MotifNonEntree, Prescription
from parcours.services import prescription_non_entree
from plie.enums import Role
from tests.e2e.navigation import se_connecter, se_deconnecter
from tests.participants.factories import ContactPrescripteurFactory, PrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_un_prescripteur_prescrit_en_ligne_et_suit_sa_prescription(page, capture, tmp_path):
    organisation = PrescripteurFactory(nom="Mission locale de Dijon")
    ContactPrescripteurFactory(
        prescripteur=organisation,
        email="paul.roy@ml.fr",
        utilisateur=UserFactory(role=Role.PRESCRIPTEUR, email="paul.roy@ml.fr"),
    )
    referent = ReferentFactory(prenom="Claire", nom="Morel")
    UserFactory(role=Role.ANIMATION, email="animation@test.plie.fr")
    fiche = tmp_path / "fiche de liaison.pdf"
    fiche.write_bytes(b"%PDF-1.4 fiche de liaison")

    se_connecter(page, "paul.roy@ml.fr")
    expect(page.get_by_role("heading", name="Prescriptions de Mission locale de Dijon")).to_be_visible()
    page.get_by_role("link", name="Nouvelle prescription").click()
    page.get_by_role("button", name="Envoyer la prescription").click()
    expect(page.get_by_text("points à corriger")).to_be_visible()  # nothing filled: every error at once
    capture("20-prescription-en-ligne-erreurs")
    page.fill("#id_nom", "Garnier")
    page.fill("#id_prenom", "Inès")
    page.fill("#id_date_naissance", "1999-02-03")
    page.fill("#id_telephone", "06 11 22 33 44")
    page.select_option("#id_commune", label="Dijon")
    page.select_option("#id_situation", "demandeur_emploi")
    page.check("#id_personne_informee")
    page.set_input_files("#id_piece_jointe", str(fiche))
    page.get_by_role("button", name="Envoyer la prescription").click()
    expect(page.get_by_text("Prescription envoyée au PLIE")).to_be_visible()
    expect(page.get_by_text("Reçue par le PLIE le")).to_be_visible()
    capture("21-prescription-envoyee")
    se_deconnecter(page)

    # The structure d'animation finds it waiting, with its attachment, and pre-assigns it.
    se_connecter(page, "animation@test.plie.fr")
    page.get_by_role("link", name="Prescriptions").first.click()
    page.get_by_role("row").filter(has_text="GARNIER").get_by_role("link").first.click()
    expect(page.get_by_text("Envoyée en ligne par le prescripteur")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger")).to_be_visible()
    page.select_option("#id_referent", value=str(referent.pk))
    page.get_by_role("button", name="Pré-affecter").click()
    expect(page.get_by_text("Prescription pré-affectée")).to_be_visible()
    se_deconnecter(page)

    # The référent decides a non-entry for health: the prescriber sees its group only.
    prescription_non_entree(
        prescription=Prescription.objects.get(),
        motif=MotifNonEntree.objects.get(code="sante"),
        date=timezone.localdate(),
        par=None,
    )
    se_connecter(page, "paul.roy@ml.fr")
    ligne = page.get_by_role("row").filter(has_text="GARNIER")
    expect(ligne).to_contain_text("Non-entrée")
    expect(ligne).to_contain_text("Raison personnelle")
    expect(page.locator("body")).not_to_contain_text("Santé")
    expect(page.locator("body")).not_to_contain_text("Morel")
    capture("22-suivi-prescripteur")
