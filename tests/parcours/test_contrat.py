"""The contrat d'engagement (parcours/contrat, parcours/services/contrats.py): generated from the parcours and the
texts the structure d'animation writes, signed on screen by the person and the référent or printed and filed once
signed; a typed document of the parcours either way, its date recorded, the entry's decision untouched."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcours import pieces
from parcours.enums import StatutCommission
from parcours.models import Document, TexteContrat, TypePiece
from parcours.services import contrats
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests import publicite
from tests.agenda.signatures import data_url, png
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reponses import texte

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.fixture
def parcours():
    un = ParcoursFactory(
        date_entree=AUJOURDHUI - datetime.timedelta(days=3),
        participant__nom="Martin",
        participant__prenom="Léa",
        prescription__referent=ReferentFactory(
            prenom="Claire", nom="Durand", utilisateur=UserFactory(role=Role.REFERENT)
        ),
        entree_commission=StatutCommission.VALIDEE,
        entree_validee_le=timezone.now(),
        date_information_fse=AUJOURDHUI - datetime.timedelta(days=3),
    )
    return un


def manque_le_contrat(parcours) -> bool:
    manquantes = pieces.pieces([parcours.pk])[parcours.pk].manquantes
    return pieces.CONTRAT_ENGAGEMENT in [m.type_piece.code for m in manquantes]


def test_la_page_montre_le_contrat_et_sa_lecture_est_journalisee(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    TexteContrat(attentes="Venir à chaque rendez-vous.\nTémoigner après la sortie.").save()
    page = client.get(reverse("contrat", args=[parcours.pk])).content.decode()
    for attendu in ("Contrat d'engagement — Léa MARTIN", "Claire Durand", "Venir à chaque rendez-vous.", "FSE+"):
        assert attendu in page, attendu
    assert f"Vous avez été informé(e) de ce cofinancement le {parcours.date_information_fse:%d/%m/%Y}" in page
    assert JournalAcces.objects.filter(objet="contrat_engagement", participant_id=parcours.participant_id).exists()
    dossier = client.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert "Faire signer le contrat d'engagement" in dossier


def test_signe_a_l_ecran_il_devient_la_piece_du_parcours(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    url = reverse("contrat", args=[parcours.pk])
    assert manque_le_contrat(parcours)
    empreinte = client.get(url).context["c"].empreinte()
    reponse = client.post(
        url,
        {
            "action": "signer",
            "empreinte": empreinte,
            "signature_participant": data_url(png()),
            "signature_referent": data_url(png()),
        },
    )
    assert reponse.status_code == 302
    document = Document.objects.get(parcours=parcours)
    assert document.type_piece.code == pieces.CONTRAT_ENGAGEMENT
    assert document.libelle == f"Contrat d'engagement signé à l'écran le {AUJOURDHUI:%d/%m/%Y}"
    contenu = document.fichier.open("rb").read()
    publicite.pdf(contenu)
    lu = texte(client.get(reverse("document", args=[document.pk])))
    assert lu.count("Signé à l'écran le") == 2 and "Léa MARTIN" in lu and empreinte in lu.replace("\n", "")
    parcours.refresh_from_db()
    assert parcours.date_contrat_engagement == AUJOURDHUI
    assert parcours.entree_commission == StatutCommission.VALIDEE  # signing is not correcting the entry
    assert not manque_le_contrat(parcours)
    assert JournalAcces.objects.filter(action=ActionJournal.MODIFICATION, objet_id=document.pk).exists()
    dossier = client.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert "Faire signer le contrat d'engagement" not in dossier


def test_un_cadre_vide_ou_un_texte_change_pendant_la_signature_est_refuse(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    url = reverse("contrat", args=[parcours.pk])
    empreinte = client.get(url).context["c"].empreinte()
    blanc = client.post(
        url,
        {
            "action": "signer",
            "empreinte": empreinte,
            "signature_participant": data_url(png(couleur=(255, 255, 255))),
            "signature_referent": data_url(png()),
        },
    )
    assert "Signature de Léa MARTIN : Le cadre de signature est vide." in blanc.content.decode()
    TexteContrat(attentes="Un autre texte.").save()  # the structure d'animation edits the text meanwhile
    change = client.post(
        url,
        {
            "action": "signer",
            "empreinte": empreinte,
            "signature_participant": data_url(png()),
            "signature_referent": data_url(png()),
        },
    )
    assert contrats.CHANGE in change.content.decode()
    assert not Document.objects.exists()


def test_imprime_signe_et_depose(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    vierge = client.get(reverse("contrat_pdf", args=[parcours.pk]))
    assert vierge["Content-Type"] == "application/pdf"
    publicite.pdf(vierge.content)
    assert "lu et approuvé" in texte(vierge)
    assert JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="contrat_engagement").count() == 1
    url = reverse("contrat", args=[parcours.pk])
    demain = AUJOURDHUI + datetime.timedelta(days=1)
    futur = client.post(
        url,
        {
            "action": "deposer",
            "depot-fichier": SimpleUploadedFile("c.pdf", vierge.content),
            "depot-signe_le": demain.isoformat(),
        },
    )
    assert "Cette date ne peut pas être postérieure à aujourd&#x27;hui." in futur.content.decode()
    faux = client.post(
        url,
        {
            "action": "deposer",
            "depot-fichier": SimpleUploadedFile("c.pdf", b"pas un pdf"),
            "depot-signe_le": AUJOURDHUI.isoformat(),
        },
    )
    assert faux.status_code == 200 and not Document.objects.exists()
    hier = AUJOURDHUI - datetime.timedelta(days=1)
    bon = client.post(
        url,
        {
            "action": "deposer",
            "depot-fichier": SimpleUploadedFile("c.pdf", vierge.content),
            "depot-signe_le": hier.isoformat(),
        },
    )
    assert bon.status_code == 302
    document = Document.objects.get()
    assert document.type_piece.code == pieces.CONTRAT_ENGAGEMENT and "papier" in document.libelle
    parcours.refresh_from_db()
    assert parcours.date_contrat_engagement == hier and not manque_le_contrat(parcours)


def test_un_parcours_sorti_ne_se_fait_plus_signer(parcours):
    parcours.date_sortie, parcours.sortie_commission = AUJOURDHUI, "a_valider"
    parcours.motif_sortie_id = 1
    parcours.save()
    with pytest.raises(ValidationError):
        contrats.contrat_signer(
            parcours=parcours,
            signature_participant=png(),
            signature_referent=png(),
            par=parcours.referent.utilisateur,
            empreinte="",
        )
    assert not contrats.peut_faire_signer(UserFactory(role=Role.ANIMATION), parcours)


def test_le_contrat_signe_vaut_information_sur_le_fse_quand_elle_manquait(parcours):
    parcours.date_information_fse = None
    parcours.save()
    hier = AUJOURDHUI - datetime.timedelta(days=1)
    contrats.contrat_deposer(
        parcours=parcours,
        fichier=SimpleUploadedFile("c.pdf", b"%PDF-1.4 contrat"),
        signe_le=hier,
        par=parcours.referent.utilisateur,
    )
    parcours.refresh_from_db()
    assert (parcours.date_contrat_engagement, parcours.date_information_fse) == (hier, hier)


def test_les_types_de_piece_du_produit_gardent_leur_code_et_restent_actifs(rf):
    from django.contrib import admin

    from parcours.admin import TypePieceAdmin

    modele = TypePieceAdmin(TypePiece, admin.site)
    requete = rf.get("/")
    assert modele.get_readonly_fields(requete, TypePiece.objects.get(code="contrat_engagement")) == ["code", "actif"]
    assert modele.get_readonly_fields(requete, TypePiece.objects.get(code="rqth")) == ["code"]
    assert modele.get_readonly_fields(requete, None) == []
