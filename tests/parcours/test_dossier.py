"""The participant's file: adding and changing what happens in a parcours, and the sortie."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.enums import FamilleFrein
from parcours.models import (
    Etape,
    FreinDiagnostic,
    MotifSortie,
    Parcours,
    PositionnementClea,
    Prescription,
    TypeEtape,
    Veille,
)
from plie.enums import Role
from tests.parcours.factories import EntretienFactory, EtapeFactory, ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.fixture
def parcours():
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    return ParcoursFactory(prescription__referent=referent, date_entree=AUJOURDHUI - datetime.timedelta(days=90))


@pytest.fixture
def client_referent(client, parcours):
    client.force_login(parcours.referent.utilisateur)
    return client


def ajouter(client, parcours, genre, donnees):
    return client.post(reverse("parcours_element_ajouter", args=[parcours.pk, genre]), donnees)


def test_ajouter_un_entretien_revient_au_dossier(client_referent, parcours):
    reponse = ajouter(
        client_referent,
        parcours,
        "entretien",
        {"date": AUJOURDHUI.isoformat(), "type": "individuel", "mode": "telephone", "duree_minutes": 20},
    )
    assert reponse.url == reverse("dossier_participant", args=[parcours.participant_id]) + f"#parcours-{parcours.pk}"
    page = client_referent.get(reponse.url).content.decode()
    assert "Entretien individuel" in page and "Par téléphone, 20 min" in page


def test_etape_avant_l_entree_refusee(client_referent, parcours):
    avant = (parcours.date_entree - datetime.timedelta(days=1)).isoformat()
    reponse = ajouter(
        client_referent, parcours, "etape", {"type": TypeEtape.objects.get(code="interim").pk, "date_debut": avant}
    )
    assert "Cette date précède l&#x27;entrée dans le parcours" in reponse.content.decode()
    assert not Etape.objects.exists()


def test_date_future_refusee_sauf_fin_prevue(client_referent, parcours):
    demain = (AUJOURDHUI + datetime.timedelta(days=1)).isoformat()
    reponse = ajouter(
        client_referent,
        parcours,
        "entretien",
        {"date": demain, "type": "individuel", "mode": "telephone", "duree_minutes": 20},
    )
    assert "Cette date ne peut pas être postérieure à aujourd&#x27;hui" in reponse.content.decode()
    reponse = ajouter(
        client_referent,
        parcours,
        "etape",
        {
            "type": TypeEtape.objects.get(code="cdd_court").pk,
            "date_debut": AUJOURDHUI.isoformat(),
            "date_fin_prevue": (AUJOURDHUI + relativedelta(months=3)).isoformat(),
        },
    )
    assert reponse.status_code == 302 and Etape.objects.count() == 1


def test_veille_trop_longue_refusee(client_referent, parcours):
    reponse = ajouter(
        client_referent,
        parcours,
        "veille",
        {
            "date_debut": AUJOURDHUI.isoformat(),
            "date_fin_prevue": (AUJOURDHUI + relativedelta(months=2, days=1)).isoformat(),
            "motif": "Santé",
        },
    )
    assert "Une veille dure au plus 2 mois" in reponse.content.decode()
    assert not Veille.objects.exists()


def test_suivi_dans_l_emploi_puis_sortie_positive(client_referent, parcours):
    embauche = AUJOURDHUI - datetime.timedelta(days=30)
    ajouter(
        client_referent,
        parcours,
        "etape",
        {
            "type": TypeEtape.objects.get(code="contrat_long").pk,
            "date_debut": embauche.isoformat(),
            "heures_hebdo": "35",
        },
    )
    assert Etape.objects.get().heures_hebdo == 35
    page = client_referent.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    six_mois = embauche + relativedelta(months=6)
    assert f"Suivi dans l'emploi — sortie « Emploi durable » possible le {six_mois:%d/%m/%Y}" in page
    sortie = {"date_sortie": AUJOURDHUI.isoformat(), "motif": MotifSortie.objects.get(code="emploi_durable").pk}
    # Before the 6 months, the exit service refuses the employment exit, and says from when it is possible.
    reponse = client_referent.post(reverse("parcours_sortie", args=[parcours.pk]), sortie)
    assert f"La sortie ne peut pas précéder le {six_mois:%d/%m/%Y}" in reponse.content.decode()
    # Hired 7 months ago: the exit passes.
    Parcours.objects.filter(pk=parcours.pk).update(date_entree=AUJOURDHUI - relativedelta(months=8))
    Prescription.objects.update(date_prescription=AUJOURDHUI - relativedelta(months=9))
    Etape.objects.update(date_debut=AUJOURDHUI - relativedelta(months=7))
    reponse = client_referent.post(reverse("parcours_sortie", args=[parcours.pk]), sortie)
    assert reponse.status_code == 302
    parcours.refresh_from_db()
    assert (parcours.date_sortie, parcours.motif_sortie.code) == (AUJOURDHUI, "emploi_durable")
    # A closed parcours is read-only for the référent...
    entretien = {"date": AUJOURDHUI.isoformat(), "type": "individuel", "mode": "telephone", "duree_minutes": 20}
    assert ajouter(client_referent, parcours, "entretien", entretien).status_code == 403
    # ...but not for the structure d'animation.
    client_referent.force_login(UserFactory(role=Role.ANIMATION))
    assert ajouter(client_referent, parcours, "entretien", entretien).status_code == 302


def test_le_parcours_d_un_autre_referent_repond_404(client, parcours):
    client.force_login(ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)).utilisateur)
    reponse = ajouter(client, parcours, "entretien", {"date": AUJOURDHUI.isoformat()})
    assert reponse.status_code == 404
    assert client.get(reverse("parcours_sortie", args=[parcours.pk])).status_code == 404


def test_dossier_a_nombre_de_requetes_constant(client_referent, parcours):
    comptes = []
    for nombre in (5, 40):
        for i in range(nombre - len(comptes) * 5):
            EntretienFactory(
                parcours=parcours,
                date=parcours.date_entree + datetime.timedelta(days=i % 80),
                type="contact",
                mode="telephone",
                duree_minutes=10,
            )
            EtapeFactory(
                parcours=parcours, type=TypeEtape.objects.get(code="interim"), date_debut=parcours.date_entree
            )
        with CaptureQueriesContext(connection) as requetes:
            client_referent.get(reverse("dossier_participant", args=[parcours.participant_id]))
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    assert Parcours.objects.count() == 1


def test_diagnostic_freins_classes_et_historique(client_referent, parcours):
    url = reverse("parcours_diagnostic", args=[parcours.pk])
    donnees = {"date": AUJOURDHUI.isoformat(), "frein_mobilite": "bloquant", "frein_logement": "fort"}
    donnees.update({f"frein_{f}": donnees.get(f"frein_{f}", "aucun") for f in FamilleFrein.values})
    donnees.update({"clea_francais": "a_renforcer"})
    assert client_referent.post(url, donnees).status_code == 302
    page = client_referent.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert "score 5 — Mobilité (bloquant), Situation administrative" not in page
    assert "score 5 — Mobilité (bloquant), Logement (fort) · CléA — Communication en français : à renforcer" in page
    grille = client_referent.get(url).content.decode()  # one screen: a row per family, a column per degree
    assert grille.count('type="radio"') == 10 * 4 + 7 * 4
    assert 'checked aria-label="Mobilité : Bloquant"' in grille
    assert 'checked aria-label="Communication en français : À renforcer"' in grille
    assert 'checked aria-label="Logement : Fort"' in grille and 'checked aria-label="Santé : Aucun"' in grille
    frein = FreinDiagnostic.objects.get(famille="mobilite")
    donnees["frein_mobilite"] = "leger"
    client_referent.post(url, donnees)
    assert [h.degre for h in frein.historique.order_by("history_date")] == ["bloquant", "leger"]
    assert PositionnementClea.objects.get().niveau == "a_renforcer"
    donnees["clea_francais"] = ""
    client_referent.post(url, donnees)
    assert not PositionnementClea.objects.exists()


def test_commission_valide_ou_renvoie_sans_changer_aucun_chiffre(client, parcours):
    from parcours.enums import StatutCommission
    from reporting.indicateurs import Periode, calculer

    referent = parcours.referent.utilisateur
    client.force_login(referent)
    client.post(
        reverse("parcours_sortie", args=[parcours.pk]),
        {"date_sortie": AUJOURDHUI.isoformat(), "motif": MotifSortie.objects.get(code="a_sa_demande").pk},
    )

    def chiffres():
        total = calculer(Periode(AUJOURDHUI.year, AUJOURDHUI.month)).total
        return (total.file_active, total.entrees_cumul, total.sorties_cumul, total.sorties_positives_cumul)

    avant = chiffres()
    animation = UserFactory(role=Role.ANIMATION)
    client.force_login(animation)
    page = client.get(reverse("commission")).content.decode()
    assert str(parcours.participant) in page
    url = reverse("commission_decider", args=[parcours.pk, "sortie"])
    assert "Indiquez au référent" in client.post(url, {"decision": "renvoyer"}, follow=True).content.decode()
    client.post(url, {"decision": "renvoyer", "commentaire": "Le contrat n'est pas encore de 6 mois."})
    parcours.refresh_from_db()
    assert parcours.sortie_commission == StatutCommission.RENVOYEE
    assert chiffres() == avant

    # The référent sees the send-back among their alerts, corrects and resubmits.
    client.force_login(referent)
    assert "Renvoyé par la commission" in client.get(reverse("accueil")).content.decode()
    page = client.get(reverse("parcours_sortie", args=[parcours.pk])).content.decode()
    assert "Le contrat n&#x27;est pas encore de 6 mois." in page
    client.post(
        reverse("parcours_sortie", args=[parcours.pk]),
        {"date_sortie": AUJOURDHUI.isoformat(), "motif": MotifSortie.objects.get(code="autre_accompagnement").pk},
    )
    parcours.refresh_from_db()
    assert (parcours.sortie_commission, parcours.motif_sortie.code) == (
        StatutCommission.A_VALIDER,
        "autre_accompagnement",
    )

    client.force_login(animation)
    client.post(url, {"decision": "valider"})
    parcours.refresh_from_db()
    assert (parcours.sortie_commission, parcours.sortie_validee_par) == (StatutCommission.VALIDEE, animation)
    assert chiffres() == avant


def test_entree_renvoyee_corrigee_puis_revalidee(client, parcours):
    from parcours.enums import StatutCommission
    from parcours.models import CritereEligibilite

    Parcours.objects.filter(pk=parcours.pk).update(
        entree_commission=StatutCommission.RENVOYEE, entree_commentaire_commission="RSA non coché."
    )
    client.force_login(parcours.referent.utilisateur)
    url = reverse("parcours_entree", args=[parcours.pk])
    assert "RSA non coché." in client.get(url).content.decode()
    donnees = {
        "date_entree": parcours.date_entree.isoformat(),
        "commune": parcours.commune_id,
        "niveau_formation": "niveau_3",
        "situation_emploi": "demandeur_emploi",
        "autorise_travailler": "on",
        "rsa": "on",
        "criteres": [CritereEligibilite.objects.get(code="minima_sociaux").pk],
        "criteres_verifies": "on",
    }
    assert client.post(url, donnees).status_code == 302
    parcours.refresh_from_db()
    assert (parcours.rsa, parcours.entree_commission) == (True, StatutCommission.A_VALIDER)
    donnees["date_entree"] = (parcours.prescription.date_prescription - datetime.timedelta(days=1)).isoformat()
    assert "ne peut pas précéder la prescription" in client.post(url, donnees).content.decode()
