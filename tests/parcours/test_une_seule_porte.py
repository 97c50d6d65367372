"""Every rule holds whoever calls the services: bad input gets its French message and nothing is written."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours import services
from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import (
    AideIndividuelle,
    Entretien,
    Etape,
    MotifNonEntree,
    MotifSortie,
    Parcours,
    Prescription,
    Veille,
)
from participants.models import Commune, ContactPrescripteur, Participant
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory, type_etape
from tests.participants.factories import PrescripteurFactory, ReferentFactory, commune

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()
DEMAIN = AUJOURDHUI + datetime.timedelta(days=1)
FUTUR = "Cette date ne peut pas être postérieure à aujourd'hui"


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def entrer(prescription, *, naissance=datetime.date(1980, 5, 17), date_entree=None, **situation):
    situation = {"commune": commune(), "situation_emploi": "demandeur_emploi", "par": None, **situation}
    return services.entree_enregistrer(
        prescription=prescription,
        participant=None,
        nouvelle_personne={
            "nom": "Neuf",
            "prenom": "Alex",
            "sexe": "f",
            "date_naissance": naissance,
            "nationalite": "france",
            "commune": commune(),
        },
        date_entree=date_entree or AUJOURDHUI,
        **situation,
    )


@pytest.fixture
def prescription():
    return PrescriptionFactory(date_prescription=AUJOURDHUI - datetime.timedelta(days=20))


def rien_ecrit(prescription):
    prescription.refresh_from_db()
    return (
        prescription.statut == StatutPrescription.EN_ATTENTE
        and not Parcours.objects.exists()
        and not Participant.objects.filter(nom="Neuf").exists()
    )


@pytest.mark.parametrize(
    "options, message",
    [
        # 16 at the entry date, not at today: born 11 years before the entry.
        ({"naissance": AUJOURDHUI - relativedelta(years=11)}, "il faut avoir 16 ans au moins"),
        ({"autorise_travailler": False}, "non autorisée à travailler en France"),
        ({"date_entree": DEMAIN}, FUTUR),
        ({"date_contrat_engagement": DEMAIN}, FUTUR),
    ],
)
def test_entree_refusee_par_le_service(prescription, options, message):
    with pytest.raises(ValidationError) as exc:
        entrer(prescription, **options)
    assert message in messages(exc.value)
    assert rien_ecrit(prescription)


def test_age_compte_a_la_date_d_entree(prescription):
    # 16 today, but 15 at an entry two months ago: refused; 16 at the entry: accepted.
    naissance = AUJOURDHUI - relativedelta(years=16) - datetime.timedelta(days=1)  # 29 February included
    prescription.date_prescription = AUJOURDHUI - datetime.timedelta(days=90)
    prescription.save()
    with pytest.raises(ValidationError) as exc:
        entrer(prescription, naissance=naissance, date_entree=AUJOURDHUI - datetime.timedelta(days=60))
    assert "La personne a 15 ans à la date d'entrée" in messages(exc.value)
    assert rien_ecrit(prescription)
    assert entrer(prescription, naissance=naissance).age_entree == 16


def test_commune_hors_du_territoire_refusee(prescription):
    ailleurs = Commune.objects.create(nom="Beaune", code_insee="21054", code_postal="21200", dans_le_territoire=False)
    with pytest.raises(ValidationError) as exc:
        entrer(prescription, commune=ailleurs)
    assert "pas dans le territoire du PLIE" in messages(exc.value)
    assert rien_ecrit(prescription)


def test_une_personne_accompagnee_n_entre_pas_une_seconde_fois():
    parcours = ParcoursFactory(date_entree=AUJOURDHUI - datetime.timedelta(days=30))
    seconde = PrescriptionFactory(date_prescription=AUJOURDHUI - datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.entree_enregistrer(
            prescription=seconde,
            participant=parcours.participant,
            nouvelle_personne=None,
            date_entree=AUJOURDHUI,
            commune=commune(),
            situation_emploi="demandeur_emploi",
            par=None,
        )
    assert services.DEJA_ACCOMPAGNEE in messages(exc.value)
    assert Parcours.objects.count() == 1


def test_le_contact_appartient_au_prescripteur():
    autre = ContactPrescripteur.objects.create(prescripteur=PrescripteurFactory(), nom="Contact", prenom="Autre")
    donnees = {"date_prescription": AUJOURDHUI, "prescripteur": PrescripteurFactory(), "nom": "X", "prenom": "Y"}
    donnees["par"] = None
    with pytest.raises(ValidationError) as exc:
        services.prescription_creer(contact=autre, **donnees)
    assert "Ce contact n'appartient pas au prescripteur choisi." in messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.prescription_creer(**{**donnees, "date_prescription": DEMAIN})
    assert FUTUR in messages(exc.value)
    assert not Prescription.objects.exists()


def test_preaffectation_et_decision_pas_dans_le_futur(prescription):
    with pytest.raises(ValidationError) as exc:
        services.prescription_preaffecter(prescription=prescription, referent=ReferentFactory(), date=DEMAIN, par=None)
    assert FUTUR in messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.prescription_non_entree(
            prescription=prescription, motif=MotifNonEntree.objects.first(), date=DEMAIN, par=None
        )
    assert FUTUR in messages(exc.value)
    prescription.refresh_from_db()
    assert prescription.statut == StatutPrescription.EN_ATTENTE


@pytest.mark.parametrize(
    "modele, donnees",
    [
        (Etape, {"type_id": None, "date_debut": "demain"}),
        (Entretien, {"date": "demain", "type": "individuel", "mode": "telephone", "duree_minutes": 20}),
        (Veille, {"date_debut": "demain", "date_fin_prevue": "demain", "motif": "Santé"}),
        (AideIndividuelle, {"date": "demain", "nature": "transport", "objet": "emploi", "montant": 20}),
    ],
)
def test_element_date_future_refuse(modele, donnees):
    parcours = ParcoursFactory(date_entree=AUJOURDHUI - datetime.timedelta(days=30))
    donnees = {k: DEMAIN if v == "demain" else v for k, v in donnees.items()}
    if modele is Etape:
        donnees["type_id"] = type_etape("remobilisation").pk
    with pytest.raises(ValidationError) as exc:
        services.element_enregistrer(element=modele(parcours=parcours, **donnees), par=None)
    assert FUTUR in messages(exc.value)
    assert not modele.objects.exists()


def test_sortie_et_diagnostic_pas_dans_le_futur():
    from parcours.diagnostic import diagnostic_enregistrer

    parcours = ParcoursFactory(date_entree=AUJOURDHUI - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        services.sortie_enregistrer(
            parcours=parcours, date_sortie=DEMAIN, motif=MotifSortie.objects.get(code="sante"), par=None
        )
    assert FUTUR in messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        diagnostic_enregistrer(parcours=parcours, date=DEMAIN, commentaire="", freins={}, clea={}, par=None)
    assert FUTUR in messages(exc.value)
    parcours.refresh_from_db()
    assert parcours.date_sortie is None


def test_entree_validee_puis_corrigee_repasse_en_commission():
    parcours = ParcoursFactory(date_entree=datetime.date(2024, 3, 1))
    services.commission_decider(parcours=parcours, objet="entree", valider=True, par=None)
    parcours.refresh_from_db()
    assert parcours.entree_commission == StatutCommission.VALIDEE
    services.entree_corriger(
        parcours=parcours,
        date_entree=datetime.date(2024, 3, 4),
        commune=parcours.commune,
        situation_emploi="demandeur_emploi",
        rsa=True,
        par=None,
    )
    parcours.refresh_from_db()
    assert parcours.entree_commission == StatutCommission.A_VALIDER
    assert parcours.entree_validee_le is None
    assert parcours.entree_champs_corriges == ["date d'entrée", "bénéficiaire du RSA"]
    services.commission_decider(parcours=parcours, objet="entree", valider=True, par=None)
    parcours.refresh_from_db()
    assert (parcours.entree_commission, parcours.entree_champs_corriges) == (StatutCommission.VALIDEE, [])


def test_le_service_envoie_au_rapprochement_une_personne_hors_du_perimetre_du_referent():
    """Called directly, the entry service refuses a référent the person of another référent (even named by its
    id) with the neutral message, and queues the prescription; the structure d'animation then enters it."""
    from plie.enums import Role
    from tests.plie.factories import UserFactory

    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    ailleurs = ParcoursFactory(date_entree=AUJOURDHUI - datetime.timedelta(days=400))
    services.sortie_enregistrer(
        parcours=ailleurs,
        date_sortie=AUJOURDHUI - datetime.timedelta(days=30),
        motif=MotifSortie.objects.get(code="sante"),
        par=None,
    )
    prescription = PrescriptionFactory(referent=referent, date_prescription=AUJOURDHUI - datetime.timedelta(days=5))
    situation = {"commune": commune(), "situation_emploi": "demandeur_emploi"}
    with pytest.raises(ValidationError) as exc:
        services.entree_enregistrer(
            prescription=prescription,
            participant=ailleurs.participant,
            nouvelle_personne=None,
            date_entree=AUJOURDHUI,
            par=referent.utilisateur,
            **situation,
        )
    assert messages(exc.value) == services.PERSONNE_CONNUE
    prescription.refresh_from_db()
    assert prescription.rapprochement_demande_le and prescription.statut == StatutPrescription.EN_ATTENTE
    with pytest.raises(ValidationError, match="attend la structure d'animation"):
        services.parcours_ouvrir(
            prescription=prescription,
            participant=ailleurs.participant,
            date_entree=AUJOURDHUI,
            par=referent.utilisateur,
            **situation,
        )
    parcours = services.entree_enregistrer(
        prescription=prescription,
        participant=ailleurs.participant,
        nouvelle_personne=None,
        date_entree=AUJOURDHUI,
        par=UserFactory(role=Role.ANIMATION),
        **situation,
    )
    prescription.refresh_from_db()
    assert parcours.referent == referent and prescription.rapprochement_demande_le is None
