import datetime
from decimal import Decimal

import factory

from participants.enums import Nationalite, Sexe
from participants.models import (
    Commune,
    ContactPrescripteur,
    GroupePrescripteur,
    Participant,
    Prescripteur,
    Referent,
    ReferentEtp,
    StructurePorteuse,
)


def commune(nom="Dijon") -> Commune:
    return Commune.objects.get(nom=nom)


class StructurePorteuseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructurePorteuse

    nom = factory.Sequence(lambda n: f"Structure porteuse {n}")


class ReferentFactory(factory.django.DjangoModelFactory):
    """A référent in post with 1 ETP since 2000 unless told otherwise (``etp=``, ``depuis=``)."""

    class Meta:
        model = Referent
        skip_postgeneration_save = True

    prenom = "Dominique"
    nom = factory.Sequence(lambda n: f"Referent{n}")
    structure = factory.SubFactory(StructurePorteuseFactory)

    @factory.post_generation
    def etp(obj, create, extracted, **kwargs):
        if create:
            ReferentEtp.objects.create(
                referent=obj,
                date_debut=kwargs.get("depuis", datetime.date(2000, 1, 1)),
                etp=Decimal(str(extracted if extracted is not None else 1)),
            )


class PrescripteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescripteur

    nom = factory.Sequence(lambda n: f"Prescripteur {n}")
    groupe = factory.LazyFunction(lambda: GroupePrescripteur.objects.get(code="france_travail"))


class ContactPrescripteurFactory(factory.django.DjangoModelFactory):
    """A prescriber's contact record; ``avec_compte=True`` gives it its « prescripteur » account."""

    class Meta:
        model = ContactPrescripteur

    prescripteur = factory.SubFactory(PrescripteurFactory)
    prenom = "Claire"
    nom = factory.Sequence(lambda n: f"Conseillere{n}")
    email = factory.Sequence(lambda n: f"conseillere{n}@prescripteur.fr")
    bilan_mensuel = True  # subscribed (the product's default is not: the e-mail is chosen)

    class Params:
        avec_compte = factory.Trait(
            utilisateur=factory.SubFactory(
                "tests.plie.factories.UserFactory", role="prescripteur", email=factory.SelfAttribute("..email")
            )
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenom = "Alex"
    sexe = Sexe.FEMME
    date_naissance = datetime.date(1980, 5, 17)
    nationalite = Nationalite.FRANCE
    commune = factory.LazyFunction(commune)
