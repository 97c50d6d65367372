"""The completeness board's rules: entry data due within four weeks of the entry, exit data (and a contact for the
six-month survey) within four weeks of the exit; counts per operation and per référent (docs/fse.md)."""

import pytest

from fse.completude import bilan, bilan_enregistre, du_tableau, enregistrer_comptes, suivis
from fse.enums import EtatDonnees
from fse.models import DonneesEntree, DonneesSortie, Participation
from fse.participations import operations_fse, synchroniser
from participants.models import Participant
from tests.fse.histoires import J, portage
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import parcours

pytestmark = pytest.mark.django_db


def suivi_de(un_parcours, le):
    (suivi,) = suivis(Participation.objects.filter(parcours=un_parcours), aujourd_hui=le)
    return suivi


@pytest.fixture
def referent():
    referent = ReferentFactory()
    portage(referent.structure, 2017)
    return referent


@pytest.mark.parametrize("entree", [J(2017, 3, 1), J(2017, 3, 31), J(2017, 2, 28)])
def test_les_donnees_d_entree_sont_attendues_quatre_semaines(referent, entree):
    """The first day of a month, the last day of one, February's last day: 28 days later still in time."""
    un_parcours = parcours(referent, entree)
    synchroniser(aujourd_hui=J(2017, 9, 1))
    dernier_jour = J.fromordinal(entree.toordinal() + 28)
    assert suivi_de(un_parcours, dernier_jour).entree == EtatDonnees.A_COMPLETER
    lendemain = J.fromordinal(dernier_jour.toordinal() + 1)
    assert suivi_de(un_parcours, lendemain).entree == EtatDonnees.EN_RETARD
    DonneesEntree.objects.create(
        participation=Participation.objects.get(parcours=un_parcours),
        genre="femme",
        sans_domicile="non",
        origine_etrangere="refus",
        minorite="non",
    )
    assert suivi_de(un_parcours, lendemain).entree == EtatDonnees.COMPLETES


def test_la_sortie_attend_ses_donnees_et_un_contact_pour_l_enquete(referent):
    un_parcours = parcours(referent, J(2017, 3, 1), sortie=J(2017, 6, 30))
    Participant.objects.filter(pk=un_parcours.participant_id).update(telephone="", email="")
    synchroniser(aujourd_hui=J(2017, 9, 1))
    suivi = suivi_de(un_parcours, J(2017, 7, 28))
    assert (suivi.sortie, suivi.contact_manquant) == (EtatDonnees.A_COMPLETER, True)
    assert suivi_de(un_parcours, J(2017, 7, 29)).sortie == EtatDonnees.EN_RETARD
    DonneesSortie.objects.create(
        participation=Participation.objects.get(parcours=un_parcours), date_situation=J(2017, 7, 3), emploi=True
    )
    assert suivi_de(un_parcours, J(2017, 7, 29)).sortie == EtatDonnees.EN_RETARD  # still no contact
    Participant.objects.filter(pk=un_parcours.participant_id).update(email="personne@exemple.fr")
    suivi = suivi_de(un_parcours, J(2017, 7, 29))
    assert (suivi.sortie, suivi.contact_manquant) == (EtatDonnees.COMPLETES, False)


def test_une_participation_en_cours_n_attend_pas_de_sortie(referent):
    un_parcours = parcours(referent, J(2017, 3, 1))
    synchroniser(aujourd_hui=J(2017, 9, 1))
    suivi = suivi_de(un_parcours, J(2017, 9, 1))
    assert (suivi.sortie, suivi.contact_manquant) == (EtatDonnees.SANS_OBJET, False)


@pytest.fixture
def deux_structures(referent):
    """Two référents of one structure and one of another, each structure with its 2017 portage operation;
    participations synchronised on 1 September 2017."""
    autre = ReferentFactory(structure=referent.structure)
    ailleurs = ReferentFactory()
    portage(ailleurs.structure, 2017)
    parcours(referent, J(2017, 3, 1))
    parcours(referent, J(2017, 8, 20))
    parcours(autre, J(2017, 2, 1), sortie=J(2017, 5, 31))
    parcours(ailleurs, J(2017, 4, 1))
    synchroniser(aujourd_hui=J(2017, 9, 1))
    return autre, ailleurs


def test_le_bilan_compte_par_operation_et_par_referent(referent, deux_structures):
    autre, ailleurs = deux_structures
    par_referent = {c.cle: c for c in bilan(Participation.objects.all(), par="referent")}
    assert (par_referent[referent.pk].participations, par_referent[referent.pk].entree_en_retard) == (2, 1)
    assert par_referent[referent.pk].entree_a_completer == 1
    assert (par_referent[autre.pk].sortie_en_retard, par_referent[ailleurs.pk].participations) == (1, 1)
    par_operation = bilan(Participation.objects.all(), par="operation")
    assert sorted(c.participations for c in par_operation) == [1, 3]
    assert bilan(Participation.objects.none(), par="operation") == []


def test_les_comptes_enregistres_sont_ceux_du_bilan_pour_chaque_filtre(referent, deux_structures):
    autre, ailleurs = deux_structures
    operations = list(operations_fse().filter(annee=2017))
    assert enregistrer_comptes(2017, operations) == 3  # (operation, référent) pairs
    assert enregistrer_comptes(2016, []) == 0
    tout = du_tableau(Participation.objects.all(), operations)
    for operation in [None, *operations]:
        for un in (None, referent, autre, ailleurs):
            filtre = tout
            if operation is not None:
                filtre = filtre.filter(operation=operation)
            if un is not None:
                filtre = filtre.filter(parcours__referent=un)
            for par in ("operation", "referent"):
                assert bilan_enregistre(2017, par=par, operation=operation, referent=un) == bilan(filtre, par=par)
    assert bilan_enregistre(2016, par="operation") == []


def test_les_controles_de_coherence_sont_stockes_a_la_synchronisation_et_filtrent_le_tableau(referent):
    """The board counts and filters on the stored result of the checks; a synchronisation after the record
    changed brings it up to date, and the rows a page shows carry the same checks' messages."""
    from fse.completude import FILTRES

    sain = parcours(referent, J(2017, 3, 1))
    douteux = parcours(referent, J(2017, 4, 1))
    le = J(2017, 9, 1)
    synchroniser(aujourd_hui=le)
    assert not Participation.objects.filter(FILTRES["incoherentes"]).exists()
    Participant.objects.filter(pk=douteux.participant_id).update(date_naissance=None)
    Participation.objects.filter(parcours=douteux).update(age_entree=None)
    assert not Participation.objects.filter(FILTRES["incoherentes"]).exists()  # until the next synchronisation
    synchroniser(aujourd_hui=le)
    incoherentes = Participation.objects.filter(FILTRES["incoherentes"])
    assert list(incoherentes.values_list("parcours", flat=True)) == [douteux.pk]
    assert suivi_de(douteux, le).incoherences == ["Âge à l'entrée inconnu : la date de naissance manque."]
    assert suivi_de(sain, le).incoherences == []
    (compte,) = bilan(Participation.objects.all(), par="operation")
    assert compte.incoherentes == 1
    assert Participation.objects.filter(FILTRES["a_revoir"]).count() == 2  # no entry data for either


@pytest.mark.parametrize("jour", [J(2017, 3, 29), J(2017, 3, 30), J(2017, 5, 31), J(2017, 6, 1), J(2017, 12, 31)])
def test_les_etats_stockes_sont_ceux_du_jour_de_l_evaluation(referent, jour):
    """The states the board counts are those the rows show, as of the day of the synchronisation: the first
    day and the last of a month, the 28th day after an entry and the day after."""
    from fse.completude import evaluer

    parcours(referent, J(2017, 3, 1))
    parcours(referent, J(2017, 3, 2), sortie=J(2017, 5, 3))
    parcours(referent, J(2017, 5, 31), sortie=J(2017, 6, 1))
    synchroniser(aujourd_hui=J(2017, 12, 31))
    evaluer(Participation.objects.all(), aujourd_hui=jour)
    for participation in Participation.objects.all():
        suivi = suivi_de(participation.parcours, jour)
        assert (participation.etat_entree, participation.etat_sortie, participation.contact_manquant) == (
            suivi.entree,
            suivi.sortie,
            suivi.contact_manquant,
        )
        assert participation.evaluee_le == jour


def test_les_services_mettent_a_jour_l_etat_stocke_de_la_participation(referent):
    from fse import services
    from plie.enums import Role
    from tests.plie.factories import UserFactory

    un_parcours = parcours(referent, J(2017, 3, 1))
    synchroniser(aujourd_hui=J(2017, 9, 1))
    participation = Participation.objects.get(parcours=un_parcours)
    assert participation.etat_entree == EtatDonnees.EN_RETARD
    services.donnees_entree_enregistrer(
        participation=participation,
        par=UserFactory(role=Role.ANIMATION),
        genre="femme",
        sans_domicile="non",
        origine_etrangere="non",
        minorite="refus",
    )
    participation.refresh_from_db()
    assert participation.etat_entree == EtatDonnees.COMPLETES
