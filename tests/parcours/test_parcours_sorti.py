"""A parcours that has exited is changed only by the structure d'animation, whoever asks: a référent's screen, the
import of the old tool's data, or a command run without a user (parcours/droits.py, read by the services)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from parcours import droits, services
from parcours.diagnostic import diagnostic_enregistrer
from parcours.models import Entretien, Etape, Parcours
from plie.models import Role
from reprise import modele
from reprise.lecture import lire
from reprise.models import Correspondance, GenreCorrespondance
from reprise.moteur import A_CREER, EN_ERREUR, Moteur
from tests.parcours.factories import EtapeFactory, ParcoursFactory, type_etape
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reprise.classeur import classeur, entetes, ligne

pytestmark = pytest.mark.django_db

D = datetime.date
SORTI = "seule la structure d'animation le modifie"


def _sorti() -> Parcours:
    return ParcoursFactory(sorti=True)  # 10/01/2017 → 30/06/2017


def _acteurs():
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    return {"une commande": None, "un référent": referent.utilisateur, "l'animation": UserFactory(role=Role.ANIMATION)}


ECRITURES = {
    "étape": lambda p, par: services.element_enregistrer(
        element=Etape(parcours=p, type=type_etape(), date_debut=D(2017, 2, 1)), par=par
    ),
    "entretien": lambda p, par: services.element_enregistrer(
        element=Entretien(parcours=p, date=D(2017, 3, 1), type="individuel", mode="presentiel", duree_minutes=30),
        par=par,
    ),
    "suppression": lambda p, par: services.element_supprimer(element=p.etapes.get(), par=par),
    "entrée corrigée": lambda p, par: services.entree_corriger(
        parcours=p, date_entree=p.date_entree, par=par, rsa=not p.rsa
    ),
    "diagnostic": lambda p, par: diagnostic_enregistrer(
        parcours=p, date=D(2017, 1, 20), commentaire="", freins={}, clea={}, par=par
    ),
    "transfert": lambda p, par: services.parcours_transferer(
        parcours=p, referent=ReferentFactory(), date=D(2017, 3, 1), par=par
    ),
}


@pytest.mark.parametrize("ecriture", sorted(ECRITURES))
@pytest.mark.parametrize("acteur", ["une commande", "un référent", "l'animation"])
def test_un_parcours_sorti_ne_change_que_par_l_animation(ecriture, acteur):
    parcours = _sorti()
    EtapeFactory(parcours=parcours, date_debut=D(2017, 2, 1))  # written before the exit
    par = _acteurs()[acteur]
    avant = (Etape.objects.count(), Entretien.objects.count(), parcours.affectations.count())
    if acteur == "l'animation":
        ECRITURES[ecriture](parcours, par)
        assert droits.peut_modifier(par, parcours)
    else:
        # A référent may not transfer at all: that refusal comes first, with its own reason.
        raison = "transfère un parcours" if (ecriture, acteur) == ("transfert", "un référent") else SORTI
        with pytest.raises(PermissionDenied, match=raison):
            ECRITURES[ecriture](parcours, par)
        assert not droits.peut_modifier(par, parcours)
        assert (Etape.objects.count(), Entretien.objects.count(), parcours.affectations.count()) == avant


def test_un_parcours_en_cours_change_par_son_referent_et_par_une_commande():
    parcours = ParcoursFactory()
    for par in (None, parcours.referent.utilisateur):
        services.element_enregistrer(
            element=Etape(parcours=parcours, type=type_etape(), date_debut=D(2017, 2, 1)), par=par
        )
    assert parcours.etapes.count() == 2


def _import_d_une_etape(par):
    parcours = _sorti()
    Correspondance.objects.create(genre=GenreCorrespondance.PARCOURS, identifiant="P1", objet_id=parcours.pk)
    ET = modele.ETAPES
    contenu = classeur(
        {
            ET.nom: [
                entetes(ET),
                ligne(ET, identifiant="E1", parcours="P1", type=type_etape().libelle, date_debut="01/02/2017"),
            ]
        }
    )
    moteur = Moteur(lire([("ancien.xlsx", contenu)]), par=par, source="ancien.xlsx")
    moteur.executer(enregistrer=True)
    return parcours, moteur.resultats[0]


@pytest.mark.parametrize("acteur", ["une commande", "un référent"])
def test_l_import_n_ajoute_pas_d_etape_a_un_parcours_sorti_sans_l_animation(acteur):
    parcours, resultat = _import_d_une_etape(_acteurs()[acteur])
    assert resultat.statut == EN_ERREUR
    assert any(SORTI in message for _, message in resultat.erreurs), resultat.erreurs
    assert not parcours.etapes.exists()


def test_l_import_au_nom_de_l_animation_complete_un_parcours_sorti():
    parcours, resultat = _import_d_une_etape(UserFactory(role=Role.ANIMATION))
    assert resultat.statut == A_CREER, resultat.erreurs
    assert parcours.etapes.count() == 1
