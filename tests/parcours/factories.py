import datetime

import factory

from parcours.enums import SituationEmploi, StatutPrescription
from parcours.models import AffectationReferent, MotifSortie, Parcours, Prescription, TypeEtape
from participants.models import age_au
from tests.participants.factories import ParticipantFactory, PrescripteurFactory, ReferentFactory, commune


class PrescriptionFactory(factory.django.DjangoModelFactory):
    """A prescription pre-assigned to a référent, waiting for a decision."""

    class Meta:
        model = Prescription

    date_prescription = datetime.date(2017, 1, 2)
    prescripteur = factory.SubFactory(PrescripteurFactory)
    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenom = "Alex"
    referent = factory.SubFactory(ReferentFactory)
    date_preaffectation = factory.SelfAttribute("date_prescription")

    class Params:
        non_preaffectee = factory.Trait(referent=None, date_preaffectation=None)


class ParcoursFactory(factory.django.DjangoModelFactory):
    """An open parcours entered on ``date_entree``; ``sorti=True`` closes it."""

    class Meta:
        model = Parcours
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    date_entree = datetime.date(2017, 1, 10)
    prescription = factory.SubFactory(
        PrescriptionFactory,
        date_prescription=factory.LazyAttribute(lambda p: p.factory_parent.date_entree - datetime.timedelta(days=30)),
        statut=StatutPrescription.ENTREE,
        date_decision=factory.SelfAttribute("..date_entree"),
        participant=factory.SelfAttribute("..participant"),
    )
    referent = factory.SelfAttribute("prescription.referent")
    age_entree = factory.LazyAttribute(lambda p: age_au(p.participant.date_naissance, p.date_entree))
    commune = factory.LazyFunction(commune)
    situation_emploi = SituationEmploi.DEMANDEUR_EMPLOI

    class Params:
        sorti = factory.Trait(
            date_sortie=datetime.date(2017, 6, 30),
            motif_sortie=factory.LazyFunction(lambda: MotifSortie.objects.get(code="emploi_durable")),
        )

    @factory.post_generation
    def affectation(obj, create, extracted, **kwargs):
        if create:
            AffectationReferent.objects.create(parcours=obj, referent=obj.referent, date_debut=obj.date_entree)


def type_etape(code="cdd_court") -> TypeEtape:
    return TypeEtape.objects.get(code=code)
