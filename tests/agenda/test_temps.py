"""The monthly time statement: exact totals on a hand-built month (by operation, by category, participant-related
apart, against the ETP's expected hours), equal to its activities on random months, validated by the référent then
the employer, the month locked against any change until reopened with a reason; its PDF."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from pypdf import PdfReader

from agenda import services, temps
from agenda.enums import StatutActivite, StatutEtatTemps
from agenda.models import Activite, CategorieActivite, ChangementEtatTemps, TempsValide
from participants.models import ReferentEtp
from plie.enums import Role
from tests import publicite
from tests.fse.histoires import action, portage
from tests.parcours.factories import EntretienFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

D = datetime.date
NOVEMBRE = (2026, 11)
AUJOURDHUI = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def categorie(code):
    return CategorieActivite.objects.get(code=code)


@pytest.fixture
def decembre():
    with time_machine.travel(AUJOURDHUI, tick=True):
        yield


@pytest.fixture
def monde(db):
    referent = ReferentFactory(prenom="Claire", nom="Martin", utilisateur=UserFactory(role=Role.REFERENT))
    employeur = UserFactory(role=Role.PORTEUR, nom="Durand")
    referent.structure.utilisateurs.add(employeur)
    parcours = [ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5 + i)) for i in range(2)]
    return {"referent": referent, "employeur": employeur, "parcours": parcours}


def activite(monde, code, jour, minutes, *, participants=(), operation=None, realisee=True):
    return services.activite_enregistrer(
        referent=monde["referent"],
        categorie=categorie(code),
        date=D(2026, 11, jour),
        duree_minutes=minutes,
        participants=participants,
        operation=operation,
        realisee=realisee,
        par=monde["referent"].utilisateur,
    )


def test_un_mois_fait_a_la_main(decembre, monde):
    """November 2026: a 2 h workshop and 45 + 30 minutes of entretiens on the portage operation, 1 h of démarches
    for an action, a 3 h meeting; a planned and a cancelled activity and an October one count nowhere. ETP 1 until
    the 15th, 0.5 from the 16th: 143 h 20 × (15 × 1 + 15 × 0.5) / 30 = 107 h 30 expected."""
    referent = monde["referent"]
    ReferentEtp.objects.create(referent=referent, date_debut=D(2026, 11, 16), etp=Decimal("0.5"))
    porte = portage(referent.structure, 2026)
    atelier = action("Atelier mobilité", annee=2026)
    p1, p2 = monde["parcours"]
    activite(monde, "atelier_collectif", 3, 120, participants=[p1, p2])
    activite(monde, "demarches_participant", 4, 60, participants=[p1], operation=atelier)
    activite(monde, "reunion_plie", 5, 180)
    activite(monde, "administration", 30, 60, realisee=False)
    annulee = activite(monde, "formation", 6, 240, realisee=False)
    services.activite_changer_statut(activite=annulee, vers=StatutActivite.ANNULEE, par=referent.utilisateur)
    EntretienFactory(parcours=p1, referent=referent, date=D(2026, 11, 10), duree_minutes=45)
    EntretienFactory(parcours=p2, referent=referent, date=D(2026, 11, 30), duree_minutes=30)
    EntretienFactory(parcours=p2, referent=referent, date=D(2026, 10, 31), duree_minutes=50)
    releve = temps.releve(referent, *NOVEMBRE)
    lignes = {ligne.operation: ligne.minutes for ligne in releve.lignes}
    assert lignes == {
        f"{porte.intitule} (2026)": {
            "Atelier collectif": 120,
            "Entretiens individuels": 75,
            "Réunion PLIE (GTT, ETT, commission)": 180,
        },
        "Atelier mobilité (2026)": {"Démarches pour un participant": 60},
    }
    assert (releve.total, releve.minutes_participants) == (435, 255)
    assert releve.categories[0] == "Entretiens individuels"
    assert releve.minutes_attendues == 6450  # 107 h 30


@pytest.mark.parametrize(("mois", "jours"), [(2, 28), (4, 30), (12, 31)])
def test_le_temps_attendu_a_temps_plein_chaque_mois(db, mois, jours):
    """1 720 hours a year for full time: 143 h 20 each month, whatever its length."""
    referent = ReferentFactory()
    assert temps.minutes_attendues(referent, 2026, mois) == 8600
    assert temps.bornes(2026, mois)[1].day == jours


class EtatEgalASesActivites(TestCase):
    @settings(max_examples=15, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(1, 30),
                st.integers(1, 600),
                st.sampled_from(["reunion_plie", "formation", "administration", "demarches_participant"]),
                st.booleans(),
            ),
            max_size=12,
        )
    )
    def test_le_total_est_la_somme_des_activites_realisees(self, lignes):
        with time_machine.travel(AUJOURDHUI, tick=True):
            referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
            parcours = ParcoursFactory(referent=referent, date_entree=D(2026, 1, 5))
            monde = {"referent": referent}
            for jour, minutes, code, realisee in lignes:
                participants = [parcours] if code == "demarches_participant" else []
                activite(monde, code, jour, minutes, participants=participants, realisee=realisee)
            releve = temps.releve(referent, *NOVEMBRE)
            attendu = sum(m for _, m, _, r in lignes if r)
            assert releve.total == attendu == sum(releve.par_categorie().values())
            lie = sum(m for _, m, c, r in lignes if r and c == "demarches_participant")
            assert releve.minutes_participants == lie


def test_valide_puis_verrouille_puis_rouvert(decembre, monde):
    referent, employeur = monde["referent"], monde["employeur"]
    p1 = monde["parcours"][0]
    reunion = activite(monde, "reunion_plie", 5, 60)
    entretien = EntretienFactory(parcours=p1, referent=referent, date=D(2026, 11, 10), duree_minutes=45)
    with pytest.raises(ValidationError, match="Décembre 2026 n'est pas terminé"):
        services.etat_valider_referent(referent=referent, annee=2026, mois=12, par=referent.utilisateur)
    with pytest.raises(PermissionDenied):
        services.etat_valider_referent(referent=referent, annee=2026, mois=11, par=employeur)
    etat = services.etat_valider_referent(referent=referent, annee=2026, mois=11, par=referent.utilisateur)
    assert etat.statut == StatutEtatTemps.VALIDE_REFERENT

    # The month's time no longer changes, by any door.
    refus = "L'état des temps de novembre 2026 est validé"
    with pytest.raises(ValidationError, match=refus):
        activite(monde, "formation", 12, 60)
    with pytest.raises(ValidationError, match=refus):
        services.activite_changer_statut(activite=reunion, vers=StatutActivite.PREVUE, par=referent.utilisateur)
    with pytest.raises(ValidationError, match=refus):  # moved out of the month
        services.activite_enregistrer(
            referent=referent,
            categorie=reunion.categorie,
            date=D(2026, 12, 1),
            duree_minutes=60,
            activite=reunion,
            par=referent.utilisateur,
        )
    from parcours.services import element_enregistrer, element_supprimer

    entretien.duree_minutes = 90
    with pytest.raises(ValidationError, match=refus):
        element_enregistrer(element=entretien, par=referent.utilisateur)
    with pytest.raises(ValidationError, match=refus):
        element_supprimer(element=entretien, par=referent.utilisateur)
    assert Activite.objects.count() == 1

    autre_employeur = UserFactory(role=Role.PORTEUR)
    ReferentFactory().structure.utilisateurs.add(autre_employeur)
    with pytest.raises(PermissionDenied):
        services.etat_valider_employeur(etat=etat, par=autre_employeur)
    etat = services.etat_valider_employeur(etat=etat, par=employeur)
    assert etat.statut == StatutEtatTemps.VERROUILLE and etat.valide_employeur_par == employeur
    # What the staff cost will read: the month's minutes as validated (no portage operation here).
    assert dict(TempsValide.objects.filter(etat=etat).values_list("operation_id", "minutes")) == {None: 105}
    animation = UserFactory(role=Role.ANIMATION)
    with pytest.raises(ValidationError, match="pourquoi"):
        services.etat_rouvrir(etat=etat, par=animation, motif=" ")
    etat = services.etat_rouvrir(etat=etat, par=animation, motif="Réunion du 5 comptée deux fois.")
    assert etat.statut == StatutEtatTemps.EN_COURS and etat.valide_referent_le is None
    assert not TempsValide.objects.filter(etat=etat).exists()
    services.activite_changer_statut(activite=reunion, vers=StatutActivite.PREVUE, par=referent.utilisateur)
    moves = list(ChangementEtatTemps.objects.filter(etat=etat).values_list("vers", "par"))
    assert moves == [
        ("valide_referent", referent.utilisateur.pk),
        ("verrouille", employeur.pk),
        ("en_cours", animation.pk),
    ]


def test_les_pages_et_le_pdf_de_l_etat(decembre, monde, client):
    """The référent validates on the page, the employer validates and downloads the signed statement (the EU
    mention, the names and dates of both validations); another employer and the funders see none of it."""
    referent, employeur = monde["referent"], monde["employeur"]
    portage(referent.structure, 2026)
    activite(monde, "atelier_collectif", 3, 150, participants=monde["parcours"])
    url = reverse("agenda_temps", args=[referent.pk, 2026, 11])
    client.force_login(referent.utilisateur)
    page = client.get(url).content.decode().replace("\xa0", " ")
    assert "2 h 30" in page and "Valider mon état des temps" in page
    client.post(reverse("agenda_temps_agir", args=[referent.pk, 2026, 11, "valider"]))
    assert "Valider mon état des temps" not in client.get(url).content.decode()
    client.force_login(employeur)
    liste = client.get(reverse("agenda_temps_liste"), {"mois": "2026-11"}).content.decode()
    assert "Claire Martin" in liste and "Validé par le référent" in liste
    client.post(reverse("agenda_temps_agir", args=[referent.pk, 2026, 11, "valider-employeur"]))
    reponse = client.get(reverse("agenda_temps_pdf", args=[referent.pk, 2026, 11]))
    assert reponse["Content-Type"] == "application/pdf"
    publicite.pdf(reponse.content)
    texte = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages)
    for attendu in ("Cofinancé par l'Union européenne", "Claire Martin", "novembre 2026", "Atelier collectif"):
        assert attendu in texte, attendu
    assert "validé le" in texte and "Durand" in texte and "provisoire" not in texte
    for nom in (str(p.participant) for p in monde["parcours"]):
        assert nom not in texte  # a statement names no participant
    autre = UserFactory(role=Role.PORTEUR)
    ReferentFactory().structure.utilisateurs.add(autre)
    client.force_login(autre)
    assert client.get(url).status_code == 404
    assert "Claire Martin" not in client.get(reverse("agenda_temps_liste"), {"mois": "2026-11"}).content.decode()
    client.force_login(UserFactory(role=Role.FINANCEUR))
    assert client.get(url).status_code == 403


def test_la_liste_du_mois_coute_le_meme_nombre_de_requetes(decembre, monde, client):
    client.force_login(UserFactory(role=Role.ANIMATION))

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            client.get(reverse("agenda_temps_liste"), {"mois": "2026-11"})
        return len(requetes)

    avant = compter()
    for _ in range(4):
        autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
        EntretienFactory(parcours=ParcoursFactory(referent=autre), referent=autre, date=D(2026, 11, 3))
    assert compter() == avant


def test_un_etat_valide_reste_tel_qu_il_a_ete_valide(decembre, monde, client):
    """Once validated, the statement is shown as validated: a category renamed or a portage operation created
    afterwards changes neither the page nor what the staff cost reads; reopened, it is computed again."""
    referent = monde["referent"]
    activite(monde, "reunion_plie", 5, 60)
    EntretienFactory(parcours=monde["parcours"][0], referent=referent, date=D(2026, 11, 10), duree_minutes=45)
    etat = services.etat_valider_referent(referent=referent, annee=2026, mois=11, par=referent.utilisateur)
    CategorieActivite.objects.filter(code="reunion_plie").update(libelle="Réunions (renommée)")
    porte = portage(referent.structure, 2026)
    releve = temps.releve(referent, *NOVEMBRE)
    assert [(ligne.operation, ligne.minutes) for ligne in releve.lignes] == [
        ("Sans opération", {"Entretiens individuels": 45, "Réunion PLIE (GTT, ETT, commission)": 60})
    ]
    assert dict(TempsValide.objects.filter(etat=etat).values_list("operation_id", "minutes")) == {None: 105}
    services.etat_rouvrir(etat=etat, par=monde["employeur"], motif="Opération de portage créée depuis.")
    lignes = {ligne.operation: ligne.minutes for ligne in temps.releve(referent, *NOVEMBRE).lignes}
    assert lignes == {
        f"{porte.intitule} (2026)": {"Entretiens individuels": 45},  # the entretiens follow the portage
        "Sans opération": {"Réunions (renommée)": 60},  # the activity keeps the operation it was recorded with
    }


def test_la_liste_du_mois_garde_le_referent_parti_en_cours_de_mois(decembre, monde, client):
    referent = monde["referent"]
    ReferentEtp.objects.create(referent=referent, date_debut=D(2026, 11, 20), etp=Decimal("0"))
    client.force_login(monde["employeur"])
    assert "Claire Martin" in client.get(reverse("agenda_temps_liste"), {"mois": "2026-11"}).content.decode()
    assert "Claire Martin" not in client.get(reverse("agenda_temps_liste"), {"mois": "2026-12"}).content.decode()
