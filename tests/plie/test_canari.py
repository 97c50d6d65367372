"""A canary participant: nothing a financeur or a structure porteuse can reach contains any of its data."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agenda.emargement.services import emargement_signer
from agenda.models import CategorieActivite
from agenda.services import activite_enregistrer
from fse.models import Participation
from fse.participations import synchroniser
from fse.services import donnees_entree_enregistrer, export_demander, paquet_demander
from parcours.models import Document, TypeEtape, TypePiece
from plie.enums import Role
from programmation.models import Operation
from reporting.indicateurs import Periode
from reporting.lettre import publier
from reprise.models import EtatImport, Import
from reprise.moteur import Bilan, Resultat
from reprise.rapport import rapport
from tests.agenda.signatures import png
from tests.fse.histoires import portage
from tests.parcours.factories import (
    AideFactory,
    EntretienFactory,
    EtapeFactory,
    ParcoursFactory,
    PrescriptionFactory,
    VeilleFactory,
)
from tests.participants.factories import ContactPrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory
from tests.plie.matrice import ATTENDU, url_de, urls_admin
from tests.reponses import texte

pytestmark = pytest.mark.django_db

CANARI = ["Zorglubcanari", "Pimprenellecanari", "Impasse du Canari Bleu", "Cancer-canari", "Incarceration-canari"]


@pytest.fixture
def canari(django_capture_on_commit_callbacks):
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    parcours = ParcoursFactory(
        prescription__referent=referent,
        participant__nom="Zorglubcanari",
        participant__prenom="Pimprenellecanari",
        participant__adresse="3 Impasse du Canari Bleu",
        rsa=True,
        rqth=True,
        mesure_justice=True,
        date_entree=datetime.date(2024, 3, 1),
    )
    VeilleFactory(
        parcours=parcours,
        date_debut=datetime.date(2024, 5, 1),
        date_fin_prevue=datetime.date(2024, 6, 1),
        motif="Cancer-canari",
    )
    entretien = EntretienFactory(
        parcours=parcours,
        date=datetime.date(2024, 4, 2),
        type="individuel",
        mode="presentiel",
        duree_minutes=60,
        notes="Incarceration-canari",
    )
    porteur = UserFactory(role=Role.PORTEUR)
    referent.structure.utilisateurs.add(porteur)
    prescription = PrescriptionFactory(referent=referent, nom="Zorglubcanari", prenom="Pimprenellecanari")
    document = Document.objects.create(
        participant=parcours.participant,
        parcours=parcours,
        type_piece=TypePiece.objects.get(code="autre"),
        libelle="Zorglubcanari contrat",
        fichier=SimpleUploadedFile("a.pdf", b"%PDF-1.4 Zorglubcanari"),
    )
    # The canary is on an operation of the programmation, and has an individual aid.
    operation = Operation.objects.create(
        annee=2024, intitule="Action canari", porteur="Porteur", nature="actions_participants", budget_prevu=1000
    )
    EtapeFactory(
        parcours=parcours,
        type=TypeEtape.objects.get(code="fle"),
        operation=operation,
        date_debut=datetime.date(2024, 4, 1),
    )
    AideFactory(parcours=parcours, date=datetime.date(2024, 4, 3), nature="transport", objet="formation", montant=50)
    # A published letter whose PDFs are produced: its files are read too.
    with django_capture_on_commit_callbacks(execute=True):
        lettre = publier(Periode(2024, 6), par=UserFactory(role=Role.ANIMATION))
    # An import of the old tool's data naming the canary: its preview and its report.
    un_import = Import.objects.create(jeton="canari", nom_fichier="ancien.xlsx", etat=EtatImport.VERIFIE)
    ligne = Resultat(
        feuille="Personnes",
        ligne=2,
        valeurs={"nom": "Zorglubcanari", "adresse": "Impasse du Canari Bleu"},
        note="rattachée à la personne connue : ZORGLUBCANARI Pimprenellecanari",
    )
    un_import.resultat.save("canari.json", ContentFile(json.dumps([vars(ligne)]).encode()), save=False)
    un_import.rapport.save("canari.xlsx", ContentFile(rapport("ancien.xlsx", Bilan(), [ligne], quand="")), save=False)
    un_import.save()
    # The canary in the FSE+ data: a participation with its answers, and an export produced for the authority.
    fse = portage(referent.structure, 2024)
    synchroniser(operations=[fse])
    animation = UserFactory(role=Role.ANIMATION)
    participation = Participation.objects.get(parcours=parcours)
    donnees_entree_enregistrer(
        participation=participation,
        par=animation,
        genre="femme",
        sans_domicile="oui",
        origine_etrangere="oui",
        minorite="refus",
    )
    with django_capture_on_commit_callbacks(execute=True):
        export_fse = export_demander(
            operation=fse,
            debut=datetime.date(2024, 1, 1),
            fin=datetime.date(2024, 12, 31),
            format="xlsx",
            par=animation,
        )
        paquet = paquet_demander(
            operation=fse,
            debut=datetime.date(2024, 1, 1),
            fin=datetime.date(2024, 12, 31),
            identifiants=[parcours.participant_id],
            par=animation,
        )
    # The canary at a workshop this week, in its référent's agenda: the employer reads the agenda, not the name.
    activite = activite_enregistrer(
        referent=referent,
        categorie=CategorieActivite.objects.get(code="atelier_collectif"),
        date=timezone.localdate(),
        duree_minutes=90,
        participants=[parcours],
        intitule="Atelier CV",
        realisee=True,
        par=None,
    )
    # Its entretien's émargement sheet, signed on screen: a PDF that names the canary.
    emargement_signer(objet=entretien, signatures={parcours.pk: png()}, par=None)
    return {
        "activite": activite,
        "fse": fse,
        "participation_fse": participation,
        "export_fse": export_fse,
        "paquet": paquet,
        "import": un_import,
        "referent": referent,
        "operation": operation,
        "lettre": lettre,
        "document": document,
        "participant": parcours.participant,
        "parcours": parcours,
        "entretien": entretien,
        "prescription": prescription,
        "porteur": porteur,
        "financeur": UserFactory(role=Role.FINANCEUR),
        "contact_prescripteur": ContactPrescripteurFactory(avec_compte=True),
        # A prescriber of the organisation whose prescription led to the canary's parcours: it sees the entry, and
        # nothing of the record (the prescription was sent under another name).
        "prescripteur": ContactPrescripteurFactory(
            avec_compte=True, prescripteur=parcours.prescription.prescripteur
        ).utilisateur,
    }


@pytest.mark.parametrize("role", ["porteur", "financeur", "prescripteur"])
def test_aucune_page_atteignable_ne_contient_le_canari(client, canari, role):
    client.force_login(canari[role])
    urls = [url_de(nom, canari) for nom in ATTENDU if nom not in ("logout", "session_prolonger")]
    urls.append(reverse("prescriptions") + "?statut=")
    urls.append(reverse("prescripteur_prescription", args=[canari["parcours"].prescription_id]))
    urls += [reverse("prescripteur") + "?statut=entree", reverse("prescripteur_bilan") + "?annee=2024&mois=3"]
    emargements = reverse("agenda_emargements") + f"?referent={canari['referent'].pk}&mois="
    urls += [emargements + "2024-04", emargements + timezone.localdate().strftime("%Y-%m")]
    urls += [url for _, url in urls_admin()]
    for url in urls:
        contenu = texte(client.get(url, follow=True))
        for chaine in CANARI:
            assert chaine.lower() not in contenu.lower(), (role, url)  # « ZORGLUBCANARI » as a name is shown
    # The referent's own view does show them: the canary is real.
    referent = canari["participant"].parcours.get().referent.utilisateur
    client.force_login(referent)
    page = client.get(reverse("dossier_participant", args=[canari["participant"].pk])).content.decode()
    assert "ZORGLUBCANARI" in page
    client.force_login(UserFactory(role=Role.ANIMATION))
    assert "ZORGLUBCANARI" in client.get(reverse("operation", args=[canari["operation"].pk])).content.decode()
    assert "Zorglubcanari" in client.get(reverse("reprise_import", args=[canari["import"].pk])).content.decode()
    assert "Pimprenellecanari" in texte(client.get(reverse("reprise_rapport", args=[canari["import"].pk])))
    assert "Zorglubcanari" in texte(client.get(reverse("fse_export", args=[canari["export_fse"].pk])))
    assert "ZORGLUBCANARI" in texte(client.get(reverse("fse_paquet", args=[canari["paquet"].pk])))
    participation = client.get(reverse("fse_participation", args=[canari["participation_fse"].pk])).content.decode()
    assert "ZORGLUBCANARI" in participation
    assert "ZORGLUBCANARI" in texte(client.get(reverse("contrat_pdf", args=[canari["parcours"].pk])))
    feuille = reverse("agenda_emargement_fichier", args=["entretien", canari["entretien"].pk])
    assert "ZORGLUBCANARI" in texte(client.get(feuille))
    page = client.get(reverse("agenda_emargement", args=["entretien", canari["entretien"].pk])).content.decode()
    assert "ZORGLUBCANARI" in page


def test_la_page_du_prescripteur_montre_l_entree_du_canari_sans_rien_du_dossier(client, canari):
    client.force_login(canari["prescripteur"])
    page = client.get(reverse("prescripteur_prescription", args=[canari["parcours"].prescription_id]))
    assert "Entrée dans le PLIE le 01/03/2024" in page.content.decode()  # the canary is there, as an entry


def test_aucun_courriel_aux_prescripteurs_ne_contient_le_canari(
    canari, mailoutbox, django_capture_on_commit_callbacks
):
    from prescripteurs.bilan import bilan_mensuel_envoyer

    assert bilan_mensuel_envoyer(periode=Periode(2024, 3)) == 2  # two prescribers' accounts
    bilan = next(m for m in mailoutbox if m.to == [canari["prescripteur"].email])
    assert "Entrées : 1" in bilan.body  # the canary's entry is counted
    with django_capture_on_commit_callbacks(execute=True):
        publier(Periode(2024, 7), par=UserFactory(role=Role.ANIMATION))
    assert canari["prescripteur"].email in {m.to[0] for m in mailoutbox}  # told of the letter
    for message in mailoutbox:
        for chaine in CANARI:
            assert chaine.lower() not in message.body.lower(), message.subject
