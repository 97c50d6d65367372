"""Re-entry scenarios of the access matrix: a person followed by A, then by B; a cover; a transfer. For each, what
A, B and the cover may reach (the dossier, the later parcours' elements and documents, the contact details)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcours import services
from parcours.enums import StatutPrescription
from parcours.models import Document, MotifSortie, TypePiece
from plie.enums import Role
from tests.parcours.factories import EntretienFactory, ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()
PDF = b"%PDF-1.4\n% piece\n"


def referent():
    return ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))


def jours(n):
    return AUJOURDHUI - datetime.timedelta(days=n)


@pytest.fixture
def personne_reprise():
    """A followed the person (exit 60 days ago); B entered them again from a new prescription, uploaded a document
    on the new parcours, recorded an entretien and a new phone number."""
    a, b = referent(), referent()
    premier = ParcoursFactory(
        prescription__referent=a,
        date_entree=jours(300),
        participant__telephone="0601010101",
    )
    personne = premier.participant
    personne.historique.update(history_date=timezone.now() - datetime.timedelta(days=290))
    document_a = services.document_ajouter(
        parcours=premier,
        fichier=SimpleUploadedFile("a.pdf", PDF),
        type_piece=TypePiece.objects.get(code="autre"),
        libelle="Pièce de A",
        par=a.utilisateur,
    )
    services.sortie_enregistrer(
        parcours=premier, date_sortie=jours(60), motif=MotifSortie.objects.get(code="sante"), par=None
    )
    second = ParcoursFactory(
        participant=personne,
        prescription__referent=b,
        prescription__date_prescription=jours(40),
        date_entree=jours(30),
    )
    document_b = services.document_ajouter(
        parcours=second,
        fichier=SimpleUploadedFile("b.pdf", PDF),
        type_piece=TypePiece.objects.get(code="autre"),
        libelle="Pièce de B",
        par=b.utilisateur,
    )
    entretien = EntretienFactory(
        parcours=second, date=jours(20), type="individuel", mode="presentiel", duree_minutes=45
    )
    services.participant_modifier(participant=personne, telephone="0709090909", par=None)
    return {
        "a": a,
        "b": b,
        "premier": premier,
        "second": second,
        "personne": personne,
        "document_a": document_a,
        "document_b": document_b,
        "entretien": entretien,
    }


def dossier(client, monde):
    return client.get(reverse("dossier_participant", args=[monde["personne"].pk]))


def test_l_ancien_referent_ne_voit_rien_du_parcours_suivant(client, personne_reprise):
    monde = personne_reprise
    client.force_login(monde["a"].utilisateur)
    page = dossier(client, monde).content.decode()
    assert "Pièce de A" in page and "Pièce de B" not in page
    assert "Parcours en cours" not in page and "45 min" not in page
    assert "0601010101" in page and "0709090909" not in page  # the contact details as they were at the exit
    assert f"jusqu'au {jours(60):%d/%m/%Y}" in page
    assert "+ Document" not in page
    second, document_b = monde["second"], monde["document_b"]
    assert client.get(reverse("document", args=[document_b.pk])).status_code == 404
    assert client.get(reverse("document_supprimer", args=[document_b.pk])).status_code == 404
    assert client.get(reverse("document_ajouter", args=[second.pk])).status_code == 404
    assert client.get(reverse("document_ajouter", args=[monde["premier"].pk])).status_code == 403
    ajout = reverse("parcours_element_ajouter", args=[second.pk, "entretien"])
    assert client.get(ajout).status_code == 404
    modif = reverse("parcours_element_modifier", args=[second.pk, "entretien", monde["entretien"].pk])
    assert client.get(modif).status_code == 404
    assert client.get(reverse("parcours_identite", args=[monde["premier"].pk])).status_code == 403
    # What A recorded stays A's to read, not to change once the parcours is closed.
    assert client.get(reverse("document", args=[monde["document_a"].pk])).status_code == 200
    assert client.get(reverse("document_supprimer", args=[monde["document_a"].pk])).status_code == 403


def test_l_ancien_referent_sans_historique_ne_voit_pas_les_coordonnees(client, personne_reprise):
    monde = personne_reprise
    monde["personne"].historique.all().delete()
    client.force_login(monde["a"].utilisateur)
    page = dossier(client, monde).content.decode()
    assert "0601010101" not in page and "0709090909" not in page
    assert "ses coordonnées ne sont pas affichées" in page


def test_le_nouveau_referent_voit_le_parcours_precedent_et_le_sien(client, personne_reprise):
    monde = personne_reprise
    client.force_login(monde["b"].utilisateur)
    page = dossier(client, monde).content.decode()
    assert "Pièce de A" in page and "Pièce de B" in page and "45 min" in page
    assert "0709090909" in page and "jusqu'au" not in page
    assert f'href="{reverse("document_ajouter", args=[monde["second"].pk])}"' in page
    assert client.get(reverse("document", args=[monde["document_a"].pk])).status_code == 200
    # The earlier parcours is read, not changed, by the new référent.
    assert client.get(reverse("document_supprimer", args=[monde["document_a"].pk])).status_code == 403
    assert client.get(reverse("document_ajouter", args=[monde["premier"].pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.document_ajouter(
            parcours=monde["second"],
            fichier=SimpleUploadedFile("c.pdf", PDF),
            type_piece=TypePiece.objects.get(code="autre"),
            par=monde["a"].utilisateur,
        )


def test_le_remplacant_voit_comme_le_remplace_le_temps_du_remplacement(client, personne_reprise):
    monde = personne_reprise
    remplacant = referent()
    remplacement = services.remplacement_creer(
        remplacant=remplacant,
        remplace=monde["b"],
        date_debut=jours(5),
        date_fin=AUJOURDHUI + datetime.timedelta(days=5),
        par=None,
    )
    client.force_login(remplacant.utilisateur)
    page = dossier(client, monde).content.decode()
    assert "Pièce de B" in page and "0709090909" in page
    assert client.get(reverse("document_ajouter", args=[monde["second"].pk])).status_code == 200
    remplacement.date_fin = jours(1)
    remplacement.save()
    assert dossier(client, monde).status_code == 404
    assert client.get(reverse("document", args=[monde["document_b"].pk])).status_code == 404


def test_apres_un_transfert_l_ancien_referent_du_parcours_ne_l_atteint_plus(client, personne_reprise):
    monde = personne_reprise
    c = referent()
    animation = UserFactory(role=Role.ANIMATION)
    services.parcours_transferer(parcours=monde["second"], referent=c, date=jours(2), par=animation)
    client.force_login(monde["b"].utilisateur)
    assert dossier(client, monde).status_code == 404
    assert client.get(reverse("document", args=[monde["document_b"].pk])).status_code == 404
    client.force_login(c.utilisateur)
    page = dossier(client, monde).content.decode()
    assert "Pièce de A" in page and "Pièce de B" in page and "0709090909" in page


def test_une_prescription_d_un_autre_referent_ne_rouvre_pas_l_acces(client, personne_reprise):
    """A new prescription pre-assigned to A (not entered) gives A no access to B's parcours."""
    monde = personne_reprise
    PrescriptionFactory(
        referent=monde["a"],
        participant=monde["personne"],
        statut=StatutPrescription.EN_ATTENTE,
        date_prescription=jours(3),
    )
    client.force_login(monde["a"].utilisateur)
    page = dossier(client, monde).content.decode()
    assert "Pièce de B" not in page and "0709090909" not in page
    assert Document.objects.visibles_par(monde["a"].utilisateur).count() == 1
