"""The prescribers' doors: the online prescription and the invitation refuse bad input with a French message and
write nothing; the attachment is checked by its content, moved at entry, erased after a non-entry."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parcours.enums import StatutPrescription
from parcours.models import MotifNonEntree, Prescription
from parcours.services import pieces_jointes_purger, prescription_envoyer
from participants.models import Commune, ContactPrescripteur
from plie import comptes
from plie.enums import Role
from plie.models import User
from prescripteurs import services
from reporting.lettre.variantes import variantes_de
from reporting.models import Destinataire, Variante
from tests.parcours.factories import PrescriptionFactory
from tests.participants.factories import ContactPrescripteurFactory, PrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db


def envoi(**autres):
    return {
        "nom": "Durand",
        "prenom": "Léa",
        "date_naissance": datetime.date(1988, 5, 17),
        "telephone": "0612345678",
        "commune": Commune.objects.get(nom="Dijon"),
        "situation": "rsa",
        "personne_informee": True,
        **autres,
    }


@pytest.fixture
def prescripteur():
    return ContactPrescripteurFactory(avec_compte=True).utilisateur


@pytest.mark.parametrize(
    ("autres", "champ", "message"),
    [
        ({"personne_informee": False}, "personne_informee", "La personne doit être informée"),
        ({"telephone": "", "email": ""}, "telephone", "Indiquez un téléphone ou une adresse électronique"),
        ({"commune": None}, "commune", "Indiquez la commune"),
        ({"commune": "hors"}, "commune", "pas dans le territoire du PLIE"),
        ({"date_naissance": datetime.date(2999, 1, 1)}, "date_naissance", None),
    ],
)
def test_la_prescription_en_ligne_refuse_et_n_ecrit_rien(prescripteur, autres, champ, message):
    if autres.get("commune") == "hors":
        autres["commune"] = Commune.objects.create(
            nom="Beaune", code_insee="21054", code_postal="21200", dans_le_territoire=False
        )
    with pytest.raises(ValidationError) as refus:
        prescription_envoyer(par=prescripteur, **envoi(**autres))
    assert champ in refus.value.message_dict
    if message:
        assert message in " ".join(refus.value.message_dict[champ])
    assert not Prescription.objects.exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00 un executable", "PDF"),
        ("cv.pdf", b"", "vide"),
        ("photo.png", b"%PDF-1.4 un pdf nomme png", "PDF"),
    ],
)
def test_la_piece_jointe_est_verifiee_par_son_contenu(prescripteur, nom, contenu, message):
    with pytest.raises(ValidationError) as refus:
        prescription_envoyer(par=prescripteur, piece_jointe=SimpleUploadedFile(nom, contenu), **envoi())
    assert message in " ".join(refus.value.message_dict["piece_jointe"])
    assert not Prescription.objects.exists()


@pytest.mark.parametrize("role", [Role.ANIMATION, Role.REFERENT, Role.FINANCEUR, Role.PORTEUR, Role.PRESCRIPTEUR])
def test_seul_un_prescripteur_rattache_prescrit_en_ligne(role):
    with pytest.raises(PermissionDenied):
        prescription_envoyer(par=UserFactory(role=role), **envoi())  # no contact record: not even a prescriber
    assert not Prescription.objects.exists()


def test_l_organisation_vient_du_compte_jamais_du_formulaire(prescripteur):
    autre = PrescripteurFactory()
    with pytest.raises(ValidationError, match="Champs non prévus"):
        prescription_envoyer(par=prescripteur, **envoi(prescripteur=autre))
    prescription = prescription_envoyer(par=prescripteur, **envoi())
    assert prescription.prescripteur == prescripteur.contact_prescripteur.prescripteur


def test_une_organisation_inactive_ne_prescrit_plus(prescripteur):
    organisation = prescripteur.contact_prescripteur.prescripteur
    organisation.actif = False
    organisation.save()
    with pytest.raises(PermissionDenied, match="plus active"):
        prescription_envoyer(par=prescripteur, **envoi())


def test_le_formulaire_montre_les_erreurs_en_francais(client, prescripteur):
    client.force_login(prescripteur)
    reponse = client.post(reverse("prescripteur_nouvelle"), {"nom": "Durand", "prenom": "Léa"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "points à corriger" in contenu
    assert "La personne doit être informée" in contenu
    assert not Prescription.objects.exists()


def test_inviter_un_prescripteur_rattache_le_compte_et_retire_l_adresse_de_la_liste(
    animation, django_capture_on_commit_callbacks
):
    organisation = PrescripteurFactory()
    Destinataire.objects.create(liste="prescripteurs", nom="Claire Martin", email="claire@ft.fr")
    Destinataire.objects.create(liste="financeurs", nom="Claire Martin", email="claire@ft.fr")
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.prescripteur_inviter(
            par=animation, prescripteur=organisation, email=" Claire@FT.fr ", prenom="Claire", nom="Martin"
        )
    assert contact.utilisateur.email == "claire@ft.fr" and contact.utilisateur.role == Role.PRESCRIPTEUR
    assert mail.outbox[-1].to == ["claire@ft.fr"] and "/invitation/" in mail.outbox[-1].body
    listes = dict(Destinataire.objects.values_list("liste", "actif"))
    assert listes == {"prescripteurs": False, "financeurs": True}  # the account now receives the letter
    assert variantes_de(contact.utilisateur) == [Variante.PRESCRIPTEURS]


def test_un_contact_existant_recoit_le_compte(animation):
    contact = ContactPrescripteurFactory(email="paul@mission-locale.fr")
    invite = services.prescripteur_inviter(
        par=animation, prescripteur=contact.prescripteur, email="paul@mission-locale.fr", prenom="Paul", nom="Roy"
    )
    assert invite.pk == contact.pk and ContactPrescripteur.objects.count() == 1


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ANIMATION, Role.FINANCEUR])
def test_un_compte_d_un_autre_role_n_est_pas_change_en_prescripteur(animation, role):
    UserFactory(role=role, email="deja@plie.fr")
    with pytest.raises(ValidationError) as refus:
        services.prescripteur_inviter(
            par=animation, prescripteur=PrescripteurFactory(), email="deja@plie.fr", prenom="A", nom="B"
        )
    assert "existe déjà" in refus.value.message_dict["email"][0]
    assert User.objects.get(email="deja@plie.fr").role == role and not ContactPrescripteur.objects.exists()


def test_un_compte_prescripteur_n_a_qu_une_organisation(animation):
    contact = ContactPrescripteurFactory(avec_compte=True)
    with pytest.raises(ValidationError, match="déjà rattaché"):
        services.prescripteur_inviter(
            par=animation, prescripteur=PrescripteurFactory(), email=contact.email, prenom="A", nom="B"
        )


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PORTEUR, Role.FINANCEUR, Role.PRESCRIPTEUR, Role.ADMINISTRATEUR])
def test_seule_l_animation_invite_un_prescripteur(role):
    with pytest.raises(PermissionDenied):
        services.prescripteur_inviter(
            par=UserFactory(role=role), prescripteur=PrescripteurFactory(), email="x@ft.fr", prenom="A", nom="B"
        )
    assert not User.objects.filter(email="x@ft.fr").exists()


def test_la_page_comptes_renvoie_vers_la_page_prescripteurs(animation):
    with pytest.raises(ValidationError) as refus:
        comptes.inviter(par=animation, email="x@ft.fr", role=Role.PRESCRIPTEUR)
    assert "page « Prescripteurs »" in refus.value.message_dict["role"][0]


def test_retirer_l_acces_puis_reinviter(animation, client, django_capture_on_commit_callbacks):
    contact = ContactPrescripteurFactory(avec_compte=True)
    compte = contact.utilisateur
    client.force_login(animation)
    assert "sera désactivé" in client.get(reverse("prescripteurs_retirer", args=[contact.pk])).content.decode()
    client.post(reverse("prescripteurs_retirer", args=[contact.pk]))
    compte.refresh_from_db()
    contact.refresh_from_db()
    assert not compte.is_active and contact.utilisateur is None
    with django_capture_on_commit_callbacks(execute=True):
        services.prescripteur_inviter(
            par=animation, prescripteur=contact.prescripteur, email=compte.email, prenom="A", nom="B"
        )
    compte.refresh_from_db()
    assert compte.is_active and ContactPrescripteur.objects.get(utilisateur=compte)


def test_la_piece_jointe_d_une_non_entree_est_effacee_apres_le_delai(settings):
    settings.PRESCRIPTION_PIECE_JOINTE_JOURS = 30
    motif = MotifNonEntree.objects.get(code="absent_rdv")
    decision = datetime.date(2025, 1, 31)
    prescription = PrescriptionFactory(
        referent=ReferentFactory(),
        date_prescription=datetime.date(2025, 1, 2),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=decision,
        motif_non_entree=motif,
    )
    prescription.piece_jointe.save("pj.pdf", ContentFile(b"%PDF-1.4"))
    en_attente = PrescriptionFactory(date_prescription=datetime.date(2025, 1, 2))
    en_attente.piece_jointe.save("pj.pdf", ContentFile(b"%PDF-1.4"))
    assert pieces_jointes_purger(au=decision + datetime.timedelta(days=29)) == 0  # the 29th day: kept
    assert pieces_jointes_purger(au=decision + datetime.timedelta(days=30)) == 1
    prescription.refresh_from_db()
    en_attente.refresh_from_db()
    assert not prescription.piece_jointe and bool(en_attente.piece_jointe)
    assert pieces_jointes_purger(au=decision + datetime.timedelta(days=31)) == 0  # twice: nothing more


def test_le_fichier_efface_quitte_le_disque(django_capture_on_commit_callbacks):
    prescription = PrescriptionFactory(
        referent=ReferentFactory(),
        date_prescription=datetime.date(2025, 1, 2),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=datetime.date(2025, 1, 3),
        motif_non_entree=MotifNonEntree.objects.get(code="absent_rdv"),
    )
    prescription.piece_jointe.save("pj.pdf", ContentFile(b"%PDF-1.4"))
    nom, stockage = prescription.piece_jointe.name, prescription.piece_jointe.storage
    with django_capture_on_commit_callbacks(execute=True):
        pieces_jointes_purger(au=datetime.date(2026, 1, 1))
    assert not stockage.exists(nom)


def test_chaque_lecture_d_un_prescripteur_est_journalisee(client):
    from plie.enums import ActionJournal
    from plie.models import JournalAcces

    contact = ContactPrescripteurFactory(avec_compte=True)
    prescription = PrescriptionFactory(prescripteur=contact.prescripteur, date_prescription=datetime.date(2026, 1, 5))
    client.force_login(contact.utilisateur)
    client.get(reverse("prescripteur"))
    client.get(reverse("prescripteur_prescription", args=[prescription.pk]))
    lignes = list(JournalAcces.objects.order_by("pk").values_list("action", "objet", "objet_id", "utilisateur__role"))
    assert lignes == [
        (ActionJournal.CONSULTATION, "prescriptions_prescripteur", None, Role.PRESCRIPTEUR),
        (ActionJournal.CONSULTATION, "prescription", prescription.pk, Role.PRESCRIPTEUR),
    ]


def test_ce_que_le_prescripteur_a_transmis_ne_change_pas_avec_une_correction(client):
    from parcours.services import prescription_modifier

    contact = ContactPrescripteurFactory(avec_compte=True)
    prescription = prescription_envoyer(par=contact.utilisateur, **envoi(observations="Cherche en logistique"))
    # The PLIE aligns the identity on the person it knows: the prescriber must not learn it.
    prescription_modifier(
        prescription=prescription,
        nom="Durand-Lefebvre",
        prenom="Léa Marie",
        observations="Connue en 2019",
        par=None,
    )
    client.force_login(contact.utilisateur)
    for page in (reverse("prescripteur"), reverse("prescripteur_prescription", args=[prescription.pk])):
        contenu = client.get(page).content.decode()
        assert "DURAND" in contenu and "Lefebvre" not in contenu and "LEFEBVRE" not in contenu, page
        assert "Léa Marie" not in contenu and "Connue en 2019" not in contenu, page
    with pytest.raises(ValidationError, match="garde l'organisation"):
        prescription_modifier(prescription=prescription, prescripteur=PrescripteurFactory(), par=None)


@pytest.mark.parametrize("role", [Role.FINANCEUR, Role.PORTEUR, Role.REFERENT])
def test_un_compte_prescripteur_ne_change_pas_de_role_hors_de_sa_page(animation, role):
    contact = ContactPrescripteurFactory(avec_compte=True)
    with pytest.raises(ValidationError, match="retirez son accès"):
        comptes.inviter(par=animation, email=contact.utilisateur.email, role=role)
    autre = UserFactory(role=Role.FINANCEUR)
    with pytest.raises(ValidationError):
        comptes.verifier_modification(
            par=animation, compte=autre, initial={"role": Role.FINANCEUR}, donnees={"role": Role.PRESCRIPTEUR}
        )
    with pytest.raises(ValidationError):
        comptes.verifier_modification(
            par=animation,
            compte=contact.utilisateur,
            initial={"role": Role.PRESCRIPTEUR},
            donnees={"role": role},
        )
    contact.utilisateur.refresh_from_db()
    assert contact.utilisateur.role == Role.PRESCRIPTEUR


def test_un_contact_ne_se_rattache_qu_a_un_compte_prescripteur():
    contact = ContactPrescripteurFactory(utilisateur=UserFactory(role=Role.FINANCEUR))
    with pytest.raises(ValidationError, match="prescripteur"):
        contact.full_clean()


def test_un_courriel_refuse_n_arrete_pas_les_autres(monkeypatch):
    import smtplib

    from prescripteurs import bilan
    from reporting.indicateurs.periode import Periode

    refuse = ContactPrescripteurFactory(avec_compte=True)
    recu = ContactPrescripteurFactory(avec_compte=True)
    envoyes = []

    def envoyer(sujet, texte, expediteur, destinataires, **options):
        if destinataires == [refuse.utilisateur.email]:
            raise smtplib.SMTPRecipientsRefused({})
        envoyes.append(destinataires)

    monkeypatch.setattr(bilan, "send_mail", envoyer)
    with pytest.raises(bilan.BilanIncomplet):
        bilan.bilan_mensuel_envoyer(periode=Periode(2026, 1))
    assert envoyes == [[recu.utilisateur.email]]
    refuse.refresh_from_db()
    assert refuse.dernier_bilan is None  # to send again on the retry
    monkeypatch.setattr(bilan, "send_mail", lambda *a, **k: envoyes.append(a[3]))
    assert bilan.bilan_mensuel_envoyer(periode=Periode(2026, 1)) == 1  # the retry sends the missing one only


def test_la_page_des_prescripteurs_pre_remplit_l_invitation(client, animation):
    destinataire = Destinataire.objects.create(liste="prescripteurs", nom="Claire Martin", email="claire@ft.fr")
    client.force_login(animation)
    page = client.get(reverse("prescripteurs") + f"?destinataire={destinataire.pk}").content.decode()
    assert 'value="claire@ft.fr"' in page
    for mauvais in ("abc", "-1", "99999", ""):
        assert client.get(reverse("prescripteurs") + f"?destinataire={mauvais}").status_code == 200
