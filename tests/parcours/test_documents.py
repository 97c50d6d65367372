import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parcours.anonymisation import anonymiser_participants
from parcours.models import Document, TypePiece
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% contrat signe\n"


@pytest.fixture
def parcours():
    return ParcoursFactory(prescription__referent=ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)))


def deposer(client, parcours, nom, contenu):
    return client.post(
        reverse("document_ajouter", args=[parcours.pk]),
        {
            "type_piece": TypePiece.objects.get(code="identite").pk,
            "libelle": "Contrat",
            "fichier": SimpleUploadedFile(nom, contenu),
        },
    )


def test_depot_et_telechargement_par_le_referent(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    assert deposer(client, parcours, "Dupont Jean contrat.pdf", PDF).status_code == 302
    document = Document.objects.get()
    assert "Dupont" not in document.fichier.name and document.fichier.name.endswith(".pdf")
    reponse = client.get(reverse("document", args=[document.pk]))
    assert b"".join(reponse.streaming_content) == PDF
    assert reponse["Content-Disposition"] == f'attachment; filename="document-{document.pk}.pdf"'
    assert JournalAcces.objects.filter(action=ActionJournal.TELECHARGEMENT, objet_id=document.pk).exists()
    page = client.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert "<title>Dossier du participant — PLIE Dijon Métropole</title>" in page
    assert page.count('id="documents"') == 1 and "Contrat" in page


@pytest.mark.parametrize(
    "nom, contenu",
    [("vide.pdf", b""), ("tableau.pdf", b"nom;prenom\nDupont;Jean\n"), ("image.pdf", b"\x89PNG\r\n\x1a\n0000")],
)
def test_fichier_refuse_sans_rien_enregistrer(client, parcours, nom, contenu):
    client.force_login(parcours.referent.utilisateur)
    reponse = deposer(client, parcours, nom, contenu)
    assert reponse.status_code == 200
    assert not Document.objects.exists()


def test_un_autre_referent_ne_telecharge_pas(client, parcours):
    document = Document.objects.create(
        participant=parcours.participant,
        parcours=parcours,
        type_piece=TypePiece.objects.get(code="autre"),
        fichier=SimpleUploadedFile("a.pdf", PDF),
    )
    client.force_login(ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)).utilisateur)
    assert client.get(reverse("document", args=[document.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.PORTEUR))
    assert client.get(reverse("document", args=[document.pk])).status_code == 403


def test_l_anonymisation_supprime_les_documents(parcours, django_capture_on_commit_callbacks):
    document = Document.objects.create(
        participant=parcours.participant,
        parcours=parcours,
        type_piece=TypePiece.objects.get(code="autre"),
        fichier=SimpleUploadedFile("a.pdf", PDF),
    )
    stockage, nom = document.fichier.storage, document.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        anonymiser_participants([parcours.participant_id])
    assert not Document.objects.exists()
    assert not stockage.exists(nom)
