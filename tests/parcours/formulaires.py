"""What the entry form posts, for the tests that enter a person through the screens."""

from django.utils import timezone

from parcours.models import CritereEligibilite
from participants.models import Commune

AUJOURDHUI = timezone.localdate()


def donnees_entree(**autres):
    dijon = Commune.objects.get(nom="Dijon").pk
    return {
        "entree-date_entree": AUJOURDHUI.isoformat(),
        "entree-niveau_formation": "niveau_3",
        "entree-situation_emploi": "demandeur_emploi",
        "entree-autorise_travailler": "on",
        "entree-rsa": "on",
        "entree-criteres": [CritereEligibilite.objects.get(code="minima_sociaux").pk],
        "entree-criteres_verifies": "on",
        "entree-date_contrat_engagement": AUJOURDHUI.isoformat(),
        "entree-date_information_rgpd": AUJOURDHUI.isoformat(),
        "entree-date_information_fse": AUJOURDHUI.isoformat(),
        "personne-nom": "Nouvelle",
        "personne-prenom": "Personne",
        "personne-sexe": "f",
        "personne-date_naissance": "1985-04-12",
        "personne-nationalite": "france",
        "personne-commune": dijon,
        **autres,
    }
