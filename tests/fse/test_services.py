"""The FSE+ services: who may write what, the French messages of a refusal, and nothing written when refused."""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fse import services
from fse.models import DonneesEntree, DonneesSortie, ExportFse, Participation
from fse.participations import synchroniser
from parcours.anonymisation import anonymiser_participants
from plie.enums import Role
from tests.fse.histoires import J, portage, sans_fse
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import parcours

pytestmark = pytest.mark.django_db

ENTREE = {"genre": "non_binaire", "sans_domicile": "refus", "origine_etrangere": "oui", "minorite": "non"}


@pytest.fixture
def monde_fse():
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    operation = portage(referent.structure, 2017)
    en_cours = parcours(referent, J(2017, 3, 1))
    sorti = parcours(referent, J(2017, 2, 1), sortie=J(2017, 6, 30))
    synchroniser(aujourd_hui=J(2017, 9, 1))
    return {
        "referent": referent.utilisateur,
        "autre": ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)).utilisateur,
        "animation": UserFactory(role=Role.ANIMATION),
        "financeur": UserFactory(role=Role.FINANCEUR),
        "porteur": UserFactory(role=Role.PORTEUR),
        "operation": operation,
        "en_cours": Participation.objects.get(parcours=en_cours),
        "sortie": Participation.objects.get(parcours=sorti),
    }


@pytest.mark.parametrize(
    "role, permis",
    [("referent", True), ("animation", True), ("autre", False), ("financeur", False), ("porteur", False)],
)
def test_qui_renseigne_les_donnees_d_entree(monde_fse, role, permis):
    if permis:
        donnees = services.donnees_entree_enregistrer(
            participation=monde_fse["en_cours"], par=monde_fse[role], **ENTREE
        )
        assert (donnees.genre, donnees.sans_domicile, donnees.renseigne_par) == (
            "non_binaire",
            "refus",
            monde_fse[role],
        )
    else:
        with pytest.raises(PermissionDenied):
            services.donnees_entree_enregistrer(participation=monde_fse["en_cours"], par=monde_fse[role], **ENTREE)
        assert not DonneesEntree.objects.exists()


@pytest.mark.parametrize(
    "champ, valeur, message",
    [
        ("genre", "", "Choisissez le genre."),
        ("sans_domicile", "", "Choisissez une réponse (« Ne souhaite pas répondre » est possible)."),
        ("minorite", "peut-etre", "Choisissez une réponse (« Ne souhaite pas répondre » est possible)."),
    ],
)
def test_une_reponse_manquante_est_refusee_en_francais(monde_fse, champ, valeur, message):
    with pytest.raises(ValidationError) as erreur:
        services.donnees_entree_enregistrer(
            participation=monde_fse["en_cours"], par=monde_fse["referent"], **{**ENTREE, champ: valeur}
        )
    assert erreur.value.message_dict == {champ: [message]}
    assert not DonneesEntree.objects.exists()


def test_une_reponse_se_corrige_sans_doublon(monde_fse):
    services.donnees_entree_enregistrer(participation=monde_fse["en_cours"], par=monde_fse["referent"], **ENTREE)
    services.donnees_entree_enregistrer(
        participation=monde_fse["en_cours"], par=monde_fse["animation"], **{**ENTREE, "sans_domicile": "oui"}
    )
    assert list(DonneesEntree.objects.values_list("sans_domicile", flat=True)) == ["oui"]


def test_une_personne_anonymisee_ne_se_renseigne_plus(monde_fse):
    anonymiser_participants([monde_fse["sortie"].parcours.participant_id])
    with pytest.raises(ValidationError, match="anonymisée"):
        services.donnees_entree_enregistrer(participation=monde_fse["sortie"], par=monde_fse["animation"], **ENTREE)


def _sortie(monde_fse, **champs):
    donnees = {
        "date_situation": J(2017, 7, 10),
        "recherche_emploi": False,
        "formation": True,
        "qualification": False,
        "emploi": False,
        "telephone": "",
        "email": "",
    } | champs
    return services.donnees_sortie_enregistrer(participation=monde_fse["sortie"], par=monde_fse["referent"], **donnees)


def test_la_sortie_exige_un_contact_pour_l_enquete_a_six_mois(monde_fse):
    participant = monde_fse["sortie"].parcours.participant
    with pytest.raises(ValidationError) as erreur:
        _sortie(monde_fse)
    assert erreur.value.message_dict == {
        "telephone": ["Indiquez un téléphone ou une adresse électronique : l'enquête à six mois en a besoin."]
    }
    assert not DonneesSortie.objects.exists()
    _sortie(monde_fse, telephone="03 80 00 00 00")
    participant.refresh_from_db()
    assert participant.telephone == "03 80 00 00 00"
    assert DonneesSortie.objects.get().formation is True


@pytest.mark.parametrize(
    "le, correct",
    [(J(2017, 6, 29), False), (J(2017, 6, 30), True), (J(2017, 7, 28), True), (J(2017, 7, 29), False)],
)
def test_la_situation_de_sortie_se_constate_dans_les_quatre_semaines(monde_fse, le, correct):
    if correct:
        assert _sortie(monde_fse, date_situation=le, email="a@exemple.fr").date_situation == le
        return
    with pytest.raises(ValidationError) as erreur:
        _sortie(monde_fse, date_situation=le, email="a@exemple.fr")
    assert erreur.value.message_dict["date_situation"] == [
        "La situation se constate entre la sortie (30/06/2017) et quatre semaines après (28/07/2017)."
    ]
    monde_fse["sortie"].parcours.participant.refresh_from_db()
    assert monde_fse["sortie"].parcours.participant.email != "a@exemple.fr"  # the contact is not half-written


def test_pas_de_donnees_de_sortie_avant_la_sortie(monde_fse):
    with pytest.raises(ValidationError, match="encore dans l'opération"):
        services.donnees_sortie_enregistrer(
            participation=monde_fse["en_cours"],
            par=monde_fse["referent"],
            date_situation=J(2017, 7, 1),
            recherche_emploi=True,
            formation=False,
            qualification=False,
            emploi=False,
            telephone="0380000000",
            email="",
        )


@pytest.mark.parametrize("role", ["referent", "autre", "financeur", "porteur"])
def test_seule_l_animation_corrige_supprime_et_exporte(monde_fse, role):
    with pytest.raises(PermissionDenied):
        services.participation_corriger(participation=monde_fse["en_cours"], par=monde_fse[role], motif="Erreur")
    with pytest.raises(PermissionDenied):
        services.participation_supprimer(participation=monde_fse["en_cours"], par=monde_fse[role])
    with pytest.raises(PermissionDenied):
        services.export_demander(
            operation=monde_fse["operation"],
            debut=J(2017, 1, 1),
            fin=J(2017, 12, 31),
            format="xlsx",
            par=monde_fse[role],
        )
    assert not Participation.objects.filter(motif_correction="Erreur").exists()
    assert not ExportFse.objects.exists()


def test_une_correction_tient_a_la_resynchronisation_et_se_justifie(monde_fse):
    participation = monde_fse["en_cours"]
    with pytest.raises(ValidationError) as erreur:
        services.participation_corriger(participation=participation, par=monde_fse["animation"], motif=" ")
    assert erreur.value.message_dict == {"motif": ["Indiquez pourquoi cette participation est corrigée."]}
    with pytest.raises(ValidationError) as erreur:
        services.participation_corriger(
            participation=participation, par=monde_fse["animation"], motif="Erreur", entree=J(2018, 1, 5)
        )
    assert erreur.value.message_dict == {
        "entree": ["La date doit être dans la période de l'opération (01/01/2017 – 31/12/2017)."]
    }
    with pytest.raises(ValidationError, match="dans le parcours"):
        services.participation_corriger(
            participation=participation, par=monde_fse["animation"], motif="Erreur", entree=J(2017, 2, 1)
        )
    services.participation_corriger(
        participation=participation, par=monde_fse["animation"], motif="Arrivée réelle", entree=J(2017, 3, 15)
    )
    synchroniser(aujourd_hui=J(2017, 9, 1))
    participation.refresh_from_db()
    assert (participation.date_entree, participation.entree_calculee) == (J(2017, 3, 15), J(2017, 3, 1))
    with pytest.raises(ValidationError, match="ne se supprime pas"):
        services.participation_supprimer(participation=participation, par=monde_fse["animation"])


def test_un_export_demande_une_operation_fse_et_une_periode_ordonnee(monde_fse):
    animation = monde_fse["animation"]
    with pytest.raises(ValidationError) as erreur:
        services.export_demander(
            operation=sans_fse(), debut=J(2017, 1, 1), fin=J(2017, 12, 31), format="xlsx", par=animation
        )
    assert erreur.value.message_dict == {"operation": ["Cette opération n'est pas financée par le FSE."]}
    with pytest.raises(ValidationError) as erreur:
        services.export_demander(
            operation=monde_fse["operation"], debut=J(2017, 2, 1), fin=J(2017, 1, 31), format="pdf", par=animation
        )
    assert erreur.value.message_dict == {
        "fin": ["La fin de la période ne peut pas précéder son début."],
        "format": ["Format inconnu."],
    }
    assert not ExportFse.objects.exists()


def test_les_exports_anciens_sont_purges(monde_fse, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_demander(
            operation=monde_fse["operation"],
            debut=J(2017, 1, 1),
            fin=J(2017, 12, 31),
            format="csv",
            par=monde_fse["animation"],
        )
    export.refresh_from_db()
    fichier = export.fichier.path
    plus_tard = export.cree_le + datetime.timedelta(days=settings.FSE_EXPORT_RETENTION_JOURS + 1)
    assert services.exports_purger(maintenant=export.cree_le) == 0
    assert services.exports_purger(maintenant=plus_tard) == 1
    assert not ExportFse.objects.exists()
    assert not os.path.exists(fichier)
