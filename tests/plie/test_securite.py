"""Sign-in protection, sessions, second factor, passwords, CSRF and deployment settings."""

import datetime
import os
import re
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from plie.enums import Role
from plie.models import ParametresRole
from plie.validators import ValidateurCNIL
from tests.plie.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db


def connexion(client, email, mot_de_passe, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": mot_de_passe}, REMOTE_ADDR=ip, HTTP_USER_AGENT="test"
    )


def test_verrouillage_apres_cinq_echecs_puis_levee_apres_le_delai():
    UserFactory(email="cible@test.plie.fr")
    client = Client()
    for _ in range(4):
        assert connexion(client, "cible@test.plie.fr", "mauvais").status_code == 200
    assert connexion(client, "cible@test.plie.fr", "mauvais").status_code == 429
    bloque = connexion(client, "cible@test.plie.fr", MOT_DE_PASSE)
    assert bloque.status_code == 429
    assert "Connexion temporairement bloquée" in bloque.content.decode()
    # Another address (the référent at their desk) is not locked out by the attacker.
    assert connexion(Client(), "cible@test.plie.fr", MOT_DE_PASSE, ip="10.0.0.2").status_code == 302
    # After the cool-off, the lock lifts by itself.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert connexion(client, "cible@test.plie.fr", MOT_DE_PASSE).status_code == 302


@pytest.mark.parametrize("variantes", [["VICTIME@test.plie.fr", " victime@test.plie.fr ", "Victime@Test.Plie.Fr"]])
def test_le_verrouillage_tient_quelle_que_soit_l_ecriture_de_l_adresse(variantes):
    UserFactory(email="victime@test.plie.fr")
    client = Client()
    for numero in range(5):
        connexion(client, variantes[numero % len(variantes)], "mauvais")
    for ecriture in [*variantes, "victime@test.plie.fr"]:
        assert connexion(client, ecriture, MOT_DE_PASSE).status_code == 429, ecriture
    # The right password in another spelling signs in, from another desk.
    assert connexion(Client(), " VICTIME@test.plie.fr", MOT_DE_PASSE, ip="10.0.0.9").status_code == 302


def test_deux_comptes_ne_different_pas_que_par_la_casse():
    from django.db import IntegrityError, transaction

    from plie.models import User

    compte = User.objects.create_user(" Double@Test.plie.fr ", MOT_DE_PASSE, role=Role.FINANCEUR)
    assert compte.email == "double@test.plie.fr"
    with pytest.raises(ValidationError, match="Un compte existe déjà avec cette adresse"):
        User(email="DOUBLE@test.plie.fr", role=Role.FINANCEUR).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="DOUBLE@TEST.plie.fr", role=Role.FINANCEUR)])
    assert connexion(Client(), "DOUBLE@test.plie.fr", MOT_DE_PASSE).status_code == 302


def test_l_administration_est_protegee_aussi():
    UserFactory(email="staff@test.plie.fr", role=Role.ANIMATION, is_staff=True)
    client = Client()
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "staff@test.plie.fr", "password": "mauvais"},
            REMOTE_ADDR="10.0.0.3",
            HTTP_USER_AGENT="test",
        )
    reponse = client.post(
        reverse("admin:login"),
        {"username": "staff@test.plie.fr", "password": MOT_DE_PASSE},
        REMOTE_ADDR="10.0.0.3",
        HTTP_USER_AGENT="test",
    )
    assert reponse.status_code == 429


def test_session_inactive_expiree_apres_30_minutes(client):
    UserFactory(email="session@test.plie.fr")
    assert connexion(client, "session@test.plie.fr", MOT_DE_PASSE).status_code == 302
    page = client.get(reverse("accueil"))
    assert 'data-session-duree="1800"' in page.content.decode()
    session = Session.objects.get()
    reste = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < reste <= datetime.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    reponse = client.get(reverse("accueil"))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("login"))


def test_changer_de_mot_de_passe_deconnecte_les_autres_sessions():
    UserFactory(email="deux@test.plie.fr")
    ici, ailleurs = Client(), Client()
    connexion(ici, "deux@test.plie.fr", MOT_DE_PASSE)
    connexion(ailleurs, "deux@test.plie.fr", MOT_DE_PASSE, ip="10.0.0.9")
    nouveau = "Nouveau-mot-de-passe-2026"
    reponse = ici.post(
        reverse("password_change"),
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
    )
    assert reponse.status_code == 302
    assert ici.get(reverse("accueil")).status_code == 200
    assert ailleurs.get(reverse("accueil")).status_code == 302


@pytest.mark.parametrize(
    "mot_de_passe, valide",
    [
        ("Court-1a", False),
        ("toutenminusculesmaislong", False),
        ("Kx7#mPq2vL9z", True),  # 12 characters, 4 classes
        ("Rivière-Orange-42", True),  # 14 characters or more, 3 classes
        ("Abcdefghij123", False),  # 13 characters, 3 classes
        ("cheval batterie agrafe correcte bleue soleil maison", True),  # 7 distinct words
        ("cheval batterie agrafe cheval bleue soleil maison", False),  # 7 words, 6 distinct
        ("aa aa aa aa aa aa aa", False),
        ("11 22 33 44 55 66 77", False),
        ("ab.ab.ab.ab.ab.ab.ab", False),
        ("aaa bbb ccc ddd eee fff ggg", False),
    ],
)
def test_regles_de_mot_de_passe_de_la_cnil(mot_de_passe, valide):
    if valide:
        ValidateurCNIL().validate(mot_de_passe)
    else:
        with pytest.raises(ValidationError, match="au moins 12 caractères"):
            ValidateurCNIL().validate(mot_de_passe)


@pytest.mark.parametrize(
    "mot_de_passe",
    [
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "Lundi, mardi, mercredi, jeudi, vendredi, samedi et dimanche",
        "janvier février mars avril mai juin juillet",
        "un deux trois quatre cinq six sept",
        "le la les un une des du",
        "camille dupont test plie fr lundi mardi",  # the account's own address, and days
        "Camille Dupont PLIE Dijon Métropole le la",
    ],
)
def test_une_phrase_de_jours_de_nombres_ou_de_petits_mots_est_refusee_et_le_message_dit_pourquoi(mot_de_passe):
    compte = UserFactory.build(email="camille.dupont@test.plie.fr", prenom="Camille", nom="Dupont")
    with pytest.raises(ValidationError, match="les jours, les mois, les nombres, les petits mots") as erreur:
        ValidateurCNIL().validate(mot_de_passe, compte)
    assert "la vôtre en a" in erreur.value.messages[0]


@pytest.mark.parametrize(
    "mot_de_passe",
    ["Boulangerie1!", "Grenouille12!", "Chaussette1!"],
)
def test_des_mots_francais_courants_sont_previsibles(mot_de_passe):
    """zxcvbn reads the French words too: what its English lists rate hard to guess (3 or 4 out of 4) is not."""
    compte = UserFactory.build(email="camille.dupont@test.plie.fr", prenom="Camille", nom="Dupont")
    with pytest.raises(ValidationError, match="trop facile à deviner"):
        ValidateurCNIL().validate(mot_de_passe, compte)


def test_une_longue_phrase_de_passe_est_jugee_sans_erreur():
    """zxcvbn refuses more than 72 characters: the estimator reads the start of a longer passphrase."""
    phrase = "cheval batterie agrafe correcte bleue soleil maison lointaine riviere montagne orage tulipe"
    assert len(phrase) > 72
    ValidateurCNIL().validate(phrase)


@pytest.mark.parametrize("mot_de_passe", ["Azertyuiop12!", "Password1234!", "Qwerty123456!"])
def test_un_mot_de_passe_previsible_est_refuse_malgre_sa_composition(mot_de_passe):
    compte = UserFactory.build(email="camille.dupont@test.plie.fr", prenom="Camille", nom="Dupont")
    with pytest.raises(ValidationError, match="trop facile à deviner"):
        ValidateurCNIL().validate(mot_de_passe, compte)


def test_double_authentification_obligatoire_pour_un_role(client):
    ParametresRole.objects.filter(role=Role.REFERENT).update(double_authentification=True)
    UserFactory(email="deuxfa@test.plie.fr", role=Role.REFERENT)
    connexion(client, "deuxfa@test.plie.fr", MOT_DE_PASSE)
    reponse = client.get(reverse("accueil"))
    assert reponse.status_code == 302 and reponse.url == reverse("otp_configurer")
    assert "Activer la double authentification" in client.get(reverse("otp_configurer")).content.decode()
    appareil = TOTPDevice.objects.get()
    assert client.post(reverse("otp_configurer"), {"code": "000000"}).status_code == 200
    appareil.refresh_from_db()
    appareil.throttle_reset()  # a wrong code throttles the device for a second
    code = f"{totp(appareil.bin_key):06d}"
    assert client.post(reverse("otp_configurer"), {"code": code}).status_code == 302
    assert client.get(reverse("accueil")).status_code == 200

    # Next sign-in: the code is asked again.
    client.logout()
    connexion(client, "deuxfa@test.plie.fr", MOT_DE_PASSE)
    assert client.get(reverse("accueil")).url.startswith(reverse("otp_verifier"))
    assert "Code incorrect" in client.post(reverse("otp_verifier"), {"code": "123456"}).content.decode()
    appareil.refresh_from_db()
    appareil.last_t = -1  # the same code cannot serve twice within its 30 seconds
    appareil.save()
    appareil.throttle_reset()
    code = f"{totp(appareil.bin_key):06d}"
    assert client.post(reverse("otp_verifier"), {"code": code, "next": "/"}).status_code == 302
    assert client.get(reverse("accueil")).status_code == 200


def test_double_authentification_non_exigee_pour_les_autres_roles(client):
    ParametresRole.objects.filter(role=Role.REFERENT).update(double_authentification=True)
    client.force_login(UserFactory(role=Role.FINANCEUR))
    assert client.get(reverse("accueil")).status_code == 200


def test_reinitialisation_par_courriel_a_usage_unique(client):
    UserFactory(email="oubli@test.plie.fr")
    client.post(reverse("password_reset"), {"email": "Oubli@test.plie.fr"})
    assert len(mail.outbox) == 1
    lien = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    formulaire = client.get(lien, follow=True)
    assert "Choisissez un nouveau mot de passe" in formulaire.content.decode()
    nouveau = "Encore-un-mot-de-passe-1"
    url_formulaire = formulaire.redirect_chain[-1][0]
    assert client.post(url_formulaire, {"new_password1": nouveau, "new_password2": nouveau}).status_code == 302
    deuxieme = client.get(lien, follow=True)
    assert "Lien invalide" in deuxieme.content.decode()


def test_reinitialisation_ne_revele_pas_si_le_compte_existe(client):
    reponse = client.post(reverse("password_reset"), {"email": "inconnu@test.plie.fr"})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 0


def test_chaque_vue_qui_modifie_refuse_un_post_sans_jeton_csrf():
    user = UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    anonymes = [reverse("login"), reverse("password_reset"), reverse("admin:login")]
    for url in anonymes:
        assert client.post(url, {}).status_code == 403, url
    client.force_login(user)
    connectes = [
        reverse("logout"),
        reverse("password_change"),
        reverse("session_prolonger"),
        reverse("otp_configurer"),
        reverse("otp_verifier"),
        reverse("admin:plie_user_add"),
        reverse("admin:parcours_typeetape_add"),
        reverse("admin:logout"),
        reverse("file_active"),
        reverse("prescription_nouvelle"),
        reverse("commission"),
    ]
    for url in connectes:
        assert client.post(url, {}).status_code == 403, url


def test_en_tetes_de_securite(client):
    reponse = client.get(reverse("login"))
    politique = reponse["Content-Security-Policy"]
    assert "script-src 'self'" in politique and "unsafe-inline" not in politique
    assert "frame-ancestors 'none'" in politique
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["Referrer-Policy"] == "same-origin"
    assert reponse["X-Content-Type-Options"] == "nosniff"


def test_aucun_script_en_ligne_dans_les_gabarits():
    for dossier, _, fichiers in os.walk("templates"):
        for nom in fichiers:
            texte = open(os.path.join(dossier, nom), encoding="utf-8").read()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", texte), nom
            assert not re.search(r"\son[a-z]+=", texte), nom


def test_production_refuse_la_cle_de_demonstration():
    environnement = {**os.environ, "DJANGO_SETTINGS_MODULE": "plie.settings.production"}
    environnement.pop("DJANGO_SECRET_KEY", None)
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check"], env=environnement, capture_output=True, text=True, check=False
    )
    assert resultat.returncode != 0
    assert "DJANGO_SECRET_KEY doit être défini" in resultat.stderr


def test_un_appareil_configure_volontairement_est_toujours_demande(client):
    user = UserFactory(email="volontaire@test.plie.fr", role=Role.FINANCEUR)
    TOTPDevice.objects.create(user=user, name="Application", confirmed=True)
    connexion(client, "volontaire@test.plie.fr", MOT_DE_PASSE)
    assert client.get(reverse("accueil")).url.startswith(reverse("otp_verifier"))


def test_aucun_nom_dans_le_titre_des_pages(client):
    """Page titles land in browser history and tab lists: they never carry a person's name."""
    from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
    from tests.participants.factories import ReferentFactory

    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    parcours = ParcoursFactory(prescription__referent=referent, participant__nom="Titrenom")
    prescription = PrescriptionFactory(referent=referent, nom="Titrenom")
    client.force_login(UserFactory(role=Role.ANIMATION))
    urls = [
        reverse("dossier_participant", args=[parcours.participant_id]),
        reverse("prescription", args=[prescription.pk]),
        reverse("prescription_entree", args=[prescription.pk]),
        reverse("prescription_non_entree", args=[prescription.pk]),
        reverse("parcours_transferer", args=[parcours.pk]),
        reverse("document_ajouter", args=[parcours.pk]),
        reverse("parcours_element_ajouter", args=[parcours.pk, "etape"]),
        reverse("parcours_entree", args=[parcours.pk]),
    ]
    for url in urls:
        titre = re.search(r"<title>(.*?)</title>", client.get(url).content.decode(), re.S).group(1)
        assert "titrenom" not in titre.lower(), url


def test_un_en_tete_x_real_ip_forge_ne_contourne_pas_le_verrouillage():
    UserFactory(email="forge@test.plie.fr")
    client = Client()
    for numero in range(5):
        client.post(
            reverse("login"),
            {"username": "forge@test.plie.fr", "password": "mauvais"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_REAL_IP=f"192.0.2.{numero}",
        )
    reponse = client.post(
        reverse("login"),
        {"username": "forge@test.plie.fr", "password": MOT_DE_PASSE},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_REAL_IP="192.0.2.99",
    )
    assert reponse.status_code == 429


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_migration_des_adresses_signale_les_comptes_en_double():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    avant, apres = [("plie", "0004_journal_modification")], [("plie", "0005_email_sans_casse")]
    executor = MigrationExecutor(connection)
    executor.migrate(avant)
    try:
        User = executor.loader.project_state(avant).apps.get_model("plie", "User")
        User.objects.create(email="ecrit@test.plie.fr", role="financeur", password="!")
        double = User.objects.create(email=" Ecrit@Test.plie.fr", role="financeur", password="!")
        User.objects.create(email=" Seul@Test.plie.fr ", role="financeur", password="!")
        executor.loader.build_graph()
        with pytest.raises(RuntimeError, match=rf"même adresse électronique.*comptes n° \d+, {double.pk}"):
            executor.migrate(apres)
        double.delete()
        executor.loader.build_graph()
        executor.migrate(apres)
        assert set(User.objects.values_list("email", flat=True)) == {"ecrit@test.plie.fr", "seul@test.plie.fr"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
