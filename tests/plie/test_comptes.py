"""No way from the administrator to participants' data: accounts by invitation, nobody sets another person's
password, data-access roles approved by the structure d'animation, TOTP settings by the structure d'animation."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from plie import comptes
from plie.enums import ActionJournal, Role
from plie.models import DemandeRole, JournalAcces, ParametresRole, StatutDemande, User
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
MOT_DE_PASSE_CHOISI = "cheval batterie agrafe correcte bleue soleil maison"


@pytest.fixture
def administrateur(client):
    compte = UserFactory(role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True)
    client.force_login(compte)
    return compte


@pytest.fixture
def courriels(django_capture_on_commit_callbacks):
    """Invitations leave once the transaction commits: run what was registered on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def modifier_dans_l_admin(client, compte, **changements):
    donnees = {
        "email": compte.email,
        "prenom": compte.prenom,
        "nom": compte.nom,
        "role": compte.role,
        "is_active": "on" if compte.is_active else "",
        "is_staff": "on" if compte.is_staff else "",
        **changements,
    }
    return client.post(reverse("admin:plie_user_change", args=[compte.pk]), donnees)


def inviter(client, **donnees):
    return client.post(reverse("comptes"), donnees, follow=True)


def lien_du_courriel() -> str:
    return re.search(r"http://\S+/invitation/\S+/", mail.outbox[-1].body).group(0)


def test_l_administrateur_ne_change_pas_son_propre_role(client, administrateur):
    page = client.get(reverse("admin:plie_user_change", args=[administrateur.pk])).content.decode()
    assert 'name="role"' not in page  # shown, not offered
    modifier_dans_l_admin(client, administrateur, role=Role.ANIMATION)
    with pytest.raises(comptes.ValidationError, match="propre rôle"):
        comptes.verifier_modification(
            par=administrateur,
            compte=administrateur,
            initial={"role": Role.ADMINISTRATEUR, "email": administrateur.email},
            donnees={"role": Role.ANIMATION},
        )
    administrateur.refresh_from_db()
    assert administrateur.role == Role.ADMINISTRATEUR
    page = inviter(client, email=administrateur.email, role=Role.ANIMATION).content.decode()
    assert "Vous ne pouvez pas changer votre propre rôle." in page
    assert not DemandeRole.objects.exists()


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ANIMATION])
def test_l_administrateur_ne_donne_pas_un_role_d_acces_aux_donnees(client, administrateur, animation, role):
    financeur = UserFactory(role=Role.FINANCEUR)
    reponse = modifier_dans_l_admin(client, financeur, role=role)
    assert "s&#x27;attribue par une demande que la structure d&#x27;animation approuve" in reponse.content.decode()
    financeur.refresh_from_db()
    assert financeur.role == Role.FINANCEUR
    # Through the « Comptes » page: a request, nothing granted yet.
    inviter(client, email=financeur.email, role=role)
    demande = DemandeRole.objects.get()
    assert demande.statut == StatutDemande.A_VALIDER and demande.demandee_par == administrateur
    financeur.refresh_from_db()
    assert financeur.role == Role.FINANCEUR
    assert client.post(reverse("comptes_decider", args=[demande.pk]), {"decision": "approuver"}).status_code == 403
    # The structure d'animation approves: the role takes effect, the decision is journaled.
    client.force_login(animation)
    client.post(reverse("comptes_decider", args=[demande.pk]), {"decision": "approuver"})
    financeur.refresh_from_db()
    demande.refresh_from_db()
    assert financeur.role == role
    assert (demande.statut, demande.decidee_par) == (StatutDemande.APPROUVEE, animation)
    assert JournalAcces.objects.filter(action=ActionJournal.MODIFICATION, objet="compte", objet_id=financeur.pk)


def test_une_invitation_de_referent_par_l_administrateur_attend_l_approbation(
    client, administrateur, animation, courriels
):
    with courriels():
        inviter(client, email=" Nouvelle.Referente@Test.plie.fr ", prenom="Inès", nom="Moreau", role=Role.REFERENT)
    assert not User.objects.filter(email="nouvelle.referente@test.plie.fr").exists() and not mail.outbox
    demande = DemandeRole.objects.get()
    client.force_login(animation)
    page = client.get(reverse("comptes")).content.decode()
    assert "nouvelle.referente@test.plie.fr" in page and "Approuver" in page
    client.post(reverse("comptes_decider", args=[demande.pk]), {"decision": "refuser"})
    assert not User.objects.filter(email="nouvelle.referente@test.plie.fr").exists()
    assert DemandeRole.objects.get().statut == StatutDemande.REFUSEE


@pytest.mark.parametrize("role", [Role.ANIMATION, Role.FINANCEUR, Role.ADMINISTRATEUR])
def test_l_administrateur_ne_change_l_adresse_d_aucun_compte(client, administrateur, animation, role):
    """With the address comes the password reset: whoever changes it could take the account."""
    compte = {Role.ANIMATION: animation, Role.ADMINISTRATEUR: administrateur}.get(role) or UserFactory(role=role)
    page = client.get(reverse("admin:plie_user_change", args=[compte.pk])).content.decode()
    assert 'name="email"' not in page  # shown, not offered
    modifier_dans_l_admin(client, compte, email="pirate@exemple.fr")
    with pytest.raises(comptes.ValidationError, match="Seule la structure d'animation change l'adresse"):
        comptes.verifier_modification(
            par=administrateur,
            compte=compte,
            initial={"role": compte.role, "email": compte.email},
            donnees={"email": "pirate@exemple.fr"},
        )
    compte.refresh_from_db()
    assert compte.email != "pirate@exemple.fr"


def test_l_administrateur_ne_s_approprie_pas_une_demande_en_attente(client, administrateur, animation):
    """Critical path found in review: a request for a new address, then the administrator renaming their own
    account to it, or an existing account's address changed before approval."""
    inviter(client, email="nouvelle.referente@test.plie.fr", role=Role.REFERENT)
    pour_un_nouveau = DemandeRole.objects.get()
    porteur = UserFactory(role=Role.PORTEUR, email="marie@structure.fr")
    inviter(client, email="marie@structure.fr", role=Role.REFERENT)
    pour_un_existant = DemandeRole.objects.get(utilisateur=porteur)
    # Even were the addresses changed behind the admin's back, approval refuses.
    User.objects.filter(pk=administrateur.pk).update(email="nouvelle.referente@test.plie.fr")
    User.objects.filter(pk=porteur.pk).update(email="pirate@exemple.org")
    client.force_login(animation)
    for demande in (pour_un_nouveau, pour_un_existant):
        page = client.post(reverse("comptes_decider", args=[demande.pk]), {"decision": "approuver"}, follow=True)
        assert "ne peut pas être approuvée" in page.content.decode()
        demande.refresh_from_db()
        assert demande.statut == StatutDemande.A_VALIDER
    administrateur.refresh_from_db()
    porteur.refresh_from_db()
    assert (administrateur.role, porteur.role) == (Role.ADMINISTRATEUR, Role.PORTEUR)


def test_une_decision_sans_choix_ne_refuse_rien(client, animation):
    demande = DemandeRole.objects.create(email="y@test.plie.fr", role=Role.REFERENT)
    client.force_login(animation)
    page = client.post(reverse("comptes_decider", args=[demande.pk]), {}, follow=True).content.decode()
    assert "Choisissez « Approuver » ou « Refuser »." in page
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.A_VALIDER


def test_l_administrateur_ne_rattache_pas_un_compte_a_un_portefeuille(client, administrateur):
    from tests.participants.factories import ReferentFactory

    referent = ReferentFactory()
    autre_compte = UserFactory(role=Role.REFERENT)
    page = client.get(reverse("admin:participants_referent_change", args=[referent.pk])).content.decode()
    assert 'name="utilisateur"' not in page
    assert client.get(reverse("admin:participants_remplacement_add")).status_code == 403
    referent.refresh_from_db()
    assert referent.utilisateur != autre_compte


def test_personne_ne_choisit_le_mot_de_passe_d_un_autre(client, administrateur, animation):
    for url in (f"/admin/plie/user/{animation.pk}/password/", f"/admin/plie/user/{animation.pk}/password/change/"):
        reponse = client.get(url, follow=True)
        assert "password1" not in reponse.content.decode() and reponse.status_code in (200, 404)
    assert client.get(reverse("admin:plie_user_add")).status_code == 403
    page = client.get(reverse("admin:plie_user_change", args=[animation.pk])).content.decode()
    assert "password" not in page.lower().replace("password_change", "")


def test_invitation_le_titulaire_choisit_son_mot_de_passe_une_seule_fois(client, animation, courriels):
    client.force_login(animation)
    with courriels():
        inviter(client, email="camille@test.plie.fr", prenom="Camille", nom="Roy", role=Role.REFERENT)
    compte = User.objects.get(email="camille@test.plie.fr")
    assert compte.role == Role.REFERENT and not compte.has_usable_password()
    lien = lien_du_courriel()
    assert mail.outbox[-1].to == ["camille@test.plie.fr"] and "Référent de parcours" in mail.outbox[-1].body
    client.logout()
    formulaire = client.get(lien, follow=True)
    assert "Bienvenue : choisissez votre mot de passe" in formulaire.content.decode()
    adresse = formulaire.redirect_chain[-1][0]
    faible = client.post(adresse, {"new_password1": "aa aa aa aa aa aa aa", "new_password2": "aa aa aa aa aa aa aa"})
    assert "au moins 12 caractères" in faible.content.decode()
    client.post(adresse, {"new_password1": MOT_DE_PASSE_CHOISI, "new_password2": MOT_DE_PASSE_CHOISI})
    compte.refresh_from_db()
    assert compte.check_password(MOT_DE_PASSE_CHOISI)
    assert "Lien invalide" in client.get(lien, follow=True).content.decode()
    connexion = client.post(reverse("login"), {"username": "Camille@test.plie.fr", "password": MOT_DE_PASSE_CHOISI})
    assert connexion.status_code == 302
    demande = DemandeRole.objects.get()
    assert (demande.statut, demande.decidee_par, demande.utilisateur) == (StatutDemande.APPROUVEE, animation, compte)


def test_l_administrateur_invite_directement_un_financeur(client, administrateur, courriels):
    with courriels():
        inviter(client, email="financeur@test.plie.fr", role=Role.FINANCEUR)
    assert User.objects.get(email="financeur@test.plie.fr").role == Role.FINANCEUR
    assert "/invitation/" in mail.outbox[-1].body and not DemandeRole.objects.exists()


def test_la_double_authentification_par_role_est_reglee_par_l_animation(client, administrateur, animation):
    liste = reverse("admin:plie_parametresrole_changelist")
    lignes = list(ParametresRole.objects.order_by("pk"))
    donnees = {"form-TOTAL_FORMS": len(lignes), "form-INITIAL_FORMS": len(lignes), "_save": "Enregistrer"}
    for i, ligne in enumerate(lignes):
        donnees[f"form-{i}-id"] = ligne.pk
        donnees[f"form-{i}-double_authentification"] = "on"
    assert client.get(liste).status_code == 200  # the administrator reads it
    assert client.post(liste, donnees).status_code == 403
    assert not ParametresRole.objects.filter(double_authentification=True).exists()
    client.force_login(animation)
    assert client.post(liste, donnees).status_code == 302
    assert ParametresRole.objects.filter(double_authentification=False).count() == 0


def test_le_premier_compte_d_animation_par_la_commande(capsys, courriels):
    with courriels():
        call_command("creer_compte_animation", "--email", " Direction@PLIE.fr ", "--prenom", "Anne")
    compte = User.objects.get(email="direction@plie.fr")
    assert compte.role == Role.ANIMATION and not compte.has_usable_password()
    assert "invitation envoyée à direction@plie.fr" in capsys.readouterr().out
    assert "/invitation/" in mail.outbox[-1].body
    demande = DemandeRole.objects.get()
    assert (demande.statut, demande.demandee_par, demande.utilisateur) == (StatutDemande.APPROUVEE, None, compte)
    assert compte.is_staff  # it sets the second factor by role, in the administration
    with pytest.raises(CommandError, match="existe déjà : les suivants s.invitent depuis la page"):
        call_command("creer_compte_animation", "--email", "autre@plie.fr")
    with pytest.raises(CommandError, match="adresse électronique valide"):
        call_command("creer_compte_animation", "--email", "pas-une-adresse")


def test_un_compte_sans_droit_ne_gere_pas_les_comptes():
    with pytest.raises(comptes.PermissionDenied):
        comptes.inviter(par=UserFactory(role=Role.REFERENT), email="x@test.plie.fr", role=Role.FINANCEUR)
    with pytest.raises(comptes.PermissionDenied):
        demande = DemandeRole.objects.create(email="y@test.plie.fr", role=Role.REFERENT)
        comptes.decider(demande=demande, par=UserFactory(role=Role.ADMINISTRATEUR), approuver=True)


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ANIMATION])
@pytest.mark.parametrize("champ", ["is_active", "is_staff"])
def test_l_administrateur_ne_desactive_pas_un_compte_qui_voit_les_donnees(client, administrateur, role, champ):
    compte = UserFactory(role=role, is_staff=True)
    page = client.get(reverse("admin:plie_user_change", args=[compte.pk])).content.decode()
    assert f'name="{champ}"' not in page  # shown, not offered
    modifier_dans_l_admin(client, compte, **{champ: ""})
    compte.refresh_from_db()
    assert compte.is_active and compte.is_staff
    with pytest.raises(comptes.PermissionDenied, match="Seule la structure d'animation désactive"):
        comptes.changer_acces(par=administrateur, compte=compte, actif=champ != "is_active", administration=False)
    with pytest.raises(comptes.ValidationError, match="Seule la structure d'animation désactive"):
        comptes.verifier_modification(
            par=administrateur, compte=compte, initial={"role": role, "email": compte.email}, donnees={champ: False}
        )
    compte.refresh_from_db()
    assert compte.is_active and compte.is_staff


def test_l_administrateur_desactive_encore_un_financeur(client, administrateur):
    financeur = UserFactory(role=Role.FINANCEUR)
    modifier_dans_l_admin(client, financeur, is_active="")
    financeur.refresh_from_db()
    assert not financeur.is_active


def test_la_structure_d_animation_desactive_un_referent_depuis_la_page_comptes_apres_confirmation(client, animation):
    referent = UserFactory(role=Role.REFERENT, is_staff=True)
    client.force_login(animation)
    page = client.get(reverse("comptes")).content.decode()
    lien = f"{reverse('comptes_acces', args=[referent.pk])}?action=desactiver"
    assert lien.replace("&", "&amp;") in page or lien in page
    confirmation = client.get(lien).content.decode()
    assert "Je confirme ce changement" in confirmation and referent.email in confirmation
    client.post(reverse("comptes_acces", args=[referent.pk]), {"action": "desactiver"})  # not confirmed
    referent.refresh_from_db()
    assert referent.is_active
    reponse = client.post(
        reverse("comptes_acces", args=[referent.pk]), {"action": "desactiver", "confirmation": "oui"}, follow=True
    )
    assert "Désactiver le compte : fait" in reponse.content.decode()
    referent.refresh_from_db()
    assert not referent.is_active and referent.is_staff
    assert JournalAcces.objects.filter(
        utilisateur=animation, action=ActionJournal.MODIFICATION, objet="compte", objet_id=referent.pk
    ).exists()
    client.post(reverse("comptes_acces", args=[referent.pk]), {"action": "reactiver", "confirmation": "oui"})
    client.post(
        reverse("comptes_acces", args=[referent.pk]), {"action": "retirer_administration", "confirmation": "oui"}
    )
    referent.refresh_from_db()
    assert referent.is_active and not referent.is_staff


def test_le_dernier_compte_de_la_structure_d_animation_reste_actif(client, animation):
    client.force_login(animation)
    reponse = client.post(
        reverse("comptes_acces", args=[animation.pk]), {"action": "desactiver", "confirmation": "oui"}, follow=True
    )
    assert "Vous ne pouvez pas désactiver votre propre compte." in reponse.content.decode()
    collegue = UserFactory(role=Role.ANIMATION, is_staff=True)
    perime = User.objects.get(pk=collegue.pk)  # the colleague's session, opened before what follows
    comptes.changer_acces(par=animation, compte=collegue, actif=False, administration=True)
    collegue.refresh_from_db()
    assert not collegue.is_active
    # Two structure d'animation accounts deactivating each other at once: the second finds the other one the last.
    with pytest.raises(comptes.ValidationError, match="dernier compte actif de la structure d'animation"):
        comptes.changer_acces(par=perime, compte=animation, actif=False, administration=True)
    animation.refresh_from_db()
    assert animation.is_active


def test_la_page_des_comptes_en_requetes_constantes_et_par_pages_de_cinquante(client, animation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(animation)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(reverse("comptes")).status_code == 200
    for rang in range(60):
        UserFactory(role=Role.REFERENT, email=f"referent{rang}@test.plie.fr")
    with CaptureQueriesContext(connection) as beaucoup:
        page = client.get(reverse("comptes")).content.decode()
    assert len(beaucoup) == len(peu)
    assert page.count("?action=desactiver") == 49  # 50 a page, the structure d'animation's own row without one
    assert "page_comptes=2" in page
