"""Émargement: a physical contact's sheet signed on screen (the signed PDF stored with its SHA-256, which matches
it), or signed on paper and uploaded (checked by its content); « à re-signer » when its contact changes after; the
board of physical contacts without a signed sheet, by référent and month, in a fixed number of queries; who may
see and do what; the old checkbox migrated honestly."""

import datetime
import hashlib
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from agenda import services
from agenda.emargement import lectures
from agenda.emargement import services as emargement
from agenda.emargement.contenu import contenu
from agenda.enums import StatutFeuille
from agenda.models import CategorieActivite, ChangementFeuille, FeuilleEmargement, SignatureEmargement
from parcours import services as parcours_services
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from plie.signatures import lire as lire_signature
from tests import publicite
from tests.agenda.signatures import data_url, png
from tests.fse.histoires import portage
from tests.parcours.factories import EntretienFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reponses import texte

pytestmark = pytest.mark.django_db
D = datetime.date
LUNDI = D(2026, 11, 30)


@pytest.fixture
def decembre():
    """Today: Monday 7 December 2026, 10 a.m. in Dijon."""
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris")), tick=True):
        yield


@pytest.fixture
def monde(db, fichiers_prives_temporaires):
    referent = ReferentFactory(prenom="Claire", nom="Martin", utilisateur=UserFactory(role=Role.REFERENT))
    employeur = UserFactory(role=Role.PORTEUR)
    referent.structure.utilisateurs.add(employeur)
    parcours = [ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5 + i)) for i in range(3)]
    portage(referent.structure, 2026)
    return {"referent": referent, "employeur": employeur, "parcours": parcours}


def entretien(monde, **champs):
    donnees = {"parcours": monde["parcours"][0], "referent": monde["referent"], "date": D(2026, 11, 24)}
    return EntretienFactory(**{**donnees, **champs})


def seance(monde, participants=None, **champs):
    donnees = {
        "referent": monde["referent"],
        "categorie": CategorieActivite.objects.get(code="atelier_collectif"),
        "date": LUNDI,
        "debut": datetime.time(9, 30),
        "fin": datetime.time(11, 45),
        "participants": monde["parcours"] if participants is None else participants,
        "intitule": "Atelier CV",
        "realisee": True,
        "par": monde["referent"].utilisateur,
    }
    return services.activite_enregistrer(**{**donnees, **champs})


def test_une_feuille_signee_a_l_ecran_est_conservee_avec_son_empreinte(decembre, monde):
    contact = entretien(monde)
    par = monde["referent"].utilisateur
    feuille = emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=par)
    assert feuille.statut == StatutFeuille.SIGNEE
    with feuille.fichier.open("rb") as f:
        pdf = f.read()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == feuille.empreinte  # the stored sheet's hash matches its PDF
    assert feuille.empreinte_contenu == contenu(contact).empreinte()
    signature = SignatureEmargement.objects.get(feuille=feuille)
    assert signature.present and bytes(signature.image) == png() and signature.signe_le
    assert ChangementFeuille.objects.filter(feuille=feuille, depuis="", vers="signee", par=par).exists()


def test_la_feuille_dit_ce_que_le_controle_demande(decembre, monde, client):
    """The blank sheet and the signed one: the PLIE, the operation, date, times, participant, référent, the EU
    emblem's mention."""
    contact = seance(monde)
    client.force_login(monde["referent"].utilisateur)
    vierge = texte(client.get(reverse("agenda_emargement_vierge", args=["seance", contact.pk])))
    for attendu in (
        "Feuille d'émargement",
        "Cofinancé par l'Union européenne",
        "PLIE",
        f"Accompagnement {monde['referent'].structure.nom} 2026",
        "30 novembre 2026",
        "09:30 à 11:45",
        "Claire Martin",
        "Atelier collectif — Atelier CV",
        *(str(p.participant) for p in monde["parcours"]),
    ):
        assert attendu in vierge.replace("\n", " "), attendu
    signatures = {p.pk: png() for p in monde["parcours"][:2]} | {monde["parcours"][2].pk: None}
    feuille = emargement.emargement_signer(objet=contact, signatures=signatures, par=monde["referent"].utilisateur)
    signee = texte(client.get(reverse("agenda_emargement_fichier", args=["seance", contact.pk])))
    assert signee.count("Signé à l'écran le") == 2 and "Absent" in signee
    assert feuille.empreinte_contenu in signee.replace("\n", "")
    for url in ("agenda_emargement_vierge", "agenda_emargement_fichier"):
        reponse = client.get(reverse(url, args=["seance", contact.pk]))
        publicite.pdf(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content)


def test_un_contact_modifie_apres_signature_est_a_re_signer(decembre, monde):
    par = monde["referent"].utilisateur
    contact = entretien(monde)
    emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=par)
    contact.notes = "Relu"  # what the sheet does not say: still signed
    parcours_services.element_enregistrer(element=contact, par=par)
    assert FeuilleEmargement.objects.get(entretien=contact).statut == StatutFeuille.SIGNEE
    contact.duree_minutes = 60
    parcours_services.element_enregistrer(element=contact, par=par)
    feuille = FeuilleEmargement.objects.get(entretien=contact)
    assert feuille.statut == StatutFeuille.A_RESIGNER
    assert ChangementFeuille.objects.filter(feuille=feuille, vers="a_resigner", par=par).exists()
    # Signed again: proves the contact again.
    emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=par)
    assert FeuilleEmargement.objects.get(entretien=contact).statut == StatutFeuille.SIGNEE

    atelier = seance(monde)
    emargement.emargement_signer(objet=atelier, signatures={p.pk: png() for p in monde["parcours"]}, par=par)
    seance(monde, activite=atelier, participants=monde["parcours"][:2])  # one participant fewer
    assert FeuilleEmargement.objects.get(activite=atelier).statut == StatutFeuille.A_RESIGNER


def test_une_feuille_deposee_est_verifiee_par_son_contenu(decembre, monde):
    contact = entretien(monde)
    par = monde["referent"].utilisateur
    for nom, octets in (
        ("feuille.pdf", b"PK\x03\x04 un document Word"),
        ("feuille.pdf", b"Bonjour"),
        ("feuille.png", b"%PDF-1.7 ..."),
        ("feuille.pdf", b""),
    ):
        with pytest.raises(ValidationError) as refus:
            emargement.emargement_deposer(objet=contact, fichier=SimpleUploadedFile(nom, octets), par=par)
        assert any("fichier" in m for m in refus.value.messages), refus.value.messages
    assert not FeuilleEmargement.objects.exists()
    scan = png((0, 0, 0))
    feuille = emargement.emargement_deposer(objet=contact, fichier=SimpleUploadedFile("scan.png", scan), par=par)
    assert feuille.statut == StatutFeuille.DEPOSEE
    assert feuille.empreinte == hashlib.sha256(scan).hexdigest()
    assert feuille.fichier.name.endswith(".png") and "scan" not in feuille.fichier.name


@pytest.mark.parametrize(
    ("cas", "message"),
    [
        ("telephone", "Seuls un entretien en présentiel et une séance collective"),
        ("personne", "Aucun participant n'a signé"),
        ("autre_liste", "La feuille a changé pendant la signature"),
    ],
)
def test_une_signature_impossible_est_refusee(decembre, monde, cas, message):
    contact = entretien(monde, mode="telephone" if cas == "telephone" else "presentiel")
    signatures = {contact.parcours_id: None if cas == "personne" else png()}
    if cas == "autre_liste":
        signatures = {monde["parcours"][1].pk: png()}
    with pytest.raises(ValidationError, match=message):
        emargement.emargement_signer(objet=contact, signatures=signatures, par=monde["referent"].utilisateur)
    assert not FeuilleEmargement.objects.exists()


def test_une_signature_qui_n_est_pas_une_image_est_refusee():
    for donnee in ("data:image/png;base64,%%%", "data:image/svg+xml;base64,PHN2Zz4=", data_url(b"GIF89a")):
        with pytest.raises(ValidationError):
            lire_signature(donnee)
    assert lire_signature(data_url(png())) == png()


def test_seuls_le_referent_et_l_animation_font_emarger(decembre, monde, animation):
    contact = entretien(monde)
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)).utilisateur
    for qui in (autre, monde["employeur"]):
        with pytest.raises(PermissionDenied):
            emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=qui)
    emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=animation)


def test_les_pages_de_la_feuille(decembre, monde, client):
    """The référent signs on screen from the sheet's page (one pad per participant), uploads a scan, downloads it;
    each read is journaled per participant; another référent, the employer get nothing. The person's record number
    is over a thousand, as on a real base (a field named « signature_12 345 » would lose the signature)."""
    contact = entretien(
        monde, parcours=ParcoursFactory(pk=12_345, referent=monde["referent"], date_entree=D(2026, 1, 5))
    )
    url = reverse("agenda_emargement", args=["entretien", contact.pk])
    client.force_login(monde["referent"].utilisateur)
    page = client.get(url).content.decode()
    assert "Sans feuille signée" in page and "Faire signer à l'écran" in page
    assert JournalAcces.objects.filter(
        objet="feuille_emargement", participant_id=contact.parcours.participant_id, action=ActionJournal.CONSULTATION
    ).exists()
    signer = reverse("agenda_emargement_signer", args=["entretien", contact.pk])
    assert "vendor/signature_pad" in client.get(signer).content.decode()
    refuse = client.post(signer, {})
    assert refuse.status_code == 400 and "pas signé" in refuse.content.decode()
    (champ,) = re.findall(r'name="(signature_[^"]+)"', client.get(signer).content.decode())  # the page's own
    reponse = client.post(signer, {champ: data_url(png())})
    assert reponse.status_code == 302
    page = client.get(url).content.decode()
    assert "Signée à l&#x27;écran" in page and "correspond à son empreinte" in page
    client.post(
        reverse("agenda_emargement_deposer", args=["entretien", contact.pk]),
        {"fichier": SimpleUploadedFile("cv.docx", b"PK\x03\x04 rien")},
    )
    assert FeuilleEmargement.objects.get(entretien=contact).statut == StatutFeuille.SIGNEE  # refused, unchanged
    for qui in (ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)).utilisateur, monde["employeur"]):
        client.force_login(qui)
        assert client.get(url).status_code in (403, 404)
        assert client.get(reverse("agenda_emargement_fichier", args=["entretien", contact.pk])).status_code in (
            403,
            404,
        )


def test_le_tableau_des_emargements_d_un_mois(decembre, monde, client, animation):
    """November 2026 of Claire Martin: 4 entretiens in person (one signed, one declared, one signed then changed,
    one without), one by phone (not physical), a collective session done (uploaded) and one planned (not yet a
    contact); a December entretien is another month. 5 physical contacts, 2 proven, 3 missing."""
    par = monde["referent"].utilisateur
    signe, declare, change, sans = (entretien(monde, date=D(2026, 11, j)) for j in (3, 10, 17, 24))
    entretien(monde, date=D(2026, 11, 5), mode="telephone")
    entretien(monde, date=D(2026, 12, 1))
    emargement.emargement_signer(objet=signe, signatures={signe.parcours_id: png()}, par=par)
    emargement.emargement_declarer(entretien=declare, par=animation)  # as the import does
    emargement.emargement_signer(objet=change, signatures={change.parcours_id: png()}, par=par)
    change.duree_minutes = 30
    parcours_services.element_enregistrer(element=change, par=par)
    atelier = seance(monde, date=D(2026, 11, 20))
    emargement.emargement_deposer(objet=atelier, fichier=SimpleUploadedFile("s.png", png()), par=par)
    seance(monde, date=D(2026, 11, 27), realisee=False)
    (ligne,) = lectures.tableau([monde["referent"].pk], D(2026, 11, 1), D(2026, 11, 30))
    assert {k: ligne[k] for k in ("contacts", "probantes", "declarees", "a_resigner", "manquantes")} == {
        "contacts": 5,
        "probantes": 2,
        "declarees": 1,
        "a_resigner": 1,
        "manquantes": 3,
    }
    manquants = list(lectures.manquants(monde["referent"], D(2026, 11, 1), D(2026, 11, 30)))
    assert [(g, pk) for g, pk, _d, _s in manquants] == [
        ("entretien", declare.pk),
        ("entretien", change.pk),
        ("entretien", sans.pk),
    ]
    assert [s for *_r, s in manquants] == ["declaree", "a_resigner", ""]

    url = reverse("agenda_emargements")
    client.force_login(animation)
    page = client.get(url, {"mois": "2026-11", "referent": monde["referent"].pk}).content.decode()
    assert str(sans.parcours.participant) in page and "Faire émarger" in page
    client.force_login(monde["employeur"])  # its référents' counts, no names
    page = client.get(url, {"mois": "2026-11", "referent": monde["referent"].pk}).content.decode()
    assert "Claire Martin" in page and str(sans.parcours.participant) not in page and "Faire émarger" not in page


def test_le_tableau_coute_ce_qu_il_montre(decembre, monde, client, animation):
    """The same number of queries for one contact or sixty, one référent or four."""
    client.force_login(animation)
    url = reverse("agenda_emargements")
    parametres = {"mois": "2026-11", "referent": monde["referent"].pk}

    def requetes():
        client.get(url, parametres)  # warm the session and the menus' caches
        with CaptureQueriesContext(connection) as capture:
            assert client.get(url, parametres).status_code == 200
        return len(capture)

    entretien(monde, date=D(2026, 11, 2))
    seance(monde, date=D(2026, 11, 4))
    petit = requetes()
    for i in range(60):
        entretien(monde, parcours=monde["parcours"][i % 3], date=D(2026, 11, 1 + i % 30))
    for _ in range(3):
        autre = ReferentFactory()
        EntretienFactory(parcours=ParcoursFactory(referent=autre), referent=autre, date=D(2026, 11, 9))
    assert requetes() == petit <= 16


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_case_cochee_devient_une_feuille_declaree_sans_piece():
    """Migration agenda.0004: a ticked « émargement signé » box becomes a sheet « déclarée, sans pièce »; an
    unticked one, nothing."""
    coche = EntretienFactory()
    vide = EntretienFactory()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("agenda", "0003_emargement"), ("parcours", "0019_entretien_referent")])
        ancien = MigrationExecutor(connection).loader.project_state(
            [("agenda", "0003_emargement"), ("parcours", "0019_entretien_referent")]
        )
        ancien.apps.get_model("parcours", "Entretien").objects.filter(pk=coche.pk).update(emargement_signe=True)
    finally:
        tout = MigrationExecutor(connection).loader.graph.leaf_nodes()
        MigrationExecutor(connection).migrate(tout)
    assert list(FeuilleEmargement.objects.values_list("entretien_id", "statut", "fichier")) == [
        (coche.pk, "declaree", "")
    ]
    assert not FeuilleEmargement.objects.filter(entretien=vide).exists()


def test_un_contact_qui_n_a_pas_eu_lieu_ne_se_signe_pas(decembre, monde):
    """A session planned, or dated after today, prints its blank sheet but is not signed (nor uploaded)."""
    par = monde["referent"].utilisateur
    prevue = seance(monde, date=D(2026, 12, 9), realisee=False)
    for agir in (
        lambda: emargement.emargement_signer(
            objet=prevue, signatures={p.pk: png() for p in monde["parcours"]}, par=par
        ),
        lambda: emargement.emargement_deposer(objet=prevue, fichier=SimpleUploadedFile("s.png", png()), par=par),
    ):
        with pytest.raises(ValidationError, match="n'a pas encore eu lieu"):
            agir()
    assert not FeuilleEmargement.objects.exists()


def test_une_seance_annulee_apres_signature_est_a_re_signer(decembre, monde):
    par = monde["referent"].utilisateur
    atelier = seance(monde)
    emargement.emargement_signer(objet=atelier, signatures={p.pk: png() for p in monde["parcours"]}, par=par)
    services.activite_changer_statut(activite=atelier, vers="prevue", par=par)
    assert FeuilleEmargement.objects.get(activite=atelier).statut == StatutFeuille.A_RESIGNER


def test_la_page_de_signature_perimee_est_refusee(decembre, monde):
    """The page showed the sheet before its duration changed: what it signs is no longer what the contact is."""
    par = monde["referent"].utilisateur
    contact = entretien(monde)
    montree = contenu(contact).empreinte()
    contact.duree_minutes = 90
    parcours_services.element_enregistrer(element=contact, par=par)
    with pytest.raises(ValidationError, match="a changé pendant la signature"):
        emargement.emargement_signer(
            objet=contact, signatures={contact.parcours_id: png()}, par=par, empreinte=montree
        )
    assert not FeuilleEmargement.objects.exists()


def test_une_signature_vide_ou_demesuree_est_refusee():
    blanc = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(blanc, format="PNG")
    with pytest.raises(ValidationError, match="vide"):
        lire_signature(data_url(blanc.getvalue()))
    immense = io.BytesIO()
    Image.new("1", (8_000, 1_000), 1).save(immense, format="PNG")  # a few kilobytes, 8 million pixels
    with pytest.raises(ValidationError, match="trop grande"):
        lire_signature(data_url(immense.getvalue()))
    bombe = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(bombe, format="PNG")  # 400 million: Pillow's bomb guard
    with pytest.raises(ValidationError, match="illisible|trop grande"):
        lire_signature(data_url(bombe.getvalue()))


def test_remplacer_une_feuille_efface_l_ancien_fichier(decembre, monde, django_capture_on_commit_callbacks):
    par = monde["referent"].utilisateur
    contact = entretien(monde)
    with django_capture_on_commit_callbacks(execute=True):
        premiere = emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=par)
    ancien, stockage = premiere.fichier.name, premiere.fichier.storage
    with django_capture_on_commit_callbacks(execute=True):
        scan = emargement.emargement_deposer(
            objet=contact, fichier=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x"), par=par
        )
    assert scan.statut == StatutFeuille.DEPOSEE and not stockage.exists(ancien) and stockage.exists(scan.fichier.name)
    assert not SignatureEmargement.objects.exists()


def test_l_anonymisation_efface_signatures_et_feuilles(decembre, monde, django_capture_on_commit_callbacks):
    from parcours.anonymisation import anonymiser_participants

    par = monde["referent"].utilisateur
    contact = entretien(monde)
    with django_capture_on_commit_callbacks(execute=True):
        feuille = emargement.emargement_signer(objet=contact, signatures={contact.parcours_id: png()}, par=par)
    nom, stockage = feuille.fichier.name, feuille.fichier.storage
    with django_capture_on_commit_callbacks(execute=True):
        anonymiser_participants([contact.parcours.participant_id])
    feuille.refresh_from_db()
    assert not feuille.fichier and not stockage.exists(nom) and not SignatureEmargement.objects.exists()
    assert feuille.statut == StatutFeuille.SIGNEE and feuille.empreinte  # what was held stays said
