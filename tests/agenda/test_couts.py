"""The staff cost of an operation on a hand-built year, exact to the cent: validated (locked) hours only, each
référent at their cost ÷ (1 720 h × average ETP), each amount rounded once; who enters a cost and who reads it."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from agenda import couts, services
from agenda.models import CategorieActivite
from participants.models import ReferentEtp
from plie.enums import Role
from tests import publicite
from tests.fse.histoires import action, portage
from tests.parcours.factories import EntretienFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory, StructurePorteuseFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def decembre():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris")), tick=True):
        yield


def faire(referent, code, date, minutes, operation=None, participants=()):
    return services.activite_enregistrer(
        referent=referent,
        categorie=CategorieActivite.objects.get(code=code),
        date=date,
        duree_minutes=minutes,
        operation=operation,
        participants=participants,
        realisee=True,
        par=None,
    )


def verrouiller(referent, employeur, mois):
    etat = services.etat_valider_referent(referent=referent, annee=2026, mois=mois, par=referent.utilisateur)
    services.etat_valider_employeur(etat=etat, par=employeur)


@pytest.fixture
def annee(decembre):
    """A structure whose portage operation gets: from Alice (1 ETP, 40 000 €: 23,2558… €/h) 2 h of workshop and
    1 h 15 of entretiens in a locked November, and 5 h in an unlocked October; from Bruno (0,8 ETP, 34 400 €:
    25 €/h exactly) 10 h of démarches in a locked November; Chloé's locked hours without any cost entered. Time on
    another operation counts for it, not for this one."""
    structure = StructurePorteuseFactory(nom="Tremplin")
    employeur = UserFactory(role=Role.PORTEUR)
    structure.utilisateurs.add(employeur)
    porte = portage(structure, 2026)
    autre_operation = action("Atelier mobilité", annee=2026)
    alice = ReferentFactory(
        prenom="Alice", nom="Aubry", structure=structure, utilisateur=UserFactory(role=Role.REFERENT)
    )
    bruno = ReferentFactory(
        prenom="Bruno",
        nom="Bach",
        structure=structure,
        utilisateur=UserFactory(role=Role.REFERENT),
        etp=Decimal("0.8"),
    )
    chloe = ReferentFactory(
        prenom="Chloé", nom="Colin", structure=structure, utilisateur=UserFactory(role=Role.REFERENT)
    )
    pa = ParcoursFactory(referent=alice, date_entree=D(2026, 1, 5))
    pb = ParcoursFactory(referent=bruno, date_entree=D(2026, 1, 5))
    faire(alice, "reunion_plie", D(2026, 11, 3), 120)
    EntretienFactory(parcours=pa, referent=alice, date=D(2026, 11, 4), duree_minutes=75)
    faire(alice, "reunion_plie", D(2026, 10, 3), 300)  # October is not locked
    faire(alice, "reunion_plie", D(2026, 11, 5), 240, operation=autre_operation)
    faire(bruno, "demarches_participant", D(2026, 11, 6), 600, participants=[pb])
    faire(chloe, "administration", D(2026, 11, 6), 60)
    for referent in (alice, bruno, chloe):
        verrouiller(referent, employeur, 11)
    services.cout_enregistrer(referent=alice, annee=2026, montant=Decimal("40000"), par=employeur)
    services.cout_enregistrer(referent=bruno, annee=2026, montant=Decimal("34400"), par=employeur)
    return {
        "operation": porte,
        "autre": autre_operation,
        "alice": alice,
        "bruno": bruno,
        "chloe": chloe,
        "employeur": employeur,
    }


def test_le_cout_d_une_operation_au_centime(annee):
    calcul = couts.cout_des_personnels(annee["operation"], D(2026, 1, 1), D(2026, 12, 31))
    lignes = {ligne.referent.prenom: (ligne.minutes, ligne.montant) for ligne in calcul["lignes"]}
    # 3 h 15 × 40 000 / 1 720 = 75,5813… → 75,58 ; 10 h × 34 400 / (1 720 × 0,8) = 250,00.
    assert lignes == {"Alice": (195, Decimal("75.58")), "Bruno": (600, Decimal("250.00")), "Chloé": (60, None)}
    assert calcul["total"] == Decimal("325.58")
    assert [r.prenom for r in calcul["sans_cout"]] == ["Chloé"]
    assert couts.couts_de_l_annee(2026) == {
        annee["operation"].pk: Decimal("325.58"),
        annee["autre"].pk: Decimal("93.02"),
    }
    # A period: November only gives the same; October alone, nothing validated.
    assert couts.cout_des_personnels(annee["operation"], D(2026, 11, 1), D(2026, 11, 30))["total"] == Decimal("325.58")
    assert couts.cout_des_personnels(annee["operation"], D(2026, 10, 1), D(2026, 10, 31))["lignes"] == []


def test_l_etp_moyen_de_l_annee_compte_chaque_jour(db):
    """0,5 ETP until 30 June, full time from 1 July 2026: (181 × 0,5 + 184 × 1) / 365."""
    referent = ReferentFactory(etp=Decimal("0.5"), etp__depuis=D(2026, 1, 1))
    ReferentEtp.objects.create(referent=referent, date_debut=D(2026, 7, 1), etp=Decimal("1"))
    historique = list(
        ReferentEtp.objects.filter(referent=referent).order_by("date_debut").values_list("date_debut", "etp")
    )
    assert couts.etp_de_l_annee(historique, 2026) == (Decimal("90.5") + 184) / 365
    assert couts.taux_horaire(Decimal("1720"), Decimal(0)) is None


def test_qui_saisit_et_qui_lit_les_couts(annee, client):
    with pytest.raises(PermissionDenied):
        services.cout_enregistrer(
            referent=annee["alice"], annee=2026, montant=Decimal("1"), par=annee["alice"].utilisateur
        )
    autre_employeur = UserFactory(role=Role.PORTEUR)
    StructurePorteuseFactory().utilisateurs.add(autre_employeur)
    with pytest.raises(PermissionDenied):
        services.cout_enregistrer(referent=annee["alice"], annee=2026, montant=Decimal("1"), par=autre_employeur)
    with pytest.raises(ValidationError, match="entre 0 et 500 000"):
        services.cout_enregistrer(referent=annee["alice"], annee=2026, montant=Decimal("0"), par=annee["employeur"])
    client.force_login(annee["employeur"])
    page = client.get(reverse("agenda_couts"), {"annee": 2026}).content.decode().replace("\u202f", " ")
    assert "40 000 €" in page.replace("\xa0", " ") and "à saisir" in page
    client.post(reverse("agenda_couts"), {"annee": "2026", "referent": annee["chloe"].pk, "montant": "38 700,00"})
    assert couts.cout_des_personnels(annee["operation"], D(2026, 1, 1), D(2026, 12, 31))["total"] == Decimal("348.08")
    client.force_login(autre_employeur)
    assert "Aubry" not in client.get(reverse("agenda_couts"), {"annee": 2026}).content.decode()
    for role in (Role.REFERENT, Role.FINANCEUR, Role.PRESCRIPTEUR):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("agenda_couts")).status_code == 403


def test_la_page_de_l_operation_son_export_et_la_programmation(annee, client):
    client.force_login(UserFactory(role=Role.ANIMATION))
    url = reverse("agenda_cout_operation", args=[annee["operation"].pk])
    page = client.get(url).content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "325,58 €" in page and "Coût annuel à saisir pour : Chloé Colin" in page
    publicite.classeur(client.get(url, {"format": "xlsx"}).content)
    classeur = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).worksheets[1]
    lignes = list(classeur.iter_rows(values_only=True))
    assert lignes[0][0] == "Référent" and lignes[-1][0] == "Total" and lignes[-1][-1] == 325.58
    programmation = client.get(reverse("programmation"), {"annee": 2026}).content.decode().replace("\u202f", " ")
    assert "325,58" in programmation and "418,60" in programmation  # the year's total: 325,58 + 93,02


def test_une_periode_a_l_envers_ne_compte_rien(annee):
    calcul = couts.cout_des_personnels(annee["operation"], D(2026, 12, 1), D(2026, 11, 1))
    assert (calcul["lignes"], calcul["total"]) == ([], Decimal("0.00"))
