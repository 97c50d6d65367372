"""A prescriber's whole story, through the screens: invited by the structure d'animation, they prescribe online;
the animation pre-assigns, the référent enters the person; the prescriber's page shows the progress and nothing
else about the person. A non-entry for health shows only its group."""

import datetime
import importlib
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcours.enums import OriginePrescription, StatutPrescription
from parcours.models import Document, MotifNonEntree, Parcours, Prescription
from participants.models import Commune, ContactPrescripteur
from plie.enums import Role
from plie.models import User
from tests.parcours.factories import PrescriptionFactory
from tests.parcours.formulaires import donnees_entree
from tests.participants.factories import PrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
GROUPES = importlib.import_module("parcours.migrations.0015_prescription_en_ligne").GROUPES
MOT_DE_PASSE = "cheval batterie agrafe correcte bleue soleil maison"
AUJOURDHUI = timezone.localdate()


def prescription_en_ligne(**autres):
    return {
        "nom": "Durand",
        "prenom": "Léa",
        "date_naissance": "1988-05-17",
        "sexe": "f",
        "telephone": "06 12 34 56 78",
        "email": "",
        "commune": Commune.objects.get(nom="Dijon").pk,
        "situation": "rsa",
        "observations": "Souhaite travailler dans la logistique.",
        "personne_informee": "on",
        **autres,
    }


def page(client, nom, *args) -> str:
    reponse = client.get(reverse(nom, args=args))
    assert reponse.status_code == 200, (nom, reponse.status_code)
    return reponse.content.decode()


def inviter_et_se_connecter(client, animation, organisation, courriels, email="claire.martin@francetravail.fr"):
    client.force_login(animation)
    with courriels(execute=True):
        reponse = client.post(
            reverse("prescripteurs"),
            {"prescripteur": organisation.pk, "prenom": "Claire", "nom": "Martin", "email": email},
        )
    assert reponse.status_code == 302
    compte = User.objects.get(email=email)
    assert compte.role == Role.PRESCRIPTEUR and not compte.has_usable_password()
    assert ContactPrescripteur.objects.get(utilisateur=compte).prescripteur == organisation
    lien = re.search(r"http://\S+/invitation/\S+/", mail.outbox[-1].body).group(0)
    assert "« Prescripteur »" in mail.outbox[-1].body
    client.logout()
    formulaire = client.get(lien, follow=True)
    client.post(formulaire.redirect_chain[-1][0], {"new_password1": MOT_DE_PASSE, "new_password2": MOT_DE_PASSE})
    assert client.post(reverse("login"), {"username": email, "password": MOT_DE_PASSE}).status_code == 302
    compte.refresh_from_db()  # its password is now set
    return compte


def test_de_la_prescription_en_ligne_a_l_entree(client, django_capture_on_commit_callbacks):
    animation = UserFactory(role=Role.ANIMATION)
    organisation = PrescripteurFactory(nom="France Travail Dijon Nord")
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT, nom="Rousseau"))
    prescripteur = inviter_et_se_connecter(client, animation, organisation, django_capture_on_commit_callbacks)
    assert client.get(reverse("accueil")).url == reverse("prescripteur")

    # The prescriber prescribes online, with a PDF.
    envoi = client.post(
        reverse("prescripteur_nouvelle"),
        {
            **prescription_en_ligne(situation="de_longue_duree"),
            "piece_jointe": SimpleUploadedFile("cv Léa Durand.pdf", b"%PDF-1.4 cv"),
        },
    )
    prescription = Prescription.objects.get()
    assert envoi.url == reverse("prescripteur_prescription", args=[prescription.pk])
    assert (prescription.origine, prescription.prescripteur, prescription.contact.utilisateur) == (
        OriginePrescription.EN_LIGNE,
        organisation,
        prescripteur,
    )
    assert (prescription.date_prescription, prescription.statut, prescription.referent) == (
        AUJOURDHUI,
        StatutPrescription.EN_ATTENTE,
        None,
    )
    assert "Durand" not in prescription.piece_jointe.name  # stored under a random name
    confirmation = page(client, "prescripteur_prescription", prescription.pk)
    assert "Prescription envoyée au PLIE avec sa pièce jointe, bien reçue." in confirmation
    assert f"Prescription du {AUJOURDHUI:%d/%m/%Y}, envoyée en ligne." in confirmation
    assert re.search(r"Pièce jointe</dt><dd[^>]*>Reçue par le PLIE<", confirmation)
    assert "Reçue" in page(client, "prescripteur")

    # The structure d'animation sees it waiting and pre-assigns it.
    client.force_login(animation)
    assert "DURAND Léa" in page(client, "prescriptions")
    detail = page(client, "prescription", prescription.pk)
    assert "Envoyée en ligne par le prescripteur" in detail and "Télécharger" in detail
    client.post(
        reverse("prescription_preaffecter", args=[prescription.pk]),
        {"referent": referent.pk, "date": AUJOURDHUI.isoformat()},
    )
    client.force_login(prescripteur)
    suivi = page(client, "prescripteur_prescription", prescription.pk)
    assert "Pré-affectée" in suivi and "Rousseau" not in suivi  # not the référent's name

    # The référent enters the person, recording more than the prescriber sent.
    client.force_login(referent.utilisateur)
    entree = donnees_entree(
        personne="nouvelle",
        **{
            "personne-nom": "DURAND",
            "personne-prenom": "Léa",
            "personne-date_naissance": "1988-05-17",
            "entree-date_entree": AUJOURDHUI.isoformat(),
        },
    )
    assert client.post(reverse("prescription_entree", args=[prescription.pk]), entree).status_code == 302
    parcours = Parcours.objects.get()
    document = Document.objects.get(parcours=parcours)
    assert document.type_piece.code == "prescription" and document.fichier.read() == b"%PDF-1.4 cv"
    prescription.refresh_from_db()
    assert not prescription.piece_jointe  # moved to the person's documents

    # The prescriber sees "entrée" and the parcours in progress — nothing of the record; the attachment they sent
    # is still said received.
    client.force_login(prescripteur)
    assert re.search(
        r"Pièce jointe</dt><dd[^>]*>Reçue par le PLIE<", page(client, "prescripteur_prescription", prescription.pk)
    )
    for contenu in (page(client, "prescripteur"), page(client, "prescripteur_prescription", prescription.pk)):
        assert "Entrée" in contenu and "Parcours en cours" in contenu
        for secret in ("Lefebvre", "LEFEBVRE", "Rousseau", "dossier", "RSA", "Niveau 3"):
            assert secret not in contenu, secret
    assert client.get(reverse("dossier_participant", args=[parcours.participant_id])).status_code == 403
    assert client.get(reverse("document", args=[document.pk])).status_code == 403
    assert client.get(reverse("prescription", args=[prescription.pk])).status_code == 403


def test_une_non_entree_pour_sante_ne_montre_que_son_groupe(client, django_capture_on_commit_callbacks):
    organisation = PrescripteurFactory()
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    prescripteur = inviter_et_se_connecter(
        client, UserFactory(role=Role.ANIMATION), organisation, django_capture_on_commit_callbacks
    )
    client.post(reverse("prescripteur_nouvelle"), prescription_en_ligne())
    prescription = Prescription.objects.get()
    client.force_login(UserFactory(role=Role.ANIMATION))
    client.post(
        reverse("prescription_preaffecter", args=[prescription.pk]),
        {"referent": referent.pk, "date": AUJOURDHUI.isoformat()},
    )
    client.force_login(referent.utilisateur)
    client.post(
        reverse("prescription_non_entree", args=[prescription.pk]),
        {
            "motif": MotifNonEntree.objects.get(code="sante").pk,
            "date": AUJOURDHUI.isoformat(),
            "commentaire": "Hospitalisation prévue",
        },
    )
    client.force_login(prescripteur)
    for contenu in (
        page(client, "prescripteur"),
        page(client, "prescripteur_prescription", prescription.pk),
        page(client, "prescripteur_bilan"),
    ):
        assert "Raison personnelle" in contenu or "raison personnelle" in contenu
        for secret in ("Santé", "santé", "Hospitalisation"):
            assert secret not in contenu, secret


@pytest.mark.parametrize("code", sorted(GROUPES))
def test_aucun_motif_de_sante_de_maternite_ou_de_deja_accompagne_n_est_montre(code):
    groupe = MotifNonEntree.objects.get(code=code).get_groupe_prescripteur_display()
    assert groupe.lower() not in ("santé", "maternité", "déjà en accompagnement")
    if code in ("sante", "maternite"):
        assert groupe == "Raison personnelle"
    if code == "deja_accompagne":
        assert groupe == "Ne remplit pas les conditions"


def test_la_prescription_sort_de_la_liste_six_mois_apres_la_non_entree(settings):
    organisation = PrescripteurFactory()
    compte = UserFactory(role=Role.PRESCRIPTEUR)
    ContactPrescripteur.objects.create(prescripteur=organisation, prenom="A", nom="B", utilisateur=compte)
    referent = ReferentFactory()
    decision = datetime.date(2025, 3, 31)
    p = PrescriptionFactory(
        prescripteur=organisation,
        referent=referent,
        date_prescription=datetime.date(2025, 3, 1),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=decision,
        motif_non_entree=MotifNonEntree.objects.get(code="absent_rdv"),
    )
    suivies = Prescription.objects.du_prescripteur
    assert list(suivies(compte, au=datetime.date(2025, 9, 30))) == [p]  # 6 months after 31 March: 30 September
    assert list(suivies(compte, au=datetime.date(2025, 10, 1))) == []
    settings.PRESCRIPTEUR_SUIVI_MOIS = 12
    assert list(suivies(compte, au=datetime.date(2025, 10, 1))) == [p]
