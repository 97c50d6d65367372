"""The employment-exit rule, enforced by the exit service, motif by motif (docs/indicateurs.md)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import services, sortie_emploi
from parcours.enums import IssueEtape, StatutCommission
from parcours.models import Etape, MotifSortie
from tests.parcours.factories import EntretienFactory, EtapeFactory, ParcoursFactory, type_etape
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def etape(parcours, code, debut, fin=None, heures=35, accepte=False):
    return EtapeFactory(
        parcours=parcours,
        type=type_etape(code),
        date_debut=debut,
        date_fin=fin,
        issue=IssueEtape.TERMINEE if fin else "",
        heures_hebdo=heures,
        temps_partiel_accepte=accepte,
    )


def sortir(parcours, date, motif):
    return services.sortie_enregistrer(
        parcours=parcours, date_sortie=date, motif=MotifSortie.objects.get(code=motif), par=None
    )


def refus(parcours, date, motif) -> str:
    with pytest.raises(ValidationError) as exc:
        sortir(parcours, date, motif)
    parcours.refresh_from_db()
    assert parcours.date_sortie is None  # nothing written
    return " ".join(exc.value.messages)


@pytest.fixture
def parcours():
    return ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1980, 5, 17))


@pytest.mark.parametrize("code", ["contrat_long", "contrat_pro_apprentissage"])
def test_emploi_durable_apres_six_mois_de_contrat_long(parcours, code):
    etape(parcours, code, D(2023, 3, 15))
    assert "ne peut pas précéder le 15/09/2023" in refus(parcours, D(2023, 9, 14), "emploi_durable")
    assert sortir(parcours, D(2023, 9, 15), "emploi_durable").date_sortie == D(2023, 9, 15)


def test_emploi_durable_refuse_si_le_contrat_n_a_pas_tenu_six_mois(parcours):
    etape(parcours, "contrat_long", D(2023, 3, 15), fin=D(2023, 9, 14))
    assert "Une sortie « Emploi durable » demande" in refus(parcours, D(2023, 10, 1), "emploi_durable")


def test_emploi_durable_par_183_jours_d_interim_sur_douze_mois(parcours):
    # Three missions of 61 days: the 183rd day is 31/05/2024.
    for debut, fin in [
        (D(2023, 9, 1), D(2023, 10, 31)),
        (D(2024, 1, 1), D(2024, 3, 1)),
        (D(2024, 4, 1), D(2024, 5, 31)),
    ]:
        etape(parcours, "interim", debut, fin)
    assert "ne peut pas précéder le 31/05/2024" in refus(parcours, D(2024, 5, 30), "emploi_durable")
    assert sortir(parcours, D(2024, 5, 31), "emploi_durable")


def test_interim_etale_sur_plus_de_douze_mois_ne_suffit_pas(parcours):
    for debut, fin in [
        (D(2023, 3, 1), D(2023, 4, 30)),
        (D(2024, 1, 1), D(2024, 3, 1)),
        (D(2024, 4, 1), D(2024, 5, 31)),
    ]:
        etape(parcours, "cdd_court", debut, fin)
    assert "183 jours" in refus(parcours, D(2024, 6, 15), "emploi_durable")


def test_emploi_durable_demande_17_h_30_par_semaine(parcours):
    etape(parcours, "contrat_long", D(2023, 3, 15), heures=17)
    assert "17 h 30 par semaine au moins" in refus(parcours, D(2023, 10, 1), "emploi_durable")
    Etape.objects.update(heures_hebdo=17.5)
    assert sortir(parcours, D(2023, 10, 1), "emploi_durable")


def test_heures_non_renseignees_bloquent_et_le_message_le_dit(parcours):
    etape(parcours, "contrat_long", D(2023, 3, 15), heures=None)
    message = refus(parcours, D(2023, 10, 1), "emploi_durable")
    assert "Les heures par semaine ne sont pas renseignées pour : Contrat long" in message


def test_creation_d_activite_six_mois_apres_son_debut(parcours):
    etape(parcours, "creation_activite", D(2023, 2, 1), heures=None)
    assert "ne peut pas précéder le 01/08/2023" in refus(parcours, D(2023, 7, 31), "creation_activite")
    assert sortir(parcours, D(2023, 8, 1), "creation_activite")


def test_emploi_aide_par_contrat_aide_tenu_six_mois(parcours):
    etape(parcours, "contrat_aide", D(2023, 2, 1), heures=20)
    assert "ne peut pas précéder le 01/08/2023" in refus(parcours, D(2023, 7, 1), "emploi_aide")
    assert sortir(parcours, D(2023, 8, 1), "emploi_aide")


@pytest.mark.parametrize("code", ["cddi", "chantier_insertion"])
def test_cddi_et_chantier_d_insertion_ne_sont_pas_un_emploi_aide(parcours, code):
    etape(parcours, code, D(2023, 2, 1), heures=26)
    assert "Une sortie « Emploi aidé » demande" in refus(parcours, D(2023, 9, 1), "emploi_aide")


def test_emploi_aide_par_temps_partiel_accepte(parcours):
    etape(parcours, "contrat_long", D(2023, 2, 1), heures=12)
    assert "Une sortie « Emploi aidé » demande" in refus(parcours, D(2023, 9, 1), "emploi_aide")
    Etape.objects.update(temps_partiel_accepte=True)
    assert sortir(parcours, D(2023, 9, 1), "emploi_aide")


def test_exception_des_55_ans_une_fois_validee_par_la_commission():
    senior = ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1960, 3, 1))
    chantier = etape(senior, "chantier_insertion", D(2023, 2, 1), heures=26)
    assert "une fois la dérogation validée par la commission" in refus(senior, D(2023, 9, 1), "emploi_aide")
    referent, animation = UserFactory(), UserFactory(role="animation")
    with pytest.raises(ValidationError, match="Expliquez à la commission"):
        services.derogation_senior_demander(parcours=senior, etape=chantier, justification=" ", par=referent)
    services.derogation_senior_demander(parcours=senior, etape=chantier, justification="63 ans, ACI.", par=referent)
    # Asked but not validated: still refused.
    assert "dérogation" in refus(senior, D(2023, 9, 1), "emploi_aide")
    with pytest.raises(ValidationError, match="Indiquez pourquoi"):
        services.commission_decider(parcours=senior, objet="derogation", valider=True, par=animation)
    services.commission_decider(
        parcours=senior, objet="derogation", valider=True, par=animation, commentaire="Âge et parcours."
    )
    derogation = senior.derogation_senior
    derogation.refresh_from_db()
    assert (derogation.commission, derogation.decidee_par, derogation.commentaire_commission) == (
        StatutCommission.VALIDEE,
        animation,
        "Âge et parcours.",
    )
    assert sortir(senior, D(2023, 9, 1), "emploi_aide").motif_sortie.code == "emploi_aide"


def test_exception_des_55_ans_refusee_avant_55_ans():
    jeune = ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1975, 3, 1))
    chantier = etape(jeune, "cddi", D(2023, 2, 1), heures=26)
    with pytest.raises(ValidationError, match="55 ans et plus"):
        services.derogation_senior_demander(parcours=jeune, etape=chantier, justification="Pourquoi pas", par=None)


def test_aucune_activite_apres_la_date_de_sortie(parcours):
    EntretienFactory(parcours=parcours, date=D(2023, 5, 10), type="individuel", mode="telephone", duree_minutes=20)
    etape(parcours, "remobilisation", D(2023, 5, 2), heures=None)
    message = refus(parcours, D(2023, 5, 1), "a_sa_demande")
    assert "commencent après cette date de sortie : étape du 02/05/2023, entretien du 10/05/2023" in message
    assert sortir(parcours, D(2023, 5, 10), "a_sa_demande")


def test_un_motif_sans_regle_d_emploi_passe(parcours):
    assert sortir(parcours, D(2023, 3, 1), "formation_qualifiante")


def test_le_dossier_et_le_service_lisent_la_meme_regle(parcours):
    etape(parcours, "contrat_long", D(2023, 3, 15))
    justification = services.sortie_justification(parcours, au=D(2023, 10, 1))
    assert (justification.motif, justification.date) == ("emploi_durable", D(2023, 9, 15))
    assert (
        sortie_emploi.refus("emploi_durable", services.sorties.etapes_emploi(parcours), date_sortie=D(2023, 9, 15))
        is None
    )


def test_la_commission_voit_les_etapes_qui_justifient_chaque_sortie_emploi(client):
    client.force_login(UserFactory(role="animation"))

    def sorties_emploi(n):
        for i in range(n):
            un = ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1980, 5, 17))
            etape(un, "contrat_long" if i % 2 else "creation_activite", D(2023, 3, 1 + i))
            sortir(un, D(2023, 10, 1), "emploi_durable" if i % 2 else "creation_activite")

    def lire():
        with CaptureQueriesContext(connection) as requetes:
            page = client.get(reverse("commission")).content.decode()
        return page, len(requetes)

    sortir(ParcoursFactory(date_entree=D(2023, 1, 2)), D(2023, 4, 1), "sante")
    sorties_emploi(2)
    _, requetes = lire()
    sorties_emploi(4)
    page, plus = lire()
    assert plus == requetes  # the justifications of a page: the same queries, whatever its length
    assert page.count("Justifiée par : Contrat long (CDI / CDD 6 mois et plus) du 0") == 3
    assert page.count("Justifiée par : Création ou reprise d&#x27;activité du 0") == 3
    assert "Justifiée par : Contrat long (CDI / CDD 6 mois et plus) du 02/03/2023 en cours, 35 h par semaine" in page
    assert page.count("Justifiée par") == 6  # not the health exit
