import factory

from plie.enums import Role
from plie.models import User

MOT_DE_PASSE = "Mot-de-passe-de-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@test.plie.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Utilisateur{n}")
    role = Role.ANIMATION
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def enregistrer(obj, create, extracted, **kwargs):
        if create:
            obj.save()
