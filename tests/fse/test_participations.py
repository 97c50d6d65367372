"""Participations derived from the record (docs/fse.md, « Participations »): one per person and FSE operation,
from the first day in it to the last; the portage operation of each year and the étapes attached to an FSE
operation; the structure d'animation's corrections and the answers survive every resynchronisation."""

import pytest

from fse.models import DonneesEntree, Participation
from fse.participations import synchroniser
from parcours.anonymisation import anonymiser_participants
from parcours.enums import StatutCommission
from parcours.models import Etape, MotifSortie
from participants.models import Participant
from tests.fse.histoires import J, action, etape_dans, portage, sans_fse
from tests.participants.factories import ReferentFactory
from tests.reporting.histoires import parcours, transferer

pytestmark = pytest.mark.django_db


def dates(operation=None, **filtres):
    qs = Participation.objects.filter(**filtres)
    if operation is not None:
        qs = qs.filter(operation=operation)
    return sorted((p.operation.intitule, p.date_entree, p.date_sortie) for p in qs.select_related("operation"))


def sortir(un_parcours, le):
    un_parcours.date_sortie, un_parcours.motif_sortie = le, MotifSortie.objects.get(code="emploi_durable")
    un_parcours.sortie_commission = StatutCommission.A_VALIDER
    un_parcours.save(update_fields=["date_sortie", "motif_sortie", "sortie_commission"])


def test_un_parcours_sur_trois_operations_annuelles_a_trois_participations(referent):
    annees = [portage(referent.structure, annee) for annee in (2017, 2018, 2019)]
    parcours(referent, J(2017, 3, 1), sortie=J(2019, 4, 30))
    synchroniser()
    assert dates() == [
        (annees[0].intitule, J(2017, 3, 1), J(2017, 12, 31)),
        (annees[1].intitule, J(2018, 1, 1), J(2018, 12, 31)),
        (annees[2].intitule, J(2019, 1, 1), J(2019, 4, 30)),
    ]


def test_une_participation_reste_ouverte_tant_que_la_personne_est_dans_l_operation(referent):
    operation = portage(referent.structure, 2017)
    parcours(referent, J(2017, 3, 1))
    synchroniser(aujourd_hui=J(2017, 9, 15))
    assert dates(operation) == [(operation.intitule, J(2017, 3, 1), None)]
    synchroniser(aujourd_hui=J(2018, 1, 1))
    assert dates(operation) == [(operation.intitule, J(2017, 3, 1), J(2017, 12, 31))]


def test_pas_de_participation_avant_l_entree_ni_apres_aujourd_hui(referent):
    portage(referent.structure, 2017)
    parcours(referent, J(2017, 3, 1))
    synchroniser(aujourd_hui=J(2017, 2, 28))
    assert dates() == []
    synchroniser(aujourd_hui=J(2017, 3, 1))
    assert len(dates()) == 1


def test_partir_et_revenir_dans_l_operation_donne_une_seule_participation(referent):
    atelier = action()
    un_parcours = parcours(referent, J(2017, 1, 10), sortie=J(2017, 11, 30))
    etape_dans(atelier, un_parcours, J(2017, 2, 1), J(2017, 2, 28))
    etape_dans(atelier, un_parcours, J(2017, 5, 2), J(2017, 5, 31))
    synchroniser()
    assert dates(atelier) == [(atelier.intitule, J(2017, 2, 1), J(2017, 5, 31))]


def test_une_etape_sans_fin_court_jusqu_a_la_sortie_du_parcours(referent):
    atelier = action()
    un_parcours = parcours(referent, J(2017, 1, 10), sortie=J(2017, 8, 31))
    etape_dans(atelier, un_parcours, J(2017, 6, 1))
    synchroniser()
    assert dates(atelier) == [(atelier.intitule, J(2017, 6, 1), J(2017, 8, 31))]


def test_une_action_bornee_par_ses_dates(referent):
    atelier = action(debut=J(2017, 4, 1), fin=J(2017, 6, 30))
    un_parcours = parcours(referent, J(2017, 1, 10), sortie=J(2017, 11, 30))
    etape_dans(atelier, un_parcours, J(2017, 3, 1), J(2017, 9, 30))
    synchroniser()
    assert dates(atelier) == [(atelier.intitule, J(2017, 4, 1), J(2017, 6, 30))]


def test_ni_operation_sans_fse_ni_portage_d_une_autre_structure(referent):
    hors_fse = sans_fse()
    a_zero = sans_fse("Financement FSE nul", fse="0")
    portage(ReferentFactory().structure, 2017)
    un_parcours = parcours(referent, J(2017, 1, 10))
    etape_dans(hors_fse, un_parcours, J(2017, 2, 1), J(2017, 2, 28))
    etape_dans(a_zero, un_parcours, J(2017, 3, 1), J(2017, 3, 31))
    synchroniser()
    assert dates() == []


def test_un_transfert_entre_structures_partage_l_annee(referent):
    ici = portage(referent.structure, 2017)
    ailleurs_referent = ReferentFactory()
    ailleurs = portage(ailleurs_referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 1, 10), sortie=J(2017, 10, 31))
    transferer(un_parcours, ailleurs_referent, J(2017, 6, 1))
    synchroniser()
    assert dates() == [
        (ici.intitule, J(2017, 1, 10), J(2017, 5, 31)),
        (ailleurs.intitule, J(2017, 6, 1), J(2017, 10, 31)),
    ]


def test_deux_parcours_de_la_meme_personne_font_deux_participations(referent):
    operation = portage(referent.structure, 2017)
    premier = parcours(referent, J(2017, 1, 10), sortie=J(2017, 3, 31))
    second = parcours(referent, J(2017, 9, 1), sortie=J(2017, 10, 31))
    second.participant = premier.participant
    second.save(update_fields=["participant"])
    synchroniser()
    assert dates(operation) == [
        (operation.intitule, J(2017, 1, 10), J(2017, 3, 31)),
        (operation.intitule, J(2017, 9, 1), J(2017, 10, 31)),
    ]


def test_resynchroniser_ne_change_rien_et_suit_le_dossier(referent):
    operation = portage(referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 3, 1))
    assert synchroniser() == 1
    assert synchroniser() == 0
    sortir(un_parcours, J(2017, 7, 31))
    assert synchroniser() == 1
    assert dates(operation) == [(operation.intitule, J(2017, 3, 1), J(2017, 7, 31))]


def test_une_correction_survit_a_la_resynchronisation(referent):
    operation = portage(referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 3, 1), sortie=J(2017, 9, 30))
    synchroniser()
    Participation.objects.update(entree_corrigee=J(2017, 3, 15), date_entree=J(2017, 3, 15))
    sortir(un_parcours, J(2017, 8, 31))
    synchroniser()
    participation = Participation.objects.get()
    assert (participation.entree_calculee, participation.date_entree) == (J(2017, 3, 1), J(2017, 3, 15))
    assert participation.date_sortie == J(2017, 8, 31)
    assert dates(operation) == [(operation.intitule, J(2017, 3, 15), J(2017, 8, 31))]


def test_une_participation_que_le_dossier_ne_donne_plus(referent):
    """Without answers it goes; with answers it stays, marked as no longer given by the record."""
    atelier = action()
    un_parcours = parcours(referent, J(2017, 1, 10))
    avec = etape_dans(atelier, un_parcours, J(2017, 2, 1), J(2017, 2, 28))
    autre = action("Atelier numérique")
    sans = etape_dans(autre, un_parcours, J(2017, 2, 1), J(2017, 2, 28))
    synchroniser()
    DonneesEntree.objects.create(
        participation=Participation.objects.get(operation=atelier),
        genre="femme",
        sans_domicile="non",
        origine_etrangere="refus",
        minorite="non",
    )
    Etape.objects.filter(pk__in=[avec.pk, sans.pk]).delete()
    synchroniser()
    restante = Participation.objects.get()
    assert restante.operation == atelier
    assert restante.deduite is False
    etape_dans(atelier, un_parcours, J(2017, 2, 1), J(2017, 2, 28))
    synchroniser()
    assert Participation.objects.get().deduite is True


def test_l_age_a_l_entree_reste_apres_l_anonymisation(referent):
    portage(referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 3, 1), sortie=J(2017, 6, 30))
    participant = un_parcours.participant
    participant.date_naissance = J(1990, 3, 2)
    participant.save(update_fields=["date_naissance"])
    synchroniser()
    assert Participation.objects.get().age_entree == 26
    anonymiser_participants([participant.pk])
    assert Participant.objects.get(pk=participant.pk).date_naissance is None
    synchroniser()
    assert Participation.objects.get().age_entree == 26


def test_synchroniser_un_parcours_ne_touche_pas_les_autres(referent):
    operation = portage(referent.structure, 2017)
    un = parcours(referent, J(2017, 3, 1))
    autre = parcours(referent, J(2017, 4, 1))
    synchroniser(operations=[operation], parcours_ids=[un.pk])
    assert list(Participation.objects.values_list("parcours_id", flat=True)) == [un.pk]
    synchroniser(operations=[operation], parcours_ids=[autre.pk])
    assert Participation.objects.count() == 2


def test_un_transfert_date_dans_l_avenir_ne_ferme_pas_la_participation(referent):
    ici = portage(referent.structure, 2017)
    ailleurs_referent = ReferentFactory()
    ailleurs = portage(ailleurs_referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 1, 10))
    transferer(un_parcours, ailleurs_referent, J(2017, 7, 1))
    synchroniser(aujourd_hui=J(2017, 6, 15))
    assert dates() == [(ici.intitule, J(2017, 1, 10), None)]  # still in it today; nothing yet in the other one
    synchroniser(aujourd_hui=J(2017, 7, 1))
    assert dates() == [(ici.intitule, J(2017, 1, 10), J(2017, 6, 30)), (ailleurs.intitule, J(2017, 7, 1), None)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the referentials survive its flush
def test_une_page_n_attend_pas_la_synchronisation_d_arriere_plan():
    """While the background synchronisation holds an operation's participations, a page's synchronisation of a
    portfolio does nothing at once (the page shows what is stored) instead of holding a web process; the
    background one waits its turn. PostgreSQL only (SQLite has no row locks)."""
    import threading
    import time

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("verrous de lignes de PostgreSQL")
    referent = ReferentFactory()
    operation = portage(referent.structure, 2017)
    un_parcours = parcours(referent, J(2017, 3, 1))
    synchroniser(aujourd_hui=J(2017, 9, 1))
    Participation.objects.filter(parcours=un_parcours).update(entree_calculee=None)  # something to write
    tient, relache = threading.Event(), threading.Event()

    def arriere_plan():
        with transaction.atomic():
            list(Participation.objects.select_for_update().filter(operation=operation))
            tient.set()
            relache.wait(10)
        connections.close_all()

    fil = threading.Thread(target=arriere_plan)
    fil.start()
    try:
        assert tient.wait(10)
        debut = time.monotonic()
        assert synchroniser(parcours_ids=[un_parcours.pk], aujourd_hui=J(2017, 9, 1), attendre=False) == 0
        assert time.monotonic() - debut < 2
    finally:
        relache.set()
        fil.join()
    assert synchroniser(parcours_ids=[un_parcours.pk], aujourd_hui=J(2017, 9, 1), attendre=False) == 1
