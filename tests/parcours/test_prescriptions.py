"""Prescriptions in the browser: recorded, pre-assigned, received; entry with duplicate detection; non-entry."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parcours.doublons import doublons_possibles
from parcours.enums import StatutPrescription
from parcours.models import MotifNonEntree, MotifSortie, Parcours, Prescription
from participants.models import Commune, Participant
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests import publicite
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory
from tests.parcours.formulaires import donnees_entree
from tests.participants.factories import ParticipantFactory, PrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


def test_l_animation_enregistre_et_preaffecte_une_prescription(client, animation, referent):
    client.force_login(animation)
    prescripteur = PrescripteurFactory()
    donnees = {
        "date_prescription": AUJOURDHUI.isoformat(),
        "prescripteur": prescripteur.pk,
        "nom": "Martin",
        "prenom": "Léa",
        "commune": Commune.objects.get(nom="Dijon").pk,
    }
    reponse = client.post(reverse("prescription_nouvelle"), donnees)
    prescription = Prescription.objects.get()
    assert reponse.url == reverse("prescription", args=[prescription.pk])
    assert prescription.statut == StatutPrescription.EN_ATTENTE and prescription.referent is None
    client.post(
        reverse("prescription_preaffecter", args=[prescription.pk]),
        {"referent": referent.pk, "date": AUJOURDHUI.isoformat()},
    )
    prescription.refresh_from_db()
    assert (prescription.referent, prescription.date_preaffectation) == (referent, AUJOURDHUI)


def test_prescription_dans_le_futur_refusee(client, animation):
    client.force_login(animation)
    demain = AUJOURDHUI + datetime.timedelta(days=1)
    reponse = client.post(
        reverse("prescription_nouvelle"),
        {"date_prescription": demain.isoformat(), "prescripteur": PrescripteurFactory().pk, "nom": "A", "prenom": "B"},
    )
    assert "Cette date ne peut pas être postérieure à aujourd&#x27;hui" in reponse.content.decode()
    assert not Prescription.objects.exists()


def test_le_referent_recoit_ses_prescriptions_avec_leur_age(client, referent):
    PrescriptionFactory(referent=referent, nom="Recue", date_prescription=AUJOURDHUI - datetime.timedelta(days=20))
    PrescriptionFactory(nom="Autre-referent", date_prescription=AUJOURDHUI)
    client.force_login(referent.utilisateur)
    page = client.get(reverse("prescriptions")).content.decode()
    assert "RECUE" in page and "AUTRE-REFERENT" not in page
    assert 'text-danger fw-semibold">20<' in page


def test_export_excel_des_prescriptions_filtrees(client, animation, referent):
    """The export follows the filters, keeps dates as dates and journals the export."""
    PrescriptionFactory(referent=referent, nom="Attente", date_prescription=AUJOURDHUI - datetime.timedelta(days=4))
    PrescriptionFactory(non_preaffectee=True, nom="Sansreferent", date_prescription=AUJOURDHUI)
    client.force_login(animation)
    reponse = client.get(reverse("prescriptions"), {"referent": referent.pk, "format": "xlsx"})
    assert reponse["Content-Disposition"].startswith('attachment; filename="prescriptions-')
    publicite.classeur(reponse.content)
    lignes = list(load_workbook(io.BytesIO(reponse.content)).worksheets[1].iter_rows(values_only=True))
    assert lignes[0][:3] == ("Date de prescription", "Nom", "Prénom")
    assert [ligne[1] for ligne in lignes[1:]] == ["Attente"]
    assert lignes[1][0].date() == AUJOURDHUI - datetime.timedelta(days=4) and lignes[1][-1] == 4
    assert JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="prescription").exists()


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ANIMATION])
def test_liste_des_prescriptions_a_nombre_de_requetes_constant(client, referent, role):
    user = referent.utilisateur if role == Role.REFERENT else UserFactory(role=Role.ANIMATION)
    client.force_login(user)
    comptes = []
    for nombre in (10, 200):
        PrescriptionFactory.create_batch(nombre - len(comptes) * 10, referent=referent)
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("prescriptions")).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]


def test_non_entree_une_seule_fois(client, referent):
    prescription = PrescriptionFactory(referent=referent, date_prescription=AUJOURDHUI - datetime.timedelta(days=3))
    client.force_login(referent.utilisateur)
    motif = MotifNonEntree.objects.get(code="absent_rdv")
    url = reverse("prescription_non_entree", args=[prescription.pk])
    assert client.post(url, {"motif": motif.pk, "date": AUJOURDHUI.isoformat()}).status_code == 302
    prescription.refresh_from_db()
    assert (prescription.statut, prescription.motif_non_entree) == (StatutPrescription.NON_ENTREE, motif)
    reponse = client.post(url, {"motif": motif.pk, "date": AUJOURDHUI.isoformat()}, follow=True)
    assert "Cette prescription est déjà décidée." in reponse.content.decode()


def test_entree_d_une_nouvelle_personne(client, referent):
    prescription = PrescriptionFactory(
        referent=referent,
        nom="NOUVELLE",
        prenom="personne",
        date_prescription=AUJOURDHUI - datetime.timedelta(days=30),
    )  # the identity as the prescriber sent it; the référent adds the birth date
    client.force_login(referent.utilisateur)
    reponse = client.post(reverse("prescription_entree", args=[prescription.pk]), donnees_entree(personne="nouvelle"))
    parcours = Parcours.objects.get()
    assert reponse.url == reverse("dossier_participant", args=[parcours.participant_id])
    assert (parcours.participant.nom, parcours.referent, parcours.rsa, parcours.age_entree) == (
        "Nouvelle",
        referent,
        True,
        parcours.participant.age_au(AUJOURDHUI),
    )
    assert sorted(parcours.criteres.values_list("code", flat=True)) == [
        "autorise_travailler",
        "minima_sociaux",
        "residence_territoire",
    ]  # the two that follow from the record, recorded without being asked
    prescription.refresh_from_db()
    assert (prescription.statut, prescription.participant) == (StatutPrescription.ENTREE, parcours.participant)


def sortie_recente(participant, referent):
    """A parcours of ``participant`` led by ``referent``, ended 60 days ago (still in the active base)."""
    return ParcoursFactory(
        participant=participant,
        prescription__referent=referent,
        date_entree=AUJOURDHUI - datetime.timedelta(days=300),
        date_sortie=AUJOURDHUI - datetime.timedelta(days=60),
        motif_sortie=MotifSortie.objects.get(code="sante"),
    )


def test_une_personne_connue_est_proposee_malgre_l_orthographe(client, referent):
    connue = ParticipantFactory(nom="Dupont", prenom="Émilie", date_naissance=datetime.date(1985, 4, 12))
    sortie_recente(connue, referent)  # the référent followed her: she is within their scope
    prescription = PrescriptionFactory(
        referent=referent,
        nom="DUPOND",
        prenom="emilie",
        date_naissance=datetime.date(1985, 4, 12),
        date_prescription=AUJOURDHUI - datetime.timedelta(days=10),
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    page = client.get(url).content.decode()
    assert "DUPONT Émilie" in page
    reponse = client.post(url, donnees_entree(personne=str(connue.pk)))
    assert reponse.status_code == 302
    assert connue.parcours.count() == 2 and Participant.objects.count() == 1


def test_l_entree_demande_la_residence_une_fois(client, referent):
    """The commune and quartier are asked with the person, once; the entry records them (for a new person as for a
    known one: where they live now); a commune outside the territory is refused on that field."""
    prescription = PrescriptionFactory(
        referent=referent,
        nom="Nouvelle",
        prenom="Personne",
        sexe="f",
        date_naissance=datetime.date(1985, 4, 12),
        date_prescription=AUJOURDHUI - datetime.timedelta(days=5),
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    page = client.get(url).content.decode()
    assert page.count('name="personne-commune"') == 1 and 'name="entree-commune"' not in page
    assert 'name="personne-quartier"' in page and 'name="entree-quartier"' not in page
    chenove = Commune.objects.get(nom="Chenôve")
    quartier = chenove.quartiers.first()
    ailleurs = Commune.objects.create(nom="Beaune", code_insee="21054", code_postal="21200", dans_le_territoire=False)
    refus = client.post(url, donnees_entree(personne="nouvelle", **{"personne-commune": ailleurs.pk}))
    assert "Cette commune n&#x27;est pas dans le territoire du PLIE" in refus.content.decode()
    assert not Parcours.objects.exists()
    donnees = donnees_entree(personne="nouvelle", **{"personne-commune": chenove.pk, "personne-quartier": quartier.pk})
    assert client.post(url, donnees).status_code == 302
    parcours = Parcours.objects.get()
    assert (parcours.commune, parcours.quartier) == (chenove, quartier)
    assert (parcours.participant.commune, parcours.participant.quartier) == (chenove, quartier)


def test_nouvelle_personne_qui_ressemble_a_une_connue_demande_confirmation(client, animation, referent):
    ParticipantFactory(nom="Nouvelle", prenom="Personne", date_naissance=datetime.date(1985, 4, 12))
    prescription = PrescriptionFactory(referent=referent, date_prescription=AUJOURDHUI - datetime.timedelta(days=5))
    client.force_login(animation)
    url = reverse("prescription_entree", args=[prescription.pk])
    reponse = client.post(url, donnees_entree(personne="nouvelle"))
    assert "confirmez qu&#x27;il s&#x27;agit bien d&#x27;une nouvelle personne" in reponse.content.decode()
    assert not Parcours.objects.exists()
    assert client.post(url, donnees_entree(personne="nouvelle", confirmer_nouvelle="1")).status_code == 302
    assert Participant.objects.count() == 2


NEUTRE = "Personne déjà connue du PLIE — la structure d'animation va traiter cette prescription."


@pytest.mark.parametrize("situation", ["suivie_ailleurs", "sortie_chez_un_autre", "archivee", "jamais_entree"])
def test_une_personne_connue_hors_perimetre_part_au_rapprochement_sans_rien_reveler(
    client, referent, animation, situation
):
    """Followed by someone else, once followed by another référent, archived, or known with no parcours: the
    référent gets the same neutral message, the prescription goes to the structure d'animation's queue."""
    connue = ParticipantFactory(nom="Suivie", prenom="Ailleurs", date_naissance=datetime.date(1990, 1, 1))
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    if situation == "suivie_ailleurs":
        ParcoursFactory(participant=connue, prescription__referent=autre)
    elif situation == "sortie_chez_un_autre":
        sortie_recente(connue, autre)
    elif situation == "archivee":
        ParcoursFactory(participant=connue, prescription__referent=referent, sorti=True)  # exit in 2017
    prescription = PrescriptionFactory(
        referent=referent,
        nom="SUIVIE",
        prenom="ailleurs",
        date_naissance=datetime.date(1990, 1, 1),
        date_prescription=AUJOURDHUI - datetime.timedelta(days=5),
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    page = client.get(url).content.decode()
    assert NEUTRE in page
    assert "1990" not in page and autre.nom not in page and "déjà accompagnée" not in page
    prescription.refresh_from_db()
    assert prescription.rapprochement_demande_le is not None
    reponse = client.post(url, donnees_entree(personne="nouvelle", confirmer_nouvelle="1"))
    assert NEUTRE in reponse.content.decode()
    assert Participant.objects.count() == 1 and Parcours.objects.count() == (0 if situation == "jamais_entree" else 1)
    # The structure d'animation finds it in its queue, sees the known person, links her.
    client.force_login(animation)
    file = client.get(reverse("prescriptions") + "?a_rapprocher=oui").content.decode()
    assert "SUIVIE ailleurs" in file or "SUIVIE Ailleurs" in file
    if situation == "suivie_ailleurs":
        # The structure d'animation sees who follows her and reaches the file; she cannot enter twice.
        page = client.get(url).content.decode()
        assert f"déjà accompagnée</strong> par {autre}" in page
        assert reverse("dossier_participant", args=[connue.pk]) in page
        refus = client.post(url, donnees_entree(personne=str(connue.pk))).content.decode()
        assert "Personne déjà accompagnée par le PLIE" in refus and Parcours.objects.count() == 1
        return
    assert "SUIVIE Ailleurs" in client.get(url).content.decode()
    assert client.post(url, donnees_entree(personne=str(connue.pk))).status_code == 302
    prescription.refresh_from_db()
    assert prescription.participant == connue and prescription.rapprochement_demande_le is None


IDENTITE_A_VERIFIER = "Identité modifiée : la structure d'animation la vérifie parmi les personnes connues"


@pytest.mark.parametrize("tapee", [("Cachée", "Bien", "1975-07-07"), ("Inconnue", "Totalement", "1961-02-03")])
def test_une_identite_retapee_recoit_la_meme_reponse_qu_elle_soit_connue_ou_non(client, referent, animation, tapee):
    """A référent who types another identity than the prescription's learns nothing of it: known outside their
    scope or unknown, the same answer; the prescription goes to the structure d'animation with the identity
    typed (what the prescriber sent stays in its history)."""
    ParticipantFactory(nom="Cachee", prenom="Bien", date_naissance=datetime.date(1975, 7, 7))
    prescription = PrescriptionFactory(
        referent=referent, nom="Martin", prenom="Zoé", date_prescription=AUJOURDHUI - datetime.timedelta(days=5)
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    donnees = donnees_entree(personne="nouvelle", confirmer_nouvelle="1")
    nom, prenom, naissance = tapee
    donnees.update({"personne-nom": nom, "personne-prenom": prenom, "personne-date_naissance": naissance})
    reponse = client.post(url, donnees).content.decode()
    assert IDENTITE_A_VERIFIER in reponse and NEUTRE not in reponse
    reponse_sans_csrf = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", reponse)
    assert nom not in reponse_sans_csrf and "1975" not in reponse_sans_csrf
    assert Participant.objects.count() == 1 and not Parcours.objects.exists()
    prescription.refresh_from_db()
    assert prescription.rapprochement_demande_le is not None and prescription.nom == nom
    assert prescription.historique.earliest("history_date").nom == "Martin"
    # The prescription now waits for the structure d'animation: no second probe with it.
    assert NEUTRE in client.post(url, donnees_entree(personne="nouvelle")).content.decode()
    client.force_login(animation)
    assert prescription.nom.upper() in client.get(reverse("prescriptions") + "?a_rapprocher=oui").content.decode()


def test_une_date_de_naissance_completee_ne_se_tente_qu_une_fois(client, referent):
    """The prescription gave no birth date: the one the référent types is recorded on it at once, whatever
    becomes of the entry; another date afterwards is a change, handed to the structure d'animation."""
    prescription = PrescriptionFactory(
        referent=referent, nom="Martin", prenom="Zoé", date_prescription=AUJOURDHUI - datetime.timedelta(days=5)
    )
    client.force_login(referent.utilisateur)
    url = reverse("prescription_entree", args=[prescription.pk])
    donnees = donnees_entree(personne="nouvelle", confirmer_nouvelle="1")
    donnees.update({"personne-nom": "Martin", "personne-prenom": "Zoé", "personne-date_naissance": "1980-01-01"})
    ailleurs = Commune.objects.create(nom="Beaune", code_insee="21054", code_postal="21200", dans_le_territoire=False)
    donnees["personne-commune"] = ailleurs.pk  # the service refuses the entry, after its identity check
    client.post(url, donnees)
    assert not Parcours.objects.exists()
    prescription.refresh_from_db()
    assert prescription.date_naissance == datetime.date(1980, 1, 1)
    donnees["personne-commune"] = Commune.objects.get(nom="Dijon").pk
    donnees["personne-date_naissance"] = "1981-02-02"  # a second try with another date
    assert IDENTITE_A_VERIFIER in client.post(url, donnees).content.decode()
    assert not Parcours.objects.exists()


def test_la_structure_d_animation_corrige_l_identite_a_l_entree(client, animation, referent):
    prescription = PrescriptionFactory(
        referent=referent, nom="Martin", prenom="Zoé", date_prescription=AUJOURDHUI - datetime.timedelta(days=5)
    )
    client.force_login(animation)
    url = reverse("prescription_entree", args=[prescription.pk])
    assert client.post(url, donnees_entree(personne="nouvelle")).status_code == 302
    assert Parcours.objects.get().participant.nom == "Nouvelle"


def test_entree_avant_la_prescription_refusee(client, referent):
    prescription = PrescriptionFactory(referent=referent, date_prescription=AUJOURDHUI)
    client.force_login(referent.utilisateur)
    veille = (AUJOURDHUI - datetime.timedelta(days=1)).isoformat()
    reponse = client.post(
        reverse("prescription_entree", args=[prescription.pk]),
        donnees_entree(personne="nouvelle", **{"entree-date_entree": veille}),
    )
    assert "L&#x27;entrée ne peut pas précéder la prescription" in reponse.content.decode()
    assert not Parcours.objects.exists() and not Participant.objects.exists()


def test_detection_des_doublons():
    ParticipantFactory(nom="Lefèvre", prenom="Jean-Pierre", date_naissance=datetime.date(1970, 3, 3))
    assert doublons_possibles(nom="LEFEVRE", prenom="jean pierre", date_naissance=datetime.date(1970, 3, 3))
    assert doublons_possibles(nom="Lefebvre", prenom="Jean-Pierre", date_naissance=datetime.date(1970, 3, 3))
    assert not doublons_possibles(nom="Lefèvre", prenom="Jean-Pierre", date_naissance=datetime.date(1970, 3, 4))
    assert not doublons_possibles(nom="Martin", prenom="Jean-Pierre", date_naissance=datetime.date(1970, 3, 3))


def test_la_preaffectation_montre_la_charge_de_chaque_referent(client, animation):
    """Each référent in post, with their file active today against ETP × the year's file active per ETP, and the
    prescriptions pre-assigned to them that wait; a référent gone is not offered; the page's queries do not grow
    with the number of référents."""
    plein = ReferentFactory(prenom="Alice", nom="Plein")
    mi_temps = ReferentFactory(prenom="Bruno", nom="Demi", etp=Decimal("0.75"))
    ReferentFactory(prenom="Chloe", nom="Partie", etp=Decimal("0"))
    for _ in range(3):
        ParcoursFactory(referent=plein, date_entree=AUJOURDHUI - datetime.timedelta(days=30))
    ParcoursFactory(
        referent=plein,
        date_entree=AUJOURDHUI - datetime.timedelta(days=90),
        date_sortie=AUJOURDHUI,
        motif_sortie=MotifSortie.objects.get(code="emploi_durable"),
    )
    ParcoursFactory(referent=mi_temps, date_entree=AUJOURDHUI)
    PrescriptionFactory(referent=mi_temps)
    PrescriptionFactory(referent=mi_temps)
    prescription = PrescriptionFactory(non_preaffectee=True)
    client.force_login(animation)

    def page():
        with CaptureQueriesContext(connection) as requetes:
            contenu = client.get(reverse("prescription", args=[prescription.pk])).content.decode()
        return contenu, len(requetes)

    contenu, requetes = page()
    assert "Alice Plein (" in contenu and "— file active 3 / objectif 70, 0 prescription en attente" in contenu
    assert "Bruno Demi (" in contenu and "— file active 1 / objectif 52,5, 2 prescriptions en attente" in contenu
    assert "Chloe Partie" not in contenu
    for _ in range(5):
        ReferentFactory()
    assert page()[1] == requetes
