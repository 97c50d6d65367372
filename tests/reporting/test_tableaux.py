"""The dashboards: figures from the engine, each audience only its own référents, constant query counts, the
référent's one-page sheet for the tripartite meeting."""

import dataclasses
import io
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from parcours.alertes import TITRES
from participants.enums import Sexe, TypeQuartier
from participants.models import Quartier
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from programmation.models import ObjectifsAnnuels
from reporting import alertes_comptees, tableaux
from reporting.indicateurs import Periode, calculer
from reporting.indicateurs.schema import Ligne, LigneReferent
from tests import publicite
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import J, etape, parcours, transferer, veille

pytestmark = pytest.mark.django_db


def _decrire(un_parcours, *, sexe, age, rsa=False, qpv=False):
    participant = un_parcours.participant
    participant.sexe = sexe
    participant.save(update_fields=["sexe"])
    un_parcours.age_entree, un_parcours.rsa = age, rsa
    if qpv:
        quartier = Quartier.objects.filter(type=TypeQuartier.QPV).first()
        un_parcours.quartier, un_parcours.commune = quartier, quartier.commune
    un_parcours.save()
    return un_parcours


@pytest.fixture
def equipe():
    """Two référents of two structures. Mine, in June 2017: a woman of 50 on the RSA living in a QPV, in veille
    at the month's end; a man of 30 in étape during June; a positive exit in April and another exit in May.
    My colleague's participant is transferred to me on 1 July."""
    moi = ReferentFactory(nom="Moi", prenom="Camille")
    autre = ReferentFactory(nom="Autre", prenom="Alex")
    elle = _decrire(parcours(moi, J(2017, 2, 1)), sexe=Sexe.FEMME, age=50, rsa=True, qpv=True)
    veille(elle, J(2017, 6, 1))
    lui = _decrire(parcours(moi, J(2017, 3, 1)), sexe=Sexe.HOMME, age=30)
    etape(lui, J(2017, 6, 10))
    parcours(moi, J(2017, 1, 5), sortie=J(2017, 4, 10), motif="emploi_durable")
    parcours(moi, J(2016, 5, 1), sortie=J(2017, 5, 2), motif="demenagement")
    transfere = _decrire(parcours(autre, J(2017, 1, 2)), sexe=Sexe.FEMME, age=40)
    transferer(transfere, moi, J(2017, 7, 1))
    return moi, autre


def test_structure_de_la_file_active_et_sorties_du_referent(equipe):
    moi, autre = equipe
    juin = calculer(Periode(2017, 6), perimetre=[moi.pk], structure=True).total
    assert juin.file_active == 2
    parts = {p["cle"]: (p["nombre"], p["pourcentage"]) for p in tableaux.structure(juin)}
    assert parts == {
        "femmes": (1, 50.0),
        "rsa": (1, 50.0),
        "qpv": (1, 50.0),
        "plus_de_45_ans": (1, 50.0),
        "en_etape": (1, 50.0),
        "en_veille": (1, 50.0),
    }
    assert (juin.sorties_cumul, juin.sorties_positives_cumul, juin.taux_sorties_positives) == (2, 1, 50.0)
    # The transferred participant counts for me from July, for my colleague until then.
    juillet = calculer(Periode(2017, 7), perimetre=[moi.pk], structure=True).total
    assert juillet.file_active == 3 and juillet.structure_file_active["femmes"].nombre == 2
    lignes = {ligne.referent_id: ligne for ligne in calculer(Periode(2017, 6)).referents}
    assert lignes[autre.pk].file_active == 1 and lignes[autre.pk].sorties_cumul == 0


def test_la_structure_ne_change_aucun_chiffre_de_la_lettre(equipe):
    moi, _ = equipe
    for perimetre in (None, [moi.pk]):
        avec = calculer(Periode(2017, 6), perimetre=perimetre, structure=True)
        sans = calculer(Periode(2017, 6), perimetre=perimetre)
        assert avec.total.structure_file_active and sans.total.structure_file_active is None
        assert avec.en_json() != sans.en_json()
        avec.total.structure_file_active = None
        for ligne in avec.referents:
            ligne.structure_file_active = None
        assert avec == sans


def test_alertes_du_referent_comptees_sans_nom_comme_sur_sa_liste(equipe):
    from parcours.alertes import alertes
    from parcours.models import Parcours, Prescription

    moi, _ = equipe
    au, periode = J(2017, 12, 20), Periode(2017, 12)
    liste = alertes(Parcours.objects.filter(referent=moi), Prescription.objects.filter(referent=moi), au=au)
    comptes = tableaux.tableau_referent(moi, periode, au)["alertes_comptes"]
    assert comptes == tableaux.tableau_referent(moi, periode, au, alertes=liste)["alertes_comptes"]
    # Hers: in veille past its planned end; his: hired on 10 June, the exit is due; the transferred one: no
    # étape, no contact; the three of them: their 6-month bilan; the two not in veille: their 5-month point
    # d'étape.
    assert {a["code"]: a["nombre"] for a in comptes if a["nombre"]} == {
        "veille_depassee": 1,
        "sortie_emploi": 1,
        "sans_etape": 2,
        "sans_contact": 2,
        "bilan": 3,
        "point_etape": 2,
    }


def test_objectifs_a_date_et_jauge(equipe):
    moi, _ = equipe
    objectifs = ObjectifsAnnuels.objects.pour_annee(2017)
    ligne = calculer(Periode(2017, 6), perimetre=[moi.pk], structure=True).total
    entrees, file_active, positives = tableaux.objectifs(ligne)
    assert entrees["realise"] == 3  # February, March, and January (exited in April)
    assert entrees["objectif"] == float(objectifs.entrees_par_etp)
    assert entrees["objectif_a_date"] == pytest.approx(float(objectifs.entrees_par_etp) / 2)
    assert entrees["taux"] == pytest.approx(3 / (float(objectifs.entrees_par_etp) / 2) * 100)
    assert file_active["realise"] == 2 and file_active["objectif_a_date"] == float(objectifs.file_active_par_etp)
    assert positives["realise"] == 1
    depasse = tableaux.objectifs(dataclasses.replace(ligne, taux_objectif_entrees=140.0))[0]
    assert (depasse["jauge"], depasse["atteint"]) == (100, True)


def ligne_referent(pk: int, nom: str) -> LigneReferent:
    zeros = dict.fromkeys((f.name for f in dataclasses.fields(Ligne) if f.name != "structure_file_active"), 0)
    return LigneReferent(**zeros, referent=nom, structure="S", referent_id=pk)


def test_synthese_des_alertes_par_referent():
    comptes = {code: Counter() for code in TITRES}
    comptes["sans_etape"].update({1: 1, 2: 1})
    comptes["bilan"].update({2: 1})
    comptes["prescription"].update({None: 1})
    lignes = [ligne_referent(1, "A"), ligne_referent(2, "B")]
    synthese = tableaux.synthese_alertes(comptes, lignes)
    assert [(ligne["referent"], ligne["alertes_total"]) for ligne in synthese["lignes"]] == [("B", 2), ("A", 1)]
    assert synthese["sans_referent_total"] == 1 and synthese["total_general"] == 4


@pytest.mark.parametrize(
    ("role", "attendu"),
    [("moi", 200), ("collegue", 404), ("porteur", 200), ("autre_porteur", 404), ("animation", 200)]
    + [("financeur", 403), ("administrateur", 403)],
)
def test_tableau_et_fiche_d_un_referent_selon_qui_demande(client_de, equipe, role, attendu):
    moi, autre = equipe
    moi.utilisateur = UserFactory(role=Role.REFERENT)
    moi.save()
    autre.utilisateur = UserFactory(role=Role.REFERENT)
    autre.save()
    porteur, autre_porteur = UserFactory(role=Role.PORTEUR), UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    autre.structure.utilisateurs.add(autre_porteur)
    utilisateurs = {
        "moi": moi.utilisateur,
        "collegue": autre.utilisateur,
        "porteur": porteur,
        "autre_porteur": autre_porteur,
        "animation": UserFactory(role=Role.ANIMATION),
        "financeur": UserFactory(role=Role.FINANCEUR),
        "administrateur": UserFactory(role=Role.ADMINISTRATEUR),
    }
    client = client_de(utilisateurs[role])
    tableau = client.get(reverse("tableau_referent", args=[moi.pk]), {"mois": "2017-06"})
    fiche = client.get(reverse("fiche_referent", args=[moi.pk]), {"mois": "2017-06"})
    assert (tableau.status_code, fiche.status_code) == (attendu, attendu)
    if attendu == 200:
        assert tableau.context["objectifs"][1]["realise"] == 2  # my file active at the end of June 2017


def test_fiche_pdf_une_page_sans_nom_de_participant_et_journalisee(client_de, equipe):
    moi, _ = equipe
    animation = UserFactory(role=Role.ANIMATION)
    reponse = client_de(animation).get(reverse("fiche_referent", args=[moi.pk]), {"mois": "2017-06"})
    assert reponse["Content-Type"] == "application/pdf"
    publicite.pdf(reponse.content)
    pdf = PdfReader(io.BytesIO(reponse.content))
    assert len(pdf.pages) == 1
    texte = pdf.pages[0].extract_text()
    assert "Fiche d'activité — Camille Moi" in texte and "juin 2017" in texte
    assert "File active en fin de mois" in texte and "Femmes" in texte
    for un_parcours in moi.parcours.select_related("participant"):
        assert un_parcours.participant.nom not in texte
    assert JournalAcces.objects.filter(
        utilisateur=animation, action=ActionJournal.EXPORT, objet="fiche_referent", objet_id=moi.pk
    ).exists()


@pytest.mark.parametrize("mois", ["2017-13", "juin", "2999-01"])
def test_mois_impossible_ou_a_venir_refuse(client_de, equipe, mois):
    client = client_de(UserFactory(role=Role.ANIMATION))
    assert client.get(reverse("accueil"), {"mois": mois}).status_code == 404
    assert client.get(reverse("tableau_referent", args=[equipe[0].pk]), {"mois": mois}).status_code == 404


def test_accueil_de_l_animation_chiffres_du_moteur_pour_le_mois_choisi(client_de, equipe):
    moi, autre = equipe
    PrescriptionFactory(non_preaffectee=True)
    reponse = client_de(UserFactory(role=Role.ANIMATION)).get(reverse("accueil"), {"mois": "2017-06"})
    lignes = {ligne["referent_id"]: ligne for ligne in reponse.context["lignes"]}
    assert [o["realise"] for o in lignes[moi.pk]["objectifs"]] == [3, 2, 1]
    assert [o["realise"] for o in lignes[autre.pk]["objectifs"]] == [1, 1, 0]
    assert reponse.context["total"].file_active == 3
    assert reponse.context["commission"]["sans_referent"] == 1
    page = reponse.content.decode()
    assert "Juin 2017, situation au 30/06/2017" in page
    assert 'data-graphique="graphique-file-active"' in page


def test_accueil_du_porteur_ses_referents_seulement(client_de, equipe):
    moi, _ = equipe
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    reponse = client_de(porteur).get(reverse("accueil"), {"mois": "2017-06"})
    assert [ligne["referent"] for ligne in reponse.context["lignes"]] == ["Camille Moi"]
    assert reponse.context["total"].file_active == 2
    assert "Alex Autre" not in reponse.content.decode()


def test_export_excel_des_referents_selon_qui_demande(client_de, equipe):
    moi, autre = equipe
    alertes_comptees.actualiser()
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    url = reverse("tableau_excel")

    def feuilles(user):
        reponse = client_de(user).get(url, {"mois": "2017-06"})
        assert reponse.status_code == 200
        publicite.classeur(reponse.content)
        classeur = load_workbook(io.BytesIO(reponse.content))
        return {f.title: [list(ligne) for ligne in f.iter_rows(values_only=True)] for f in classeur}

    animation = feuilles(UserFactory(role=Role.ANIMATION))
    objectifs = animation["Objectifs par référent"]
    assert objectifs[0][:4] == ["Référent", "Structure", "ETP", "Entrées (cumul)"]
    lignes = {ligne[0]: ligne for ligne in objectifs[1:] if ligne[0]}
    assert lignes["Camille Moi"][3] == 3 and lignes["Camille Moi"][7] == 2  # entries, file active
    assert lignes["Total"][7] == 3
    premiers = [ligne[0] for ligne in animation["Alertes par référent"][1:] if ligne[0]]
    assert premiers[-2] == "Total" and premiers[-1].startswith("Alertes calculées le ")
    du_porteur = feuilles(porteur)
    noms = [ligne[0] for ligne in du_porteur["Objectifs par référent"][1:] if ligne[0]]
    assert "Alex Autre" not in noms and "Camille Moi" in noms
    assert JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="tableau_referents").count() == 2
    for role in (Role.REFERENT, Role.FINANCEUR):
        assert client_de(UserFactory(role=role)).get(url).status_code == 403


def _requetes(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url, params).status_code == 200
    return len(requetes)


def test_tableaux_de_bord_nombre_de_requetes_constant(client_de):
    moi = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    animation = UserFactory(role=Role.ANIMATION)
    pages = [
        (moi.utilisateur, reverse("accueil")),
        (porteur, reverse("accueil")),
        (animation, reverse("accueil")),
        (animation, reverse("tableau_referent", args=[moi.pk])),
    ]
    comptes = []
    for nombre in (3, 25):
        referent = ReferentFactory()
        ParcoursFactory.create_batch(nombre, prescription__referent=moi)
        ParcoursFactory.create_batch(nombre, prescription__referent=referent, sorti=True)
        PrescriptionFactory.create_batch(nombre, referent=moi)
        comptes.append([_requetes(client_de(user), url) for user, url in pages])
    assert comptes[0] == comptes[1]


def test_les_alertes_par_referent_sont_comptees_en_arriere_plan_et_datees(
    client_de, equipe, django_capture_on_commit_callbacks
):
    """The dashboards across référents read the counts the task stored: until the first count, they say it is
    running; then they show the same counts as the rules, each audience its own référents, with the time of the
    count; a minute later, a visit asks for a new count (one task however many visits)."""
    import datetime

    from django.utils import timezone

    from parcours.alertes import comptes as compter
    from plie.models import Actualisation

    moi, autre = equipe
    PrescriptionFactory(non_preaffectee=True, date_prescription=timezone.localdate() - datetime.timedelta(days=20))
    porteur = UserFactory(role=Role.PORTEUR)
    moi.structure.utilisateurs.add(porteur)
    animation = client_de(UserFactory(role=Role.ANIMATION))
    page = animation.get(reverse("accueil")).content.decode()
    assert "Les nombres d'alertes sont en cours de calcul" in page
    with django_capture_on_commit_callbacks(execute=True) as demandes:
        for _ in range(3):
            animation.get(reverse("accueil"))
    assert len(demandes) == 3 and Actualisation.objects.get(nom="alertes").calculee_le is not None
    attendus = compter(au=timezone.localdate())
    reponse = animation.get(reverse("accueil"))
    synthese = reponse.context["alertes"]
    assert synthese["total_general"] == sum(sum(c.values()) for c in attendus.values())
    assert synthese["sans_referent_total"] == sum(c.get(None, 0) for c in attendus.values()) > 0
    assert "Les nombres d'alertes sont calculés le" in reponse.content.decode()
    du_porteur = client_de(porteur).get(reverse("accueil")).context["alertes"]
    assert [ligne["referent_id"] for ligne in du_porteur["lignes"]] == [moi.pk]
    assert du_porteur["sans_referent_total"] == 0
    assert du_porteur["total_general"] == sum(c.get(moi.pk, 0) for c in attendus.values())
    Actualisation.objects.filter(nom="alertes").update(
        calculee_le=timezone.now() - datetime.timedelta(seconds=61),
        commencee_le=timezone.now() - datetime.timedelta(seconds=61),
        terminee_le=timezone.now() - datetime.timedelta(seconds=60),
    )
    with mock_lancer() as lancer, django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            animation.get(reverse("accueil"))
    assert lancer.call_count == 1


def mock_lancer():
    from unittest import mock

    from plie import actualisations

    return mock.patch.object(actualisations, "lancer")


def test_l_accueil_de_l_animation_montre_les_referents_par_pages_de_trente(client_de):
    """At a large PLIE's size the référents' tables are paged (30 a page): the page costs what it shows."""
    from reporting.tableaux import REFERENTS_PAR_PAGE

    for _ in range(REFERENTS_PAR_PAGE + 2):
        ParcoursFactory(prescription__referent=ReferentFactory())
    alertes_comptees.actualiser()
    client = client_de(UserFactory(role=Role.ANIMATION))
    premiere = client.get(reverse("accueil"))
    assert len(premiere.context["lignes"]) == REFERENTS_PAR_PAGE
    assert len(premiere.context["alertes"]["lignes"]) == REFERENTS_PAR_PAGE
    assert "Page 1 sur 2" in premiere.content.decode()
    seconde = client.get(reverse("accueil"), {"page": 2})
    assert len(seconde.context["lignes"]) == 2 and len(seconde.context["alertes"]["lignes"]) == 2
    noms = {ligne["referent"] for ligne in premiere.context["lignes"]} | {
        ligne["referent"] for ligne in seconde.context["lignes"]
    }
    assert len(noms) == REFERENTS_PAR_PAGE + 2
    assert client.get(reverse("accueil"), {"page": "x"}).status_code == 200  # a malformed page: the first


def test_chaque_compte_de_l_accueil_mene_a_la_liste_qu_il_compte(client_de, equipe):
    PrescriptionFactory(non_preaffectee=True)
    PrescriptionFactory()
    client = client_de(UserFactory(role=Role.ANIMATION))
    for mois in ("2017-01", "2017-03", "2017-06"):
        reponse = client.get(reverse("accueil"), {"mois": mois})
        page = reponse.content.decode()
        liens = {
            "entrees": reponse.context["lien_entrees_mois"],
            "prescriptions": reverse("prescriptions") + "?statut=en_attente",
            "sans_referent": reverse("prescriptions") + "?statut=en_attente&referent=null",
        }
        for lien in liens.values():
            assert f'href="{lien.replace("&", "&amp;")}"' in page
        compte = {cle: client.get(lien).context["page"].paginator.count for cle, lien in liens.items()}
        assert compte["entrees"] == reponse.context["total"].entrees_mois, mois
        assert compte["prescriptions"] == reponse.context["commission"]["prescriptions"]
        assert compte["sans_referent"] == reponse.context["commission"]["sans_referent"] == 1
