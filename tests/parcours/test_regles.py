"""The model rules a référent or the structure d'animation hits when recording a parcours."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parcours import services
from parcours.enums import IssueEtape, StatutPrescription
from parcours.models import Etape, MotifNonEntree, MotifSortie, Parcours, Prescription, Veille
from tests.parcours.factories import ParcoursFactory, PrescriptionFactory, type_etape
from tests.participants.factories import ParticipantFactory, ReferentFactory, commune

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_sortie_avant_entree_refusee_par_le_service():
    parcours = ParcoursFactory(date_entree=datetime.date(2017, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.sortie_enregistrer(
            parcours=parcours,
            date_sortie=datetime.date(2017, 2, 1),
            motif=MotifSortie.objects.get(code="sante"),
            par=None,
        )
    assert "La sortie ne peut pas précéder l'entrée du 01/03/2017." in messages(exc.value)
    parcours.refresh_from_db()
    assert parcours.date_sortie is None


def test_sortie_avant_entree_refusee_par_la_base():
    parcours = ParcoursFactory(date_entree=datetime.date(2017, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Parcours.objects.filter(pk=parcours.pk).update(
            date_sortie=datetime.date(2017, 2, 1), motif_sortie=MotifSortie.objects.get(code="sante")
        )


def test_sortie_enregistree_une_seule_fois():
    parcours = ParcoursFactory()
    sante = MotifSortie.objects.get(code="sante")
    services.sortie_enregistrer(parcours=parcours, date_sortie=datetime.date(2017, 4, 1), motif=sante, par=None)
    with pytest.raises(ValidationError) as exc:
        services.sortie_enregistrer(parcours=parcours, date_sortie=datetime.date(2017, 5, 1), motif=sante, par=None)
    assert "Ce parcours est déjà sorti le 01/04/2017." in messages(exc.value)


@pytest.mark.parametrize(
    "debut, message",
    [
        (datetime.date(2017, 1, 5), "Cette date précède l'entrée dans le parcours (10/01/2017)."),
        (datetime.date(2017, 7, 15), "Cette date suit la sortie du parcours (30/06/2017)."),
    ],
)
def test_etape_hors_du_parcours_refusee(debut, message):
    parcours = ParcoursFactory(sorti=True)
    etape = Etape(parcours=parcours, type=type_etape(), date_debut=debut)
    with pytest.raises(ValidationError) as exc:
        etape.full_clean()
    assert exc.value.message_dict["date_debut"] == [message]


def test_etape_terminee_sans_issue_refusee():
    parcours = ParcoursFactory()
    etape = Etape(
        parcours=parcours, type=type_etape(), date_debut=datetime.date(2017, 2, 1), date_fin=datetime.date(2017, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        etape.full_clean()
    assert "Une étape terminée doit indiquer comment elle s'est terminée" in messages(exc.value)
    etape.issue = IssueEtape.TERMINEE
    etape.full_clean()


def test_veille_de_plus_de_deux_mois_refusee():
    parcours = ParcoursFactory()
    veille = Veille(
        parcours=parcours,
        date_debut=datetime.date(2017, 3, 15),
        date_fin_prevue=datetime.date(2017, 5, 16),
        motif="Santé",
    )
    with pytest.raises(ValidationError) as exc:
        veille.full_clean()
    assert exc.value.message_dict["date_fin_prevue"] == [
        "Une veille dure au plus 2 mois : fin prévue au plus tard le 15/05/2017."
    ]
    veille.date_fin_prevue = datetime.date(2017, 5, 15)
    veille.full_clean()


def test_deux_parcours_ouverts_pour_une_personne_refuses_par_le_service():
    parcours = ParcoursFactory()
    seconde = PrescriptionFactory(date_prescription=datetime.date(2017, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.parcours_ouvrir(
            prescription=seconde,
            participant=parcours.participant,
            date_entree=datetime.date(2017, 3, 1),
            commune=commune(),
            situation_emploi="demandeur_emploi",
            par=None,
        )
    assert services.DEJA_ACCOMPAGNEE in messages(exc.value)
    seconde.refresh_from_db()
    assert seconde.statut == StatutPrescription.EN_ATTENTE
    assert parcours.participant.parcours.count() == 1


def test_deux_parcours_ouverts_pour_une_personne_refuses_par_la_base():
    parcours = ParcoursFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParcoursFactory(participant=parcours.participant, date_entree=datetime.date(2017, 5, 1))


def test_une_personne_revient_apres_sa_sortie_et_son_historique_reste():
    ancien = ParcoursFactory(sorti=True)
    prescription = PrescriptionFactory(date_prescription=datetime.date(2019, 1, 5))
    nouveau = services.parcours_ouvrir(
        prescription=prescription,
        participant=ancien.participant,
        date_entree=datetime.date(2019, 2, 1),
        commune=commune("Chenôve"),
        situation_emploi="demandeur_emploi",
        rsa=True,
        par=None,
    )
    assert list(ancien.participant.parcours.order_by("date_entree")) == [ancien, nouveau]
    ancien.refresh_from_db()
    assert ancien.date_sortie == datetime.date(2017, 6, 30)
    assert nouveau.affectations.get().referent == prescription.referent


def test_nouveau_parcours_pendant_un_parcours_passe_refuse():
    ancien = ParcoursFactory(sorti=True)
    prescription = PrescriptionFactory(date_prescription=datetime.date(2017, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.parcours_ouvrir(
            prescription=prescription,
            participant=ancien.participant,
            date_entree=datetime.date(2017, 4, 1),
            commune=commune(),
            situation_emploi="demandeur_emploi",
            par=None,
        )
    assert "un nouveau parcours ne peut commencer qu'après la sortie du précédent" in messages(exc.value)


def test_prescription_decidee_deux_fois_refusee():
    prescription = PrescriptionFactory()
    absent = MotifNonEntree.objects.get(code="absent_rdv")
    services.prescription_non_entree(prescription=prescription, motif=absent, date=datetime.date(2017, 2, 1), par=None)
    with pytest.raises(ValidationError) as exc:
        services.parcours_ouvrir(
            prescription=prescription,
            participant=ParticipantFactory(),
            date_entree=datetime.date(2017, 2, 10),
            commune=commune(),
            situation_emploi="demandeur_emploi",
            par=None,
        )
    assert "Cette prescription a déjà été décidée (non-entrée le 01/02/2017)" in messages(exc.value)
    assert not Parcours.objects.exists()
    with pytest.raises(ValidationError):
        services.prescription_non_entree(
            prescription=prescription, motif=absent, date=datetime.date(2017, 3, 1), par=None
        )
    prescription.refresh_from_db()
    assert prescription.date_decision == datetime.date(2017, 2, 1)


def test_prescription_non_preaffectee_ne_peut_pas_etre_decidee():
    prescription = PrescriptionFactory(non_preaffectee=True)
    with pytest.raises(ValidationError) as exc:
        services.prescription_non_entree(
            prescription=prescription,
            motif=MotifNonEntree.objects.get(code="sante"),
            date=datetime.date(2017, 2, 1),
            par=None,
        )
    assert "Cette prescription doit d'abord être pré-affectée à un référent." in messages(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prescription.objects.filter(pk=prescription.pk).update(
            statut=StatutPrescription.NON_ENTREE,
            date_decision=datetime.date(2017, 2, 1),
            motif_non_entree=MotifNonEntree.objects.get(code="sante"),
        )


def test_non_entree_sans_motif_refusee_par_la_base():
    prescription = PrescriptionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Prescription.objects.filter(pk=prescription.pk).update(
            statut=StatutPrescription.NON_ENTREE, date_decision=datetime.date(2017, 2, 1)
        )


def test_entree_avant_la_prescription_refusee():
    prescription = PrescriptionFactory(date_prescription=datetime.date(2017, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.parcours_ouvrir(
            prescription=prescription,
            participant=ParticipantFactory(),
            date_entree=datetime.date(2017, 2, 1),
            commune=commune(),
            situation_emploi="demandeur_emploi",
            par=None,
        )
    assert "L'entrée ne peut pas précéder la prescription du 01/03/2017." in messages(exc.value)


def test_transfert_garde_la_date_et_le_referent_precedent():
    parcours = ParcoursFactory()
    premier = parcours.referent
    second = ReferentFactory()
    services.parcours_transferer(parcours=parcours, referent=second, date=datetime.date(2017, 5, 1), par=None)
    parcours.refresh_from_db()
    assert parcours.referent == second
    assert [(a.referent, a.date_debut) for a in parcours.affectations.order_by("date_debut")] == [
        (premier, datetime.date(2017, 1, 10)),
        (second, datetime.date(2017, 5, 1)),
    ]
    with pytest.raises(ValidationError) as exc:
        services.parcours_transferer(parcours=parcours, referent=premier, date=datetime.date(2017, 4, 1), par=None)
    assert "La date du transfert doit suivre la dernière affectation (01/05/2017)." in messages(exc.value)
