"""The FSE+ synchronisation right after a bulk insert, on statistics that still say the tables are empty (what
autovacuum records when it analyses them in the middle of an import or of the demo's load): its time stays
bounded. PostgreSQL only: SQLite plans without statistics."""

import datetime
import time

import pytest
from django.db import connection

from fse.models import Participation
from fse.participations import synchroniser
from parcours.enums import SituationEmploi, StatutPrescription
from parcours.models import AffectationReferent, Parcours, Prescription
from participants.models import Participant
from tests.fse.histoires import J, portage
from tests.parcours.factories import PrescriptionFactory
from tests.participants.factories import ParticipantFactory, PrescripteurFactory, ReferentFactory, commune

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="les statistiques du planificateur de PostgreSQL"),
]
PARCOURS = 2000
LIMITE_SECONDES = 30  # about 1 s on a 2-core machine; the plans of empty statistics ran for minutes


def charger_en_masse(referents, prescripteur) -> None:
    ville = commune()
    personnes = Participant.objects.bulk_create(ParticipantFactory.build_batch(PARCOURS, commune=ville))
    prescriptions = Prescription.objects.bulk_create(
        PrescriptionFactory.build(
            prescripteur=prescripteur,
            referent=referents[rang % len(referents)],
            participant=personne,
            date_prescription=J(2016, 12, 1),
            statut=StatutPrescription.ENTREE,
            date_decision=J(2017, 1, 2),
        )
        for rang, personne in enumerate(personnes)
    )
    parcours = Parcours.objects.bulk_create(
        Parcours(
            participant=personne,
            prescription=prescription,
            referent=prescription.referent,
            date_entree=J(2017, 1, 2) + datetime.timedelta(days=rang % 300),
            age_entree=36,
            commune=ville,
            situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        )
        for rang, (personne, prescription) in enumerate(zip(personnes, prescriptions, strict=True))
    )
    AffectationReferent.objects.bulk_create(
        AffectationReferent(parcours=un, referent_id=un.referent_id, date_debut=un.date_entree) for un in parcours
    )


def test_la_synchronisation_apres_un_chargement_en_masse_sur_des_statistiques_vides():
    referents = [ReferentFactory() for _ in range(5)]
    for referent in referents[1:]:
        referent.structure = referents[0].structure
        referent.save(update_fields=["structure"])
    operation = portage(referents[0].structure, 2017)
    prescripteur = PrescripteurFactory()
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")  # the tables recorded empty, as autovacuum may leave them mid-load
    charger_en_masse(referents, prescripteur)
    debut = time.monotonic()
    synchroniser(operations=[operation], aujourd_hui=J(2017, 12, 31))
    duree = time.monotonic() - debut
    assert Participation.objects.filter(operation=operation).count() == PARCOURS
    assert duree < LIMITE_SECONDES, f"{duree:.1f} s"
