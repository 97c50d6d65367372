"""The readiness board ahead of a control (fse/controle/preparation.py, /fse/controle/): for an FSE operation and a
period, each participation with its missing pieces, its unsigned physical contacts, its Annex I data and the day
the person was told of the FSE+ support; counts over the operation in SQL, rows costing the page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda.emargement.services import emargement_declarer
from fse.models import Participation
from fse.participations import synchroniser
from parcours import services
from parcours.enums import ModeEntretien
from parcours.models import CritereEligibilite, TypePiece
from plie.enums import Role
from tests.fse.histoires import portage
from tests.parcours.factories import EntretienFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import parcours

pytestmark = pytest.mark.django_db
ANNEE = 2025
PDF = b"%PDF-1.4\n% piece\n"


@pytest.fixture
def monde():
    referent = ReferentFactory(nom="Durand", utilisateur=UserFactory(role=Role.REFERENT))
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT), structure=referent.structure)
    operation = portage(referent.structure, ANNEE)
    complet = parcours(referent, datetime.date(ANNEE, 2, 3))
    incomplet = parcours(referent, datetime.date(ANNEE, 3, 10))
    d_un_autre = parcours(autre, datetime.date(ANNEE, 4, 1))
    for un in (complet, incomplet, d_un_autre):
        un.criteres.set(CritereEligibilite.objects.filter(code="minima_sociaux"))
    animation = UserFactory(role=Role.ANIMATION)
    complet.date_information_fse = complet.date_entree
    complet.save()
    for code in ("identite", "contrat_engagement", "attestation_minima_sociaux"):
        services.document_ajouter(
            parcours=complet,
            fichier=SimpleUploadedFile("p.pdf", PDF),
            type_piece=TypePiece.objects.get(code=code),
            par=animation,
            chemin_reserve=code == "contrat_engagement",  # as the contract's page files it
        )
    en_personne = EntretienFactory(parcours=complet, date=datetime.date(ANNEE, 5, 6), mode=ModeEntretien.PRESENTIEL)
    emargement_declarer(entretien=en_personne, par=animation)  # the old tool's « signé »: declared, not proven
    EntretienFactory(parcours=incomplet, date=datetime.date(ANNEE, 5, 7), mode=ModeEntretien.TELEPHONE)
    synchroniser(operations=[operation])
    return {
        "referent": referent,
        "autre": autre,
        "operation": operation,
        "animation": animation,
        "complet": complet,
        "incomplet": incomplet,
    }


def page(client, user, **filtres):
    client.force_login(user)
    return client.get(reverse("fse_controle"), filtres)


def test_chaque_participation_dit_ce_qui_lui_manque(client, monde):
    reponse = page(client, monde["animation"], operation=monde["operation"].pk)
    assert reponse.status_code == 200
    comptes = reponse.context["comptes"]
    assert comptes == {
        "participations": 3,
        "sans_information": 2,
        "sans_contrat": 2,
        "entree_incomplete": 3,
        "sortie_incomplete": 3,  # the operation ended on 31/12: every participation's exit data are due
    }
    lignes = {ligne.participation.parcours_id: ligne for ligne in reponse.context["page"]}
    complet, incomplet = lignes[monde["complet"].pk], lignes[monde["incomplet"].pk]
    assert complet.pieces.complet and complet.informee == monde["complet"].date_entree
    assert (complet.contacts, complet.feuilles) == (1, 0)  # in person, declared without a piece: to sign
    assert [m.type_piece.code for m in incomplet.pieces.manquantes] == [
        "identite",
        "contrat_engagement",
        "attestation_minima_sociaux",
    ]
    assert incomplet.contacts == 0  # a phone call asks no sheet
    assert not complet.prete and not incomplet.prete  # Annex I data still to fill in
    html = reponse.content.decode()
    assert f"#pieces-{monde['incomplet'].pk}" in html and "1 à faire signer" in html
    assert reverse("fse_participation", args=[Participation.objects.get(parcours=monde["incomplet"]).pk]) in html


def test_le_referent_voit_son_portefeuille_et_le_filtre_par_referent(client, monde):
    reponse = page(client, monde["referent"].utilisateur, operation=monde["operation"].pk)
    assert {ligne.participation.parcours_id for ligne in reponse.context["page"]} == {
        monde["complet"].pk,
        monde["incomplet"].pk,
    }
    filtre = page(client, monde["animation"], operation=monde["operation"].pk, referent=monde["autre"].pk)
    assert filtre.context["comptes"]["participations"] == 1


@pytest.mark.parametrize("role", [Role.PORTEUR, Role.FINANCEUR, Role.PRESCRIPTEUR, Role.ADMINISTRATEUR])
def test_ni_porteur_ni_financeur_ni_prescripteur(client, monde, role):
    assert page(client, UserFactory(role=role), operation=monde["operation"].pk).status_code == 403


def test_sans_operation_fse_la_page_le_dit(client):
    reponse = page(client, UserFactory(role=Role.ANIMATION))
    assert "Aucune opération n'est financée par le FSE+" in reponse.content.decode()


def test_une_periode_a_l_envers_est_refusee_en_clair(client, monde):
    reponse = page(client, monde["animation"], operation=monde["operation"].pk, debut="2025-06-01", fin="2025-01-01")
    assert "La fin de la période ne peut pas précéder son début." in reponse.content.decode()


def test_une_page_coute_ce_qu_elle_montre(client, monde, django_assert_max_num_queries):
    client.force_login(monde["animation"])
    url = reverse("fse_controle")
    client.get(url, {"operation": monde["operation"].pk})
    with django_assert_max_num_queries(40) as petit:
        client.get(url, {"operation": monde["operation"].pk})
    for rang in range(12):
        parcours(monde["referent"], datetime.date(ANNEE, 6, 1 + rang))
    synchroniser(operations=[monde["operation"]])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as grand:
        client.get(url, {"operation": monde["operation"].pk})
    assert len(grand.captured_queries) == len(petit.captured_queries)
