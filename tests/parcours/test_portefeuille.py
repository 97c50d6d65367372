import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participants.models import Quartier
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests import publicite
from tests.parcours.factories import EntretienFactory, ParcoursFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


def test_filtres_du_portefeuille(client, referent):
    qpv = Quartier.objects.get(nom="Grésilles")
    ParcoursFactory(prescription__referent=referent, participant__nom="Avecrsa", rsa=True, quartier=qpv)
    ParcoursFactory(prescription__referent=referent, participant__nom="Sansrsa")
    ParcoursFactory(participant__nom="Autrereferent", rsa=True)
    client.force_login(referent.utilisateur)
    page = client.get(reverse("file_active"), {"rsa": "oui"}).content.decode()
    assert "AVECRSA" in page and "SANSRSA" not in page and "AUTREREFERENT" not in page
    page = client.get(reverse("file_active"), {"qpv": "non"}).content.decode()
    assert "SANSRSA" in page and "AVECRSA" not in page


def test_animation_retrouve_les_parcours_sortis(client, referent):
    """The file active by default; the closed parcours of every référent on demand, with their exit."""
    ParcoursFactory(prescription__referent=referent, participant__nom="Encours")
    ParcoursFactory(prescription__referent=referent, participant__nom="Sortie", sorti=True)
    client.force_login(UserFactory(role=Role.ANIMATION))
    page = client.get(reverse("file_active")).content.decode()
    assert "ENCOURS" in page and "SORTIE " not in page
    page = client.get(reverse("file_active"), {"etat": "sortis"}).content.decode()
    assert "SORTIE" in page and "ENCOURS" not in page and "30/06/2017" in page
    page = client.get(reverse("file_active"), {"etat": "tous"}).content.decode()
    assert "SORTIE" in page and "ENCOURS" in page
    contenu = client.get(reverse("file_active"), {"etat": "sortis", "format": "xlsx"}).content
    publicite.classeur(contenu)
    classeur = load_workbook(io.BytesIO(contenu))
    lignes = list(classeur.worksheets[1].iter_rows(values_only=True))
    assert len(lignes) == 2 and lignes[1][0] == "Sortie" and lignes[1][3].date() == datetime.date(2017, 6, 30)


def test_recherche_par_nom_en_post(client, referent):
    ParcoursFactory(prescription__referent=referent, participant__nom="Lefèvre")
    ParcoursFactory(prescription__referent=referent, participant__nom="Martin")
    client.force_login(referent.utilisateur)
    reponse = client.post(reverse("file_active"), {"nom": "lefevre"})
    page = reponse.content.decode()
    assert "LEFÈVRE" in page and "MARTIN" not in page
    assert reponse.request["PATH_INFO"] == reverse("file_active") and not reponse.request.get("QUERY_STRING")


def test_export_excel_du_portefeuille(client, referent):
    parcours = ParcoursFactory(prescription__referent=referent, participant__nom='=HYPERLINK("x")')
    EntretienFactory(parcours=parcours, date=AUJOURDHUI, type="contact", mode="telephone", duree_minutes=5)
    client.force_login(referent.utilisateur)
    reponse = client.get(reverse("file_active"), {"format": "xlsx"})
    feuille = load_workbook(io.BytesIO(reponse.content)).worksheets[1]
    lignes = list(feuille.iter_rows(values_only=True))
    assert lignes[0][0] == "Nom" and lignes[1][0] == '=HYPERLINK("x")'
    assert feuille["A2"].data_type == "s"
    assert lignes[1][10].date() == AUJOURDHUI
    assert JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="parcours").exists()


def test_portefeuille_a_nombre_de_requetes_constant(client, referent):
    client.force_login(UserFactory(role=Role.ANIMATION))
    comptes = []
    for nombre in (10, 200):
        ParcoursFactory.create_batch(
            nombre - len(comptes) * 10, prescription__referent=referent, date_entree=datetime.date(2024, 1, 5)
        )
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("file_active")).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
