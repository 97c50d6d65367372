"""Random and malformed input on every form: a French error or a success, never a server error."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from parcours.models import Parcours, Prescription
from participants.models import Participant
from plie.enums import Role
from tests.plie.factories import UserFactory

valeurs = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "31/02/2017", "2017-13-45", "1e309", "NaN", "\x00", "<script>", "' OR 1=1 --"]),
)

FORMULAIRES = {
    # url name: (role or None for anonymous, field names)
    "login": (None, ["username", "password"]),
    "password_reset": (None, ["email"]),
    "password_change": (Role.REFERENT, ["old_password", "new_password1", "new_password2"]),
    "otp_configurer": (Role.REFERENT, ["code"]),
    "otp_verifier": (Role.REFERENT, ["code", "next"]),
    "admin:participants_participant_add": (
        Role.ANIMATION,
        ["nom", "prenom", "sexe", "date_naissance", "nationalite", "commune", "quartier", "email"],
    ),
    "admin:parcours_etape_add": (
        Role.ANIMATION,
        ["parcours", "type", "date_debut", "date_fin", "issue", "heures_hebdo", "date_fin_prevue"],
    ),
    "admin:parcours_veille_add": (Role.ANIMATION, ["parcours", "date_debut", "date_fin_prevue", "date_fin", "motif"]),
    "admin:participants_referentetp_add": (Role.ANIMATION, ["referent", "date_debut", "etp"]),
    "admin:participants_remplacement_add": (Role.ANIMATION, ["remplacant", "remplace", "date_debut", "date_fin"]),
    "admin:plie_user_add": (Role.ANIMATION, ["email", "role", "password1", "password2"]),
    "admin:programmation_operation_add": (Role.ANIMATION, ["annee", "intitule", "porteur", "nature", "budget_prevu"]),
}


class FormulairesRobustes(TestCase):
    def setUp(self):
        self.comptes = {
            Role.REFERENT: UserFactory(role=Role.REFERENT),
            Role.ANIMATION: UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True),
        }

    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(nom=st.sampled_from(sorted(FORMULAIRES)), donnees=st.data())
    def test_jamais_d_erreur_serveur(self, nom, donnees):
        role, champs = FORMULAIRES[nom]
        self.client.logout()
        if role:
            self.client.force_login(self.comptes[role])
        contenu = donnees.draw(st.fixed_dictionaries({}, optional={champ: valeurs for champ in champs}))
        reponse = self.client.post(reverse(nom), contenu, REMOTE_ADDR="10.9.9.9")
        self.assertLess(reponse.status_code, 500, (nom, contenu))
        self.assertFalse(Participant.objects.filter(nom="").exists())
        self.assertEqual(Parcours.objects.count(), 0)
        self.assertEqual(Prescription.objects.count(), 0)
