"""The programmation in the product: operations and their funding, the people on an operation, the enveloppe
souple, the coût moyen; forms that refuse bad input, exports, constant query counts."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from participants.enums import Sexe
from plie.enums import Role
from programmation.models import Financement, Financeur, Operation
from reporting.indicateurs.programmation import enveloppe_souple, operations, participants_operation
from tests import publicite
from tests.parcours.factories import AideFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import J, etape, parcours

pytestmark = pytest.mark.django_db


def fse():
    return Financeur.objects.get(est_fse=True)


def metropole():
    return Financeur.objects.get(nom="Dijon Métropole")


def operation(intitule="Plateforme mobilité", budget="100000", **champs):
    return Operation.objects.create(
        annee=champs.pop("annee", 2017),
        intitule=intitule,
        porteur="Mobilité 21",
        nature=champs.pop("nature", "actions_participants"),
        budget_prevu=Decimal(budget),
        **champs,
    )


@pytest.fixture
def programme():
    mobilite = operation()
    Financement.objects.create(operation=mobilite, financeur=fse(), montant=Decimal("50000"))
    Financement.objects.create(operation=mobilite, financeur=metropole(), montant=Decimal("30000"))
    animation_plie = operation("Animation du PLIE", "53000", nature="animation")
    Financement.objects.create(operation=animation_plie, financeur=fse(), montant=Decimal("26500"))
    referent = ReferentFactory()
    femme = parcours(referent, J(2017, 2, 1))
    homme = parcours(referent, J(2017, 3, 1), sortie=J(2017, 11, 30), motif="emploi_durable")
    femme.participant.sexe, homme.participant.sexe = Sexe.FEMME, Sexe.HOMME
    femme.participant.save()
    homme.participant.save()
    un = etape(femme, J(2017, 4, 1))
    deux = etape(homme, J(2017, 4, 1), J(2017, 6, 30))
    for e in (un, deux):
        e.operation = mobilite
        e.save()
    for p, montant, nature in ((femme, "120", "transport"), (femme, "80", "repas"), (homme, "400", "frais_formation")):
        AideFactory(parcours=p, date=J(2017, 5, 2), nature=nature, objet="emploi", montant=Decimal(montant))
    AideFactory(parcours=femme, date=J(2016, 5, 2), nature="repas", objet="emploi", montant=9)
    return {"mobilite": mobilite, "femme": femme, "homme": homme}


def test_budgets_fse_et_cofinancements(programme):
    prog = operations(2017)
    assert prog["total"]["budget_prevu"] == Decimal("153000")
    assert prog["total"]["fse"] == Decimal("76500")
    assert prog["total"]["cofinancement"] == Decimal("30000")
    assert prog["total"]["part_fse"] == pytest.approx(50.0)
    mobilite = next(o for o in prog["operations"] if o["intitule"] == "Plateforme mobilité")
    assert (mobilite["etapes"], mobilite["personnes"], mobilite["part_fse"]) == (2, 2, 50.0)
    assert mobilite["financements"][0] == Decimal("50000")  # the FSE column comes first


def test_participants_d_une_operation_et_leurs_resultats(programme):
    resume = participants_operation(programme["mobilite"])
    assert resume["personnes"] == 2 and resume["etapes"] == 2
    assert resume["en_cours"] == 1
    assert resume["par_issue"] == [("Terminée", 1)]
    assert resume["parcours_sortis"] == 1 and resume["sorties_positives"] == 1


def test_enveloppe_souple(programme):
    env = enveloppe_souple(2017)
    assert env["montant"] == Decimal("600") and env["nombre"] == 3  # the aid of 2016 is not counted
    assert env["beneficiaires"] == 2
    assert env["part_femmes"] == 50.0
    assert env["moyenne_par_personne"] == 300.0
    assert [ligne["libelle"] for ligne in env["par_nature"]] == ["Frais de formation", "Transport", "Repas"]
    assert env["par_objet"][0]["pourcentage"] == 100.0


def cout_moyen_affiche(page: str) -> str:
    trouve = re.search(
        r'chiffre-cle">([^<]+)</div>\s*<div class="text-body-secondary">Coût moyen', html.unescape(page)
    )
    return trouve.group(1)


def test_page_programmation_et_cout_moyen(client_animation, programme):
    page = client_animation.get(reverse("programmation"), {"annee": 2017}).content.decode()
    assert "153\u202f000\u00a0€ dont 76\u202f500\u00a0€ de FSE (50\u00a0%)" in page
    assert cout_moyen_affiche(page) == "76\u202f500\u00a0€"  # 153 000 € over the 2 people accompanied in 2017
    assert client_animation.get(reverse("programmation"), {"annee": "x"}).status_code == 404


def test_cout_moyen_par_personne_distincte(client_animation, programme):
    parcours(ReferentFactory(), J(2016, 1, 4))  # a third person accompanied in 2017, entered the year before
    page = client_animation.get(reverse("programmation"), {"annee": 2017}).content.decode()
    assert cout_moyen_affiche(page) == "51\u202f000\u00a0€"  # 153 000 € / 3 people


def test_pages_a_nombre_de_requetes_constant(client_animation, programme):
    urls = [
        (reverse("programmation"), {"annee": 2017}),
        (reverse("operation", args=[programme["mobilite"].pk]), {}),
        (reverse("enveloppe_souple"), {"annee": 2017}),
    ]
    avant = []
    for url, params in urls:
        with CaptureQueriesContext(connection) as requetes:
            assert client_animation.get(url, params).status_code == 200
        avant.append(len(requetes))
    referent = ReferentFactory()
    for jour in range(1, 21):
        p = parcours(referent, J(2017, 5, jour))
        e = etape(p, J(2017, 6, jour))
        e.operation = programme["mobilite"]
        e.save()
        AideFactory(parcours=p, date=J(2017, 7, jour), nature="repas", objet="stage", montant=10)
        operation(f"Action {jour}", "1000")
    apres = []
    for url, params in urls:
        with CaptureQueriesContext(connection) as requetes:
            client_animation.get(url, params)
        apres.append(len(requetes))
    assert apres == avant


def test_creer_une_operation_avec_ses_financements(client_animation):
    donnees = {
        "annee": 2018,
        "intitule": "Atelier confiance en soi",
        "porteur": "Association Parcours",
        "nature": "actions_participants",
        "budget_prevu": "20000",
        f"financement_{fse().pk}": "10000",
        f"financement_{metropole().pk}": "5000,50",
    }
    reponse = client_animation.post(reverse("operation_nouvelle"), donnees)
    assert reponse.status_code == 302 and reponse.url == reverse("programmation") + "?annee=2018"
    operation_creee = Operation.objects.get(intitule="Atelier confiance en soi")
    montants = {f.financeur.nom: f.montant for f in operation_creee.financements.all()}
    assert montants == {"Fonds social européen (FSE)": Decimal("10000"), "Dijon Métropole": Decimal("5000.50")}


def test_financements_au_dela_du_budget_refuses_sans_rien_ecrire(client_animation):
    donnees = {
        "annee": 2018,
        "intitule": "Trop financée",
        "porteur": "X",
        "nature": "animation",
        "budget_prevu": "1000",
        f"financement_{fse().pk}": "800",
        f"financement_{metropole().pk}": "300",
    }
    reponse = client_animation.post(reverse("operation_nouvelle"), donnees)
    assert reponse.status_code == 200
    assert "Les financements (1\u202f100\u00a0€) dépassent le budget prévisionnel (1\u202f000\u00a0€)." in (
        reponse.content.decode()
    )
    assert not Operation.objects.filter(intitule="Trop financée").exists()
    reponse = client_animation.post(reverse("operation_nouvelle"), {**donnees, "budget_prevu": "-5", "annee": "1850"})
    assert reponse.status_code == 200 and not Operation.objects.filter(intitule="Trop financée").exists()


def test_modifier_retire_un_financement_mis_a_zero(client_animation, programme):
    mobilite = programme["mobilite"]
    donnees = {
        "annee": 2017,
        "intitule": mobilite.intitule,
        "porteur": mobilite.porteur,
        "nature": mobilite.nature,
        "budget_prevu": "100000",
        "budget_realise": "92000",
        f"financement_{fse().pk}": "50000",
        f"financement_{metropole().pk}": "",
    }
    assert client_animation.post(reverse("operation_modifier", args=[mobilite.pk]), donnees).status_code == 302
    mobilite.refresh_from_db()
    assert mobilite.budget_realise == Decimal("92000")
    assert list(mobilite.financements.values_list("financeur__nom", flat=True)) == ["Fonds social européen (FSE)"]


def test_suppression_confirmee_et_refusee_si_des_etapes_y_sont_rattachees(client_animation, programme):
    url = reverse("operation_supprimer", args=[programme["mobilite"].pk])
    assert "Supprimer définitivement" in client_animation.get(url).content.decode()
    reponse = client_animation.post(url, follow=True)
    assert "ne peut pas être supprimée" in reponse.content.decode()
    assert Operation.objects.filter(pk=programme["mobilite"].pk).exists()
    seule = operation("Sans étape", "500")
    Financement.objects.create(operation=seule, financeur=fse(), montant=200)
    client_animation.post(reverse("operation_supprimer", args=[seule.pk]))
    assert not Operation.objects.filter(pk=seule.pk).exists()
    assert not Financement.objects.filter(operation_id=seule.pk).exists()


def test_exports_excel(client_animation, programme):
    for url in (reverse("programmation_excel", args=[2017]), reverse("enveloppe_souple_excel", args=[2017])):
        publicite.classeur(client_animation.get(url).content)
    classeur = load_workbook(io.BytesIO(client_animation.get(reverse("programmation_excel", args=[2017])).content))
    feuille = classeur.worksheets[1]
    entetes = [c.value for c in feuille[1]]
    assert entetes[:4] == ["Opération", "Porteur", "Nature", "Budget prévisionnel (€)"]
    total = [c.value for c in feuille[feuille.max_row]]
    assert total[0] == "Total" and total[3] == 153000 and total[entetes.index("dont FSE (€)")] == 76500
    classeur = load_workbook(io.BytesIO(client_animation.get(reverse("enveloppe_souple_excel", args=[2017])).content))
    lignes = list(classeur.worksheets[1].iter_rows(values_only=True))
    assert ("Total", "Aides accordées", 3, 600, 2, None) in lignes
    assert ("Total", "Montant moyen par personne (€)", None, 300.0, None, None) in lignes


def test_le_participant_n_apparait_que_pour_la_structure_d_animation(client, programme):
    nom = programme["femme"].participant.nom
    client.force_login(UserFactory(role=Role.ANIMATION))
    assert nom.upper() in client.get(reverse("operation", args=[programme["mobilite"].pk])).content.decode()
    for role in (Role.FINANCEUR, Role.PORTEUR, Role.REFERENT):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("operation", args=[programme["mobilite"].pk])).status_code == 403
