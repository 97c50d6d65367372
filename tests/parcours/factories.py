import datetime

import factory

from parcours.enums import SituationEmploi, StatutCommission, StatutPrescription
from parcours.models import (
    AffectationReferent,
    AideIndividuelle,
    Entretien,
    Etape,
    MotifSortie,
    Parcours,
    Prescription,
    TypeEtape,
    Veille,
)
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
    date_sortie = None
    motif_sortie = None
    # An exit goes before the commission (the constraint ties the status to the exit).
    sortie_commission = factory.LazyAttribute(lambda p: StatutCommission.A_VALIDER if p.date_sortie else "")

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


class _ElementFactory(factory.django.DjangoModelFactory):
    """An element of a parcours, dated inside it by default (written as is: the tests of a rule call the service)."""

    parcours = factory.SubFactory(ParcoursFactory)


class EtapeFactory(_ElementFactory):
    class Meta:
        model = Etape

    type = factory.LazyFunction(type_etape)
    date_debut = factory.LazyAttribute(lambda e: e.parcours.date_entree + datetime.timedelta(days=7))


class EntretienFactory(_ElementFactory):
    class Meta:
        model = Entretien

    date = factory.LazyAttribute(lambda e: e.parcours.date_entree + datetime.timedelta(days=7))
    type = "individuel"
    mode = "presentiel"
    duree_minutes = 45


class VeilleFactory(_ElementFactory):
    class Meta:
        model = Veille

    date_debut = factory.LazyAttribute(lambda v: v.parcours.date_entree + datetime.timedelta(days=30))
    date_fin_prevue = factory.LazyAttribute(lambda v: v.date_debut + datetime.timedelta(days=59))
    motif = "Santé"


class AideFactory(_ElementFactory):
    class Meta:
        model = AideIndividuelle

    date = factory.LazyAttribute(lambda a: a.parcours.date_entree + datetime.timedelta(days=7))
    nature = "repas"
    objet = "emploi"
    montant = 10
