"""The common indicators of Regulation (EU) 2021/1057, Annex I, counted on hand-built histories: every indicator
of an operation, by gender, exactly (docs/fse.md, « Indicateurs »)."""

import datetime

import pytest

from fse.enums import Genre, Reponse
from fse.indicateurs import A_L_ENTREE, A_LA_SORTIE, NON_RENSEIGNES, avec_lignes, incoherences, tableau
from fse.models import DonneesEntree, DonneesSortie, Participation
from fse.participations import synchroniser
from fse.services import participation_corriger
from parcours.enums import SituationEmploi
from parcours.models import MotifSortie
from participants.enums import Nationalite, NiveauFormation, Sexe
from participants.models import Commune, age_au
from plie.enums import Role
from tests.fse.histoires import J, portage
from tests.parcours.factories import ParcoursFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import etape

pytestmark = pytest.mark.django_db

AUJOURD_HUI = J(2018, 3, 1)
NAISSANCE = J(1980, 5, 17)


def personne(referent, entree, *, sexe=Sexe.FEMME, naissance=NAISSANCE, sortie=None, **champs):
    """A parcours of the référent; ``champs`` go to the parcours, ``nationalite`` to the person."""
    nationalite = champs.pop("nationalite", Nationalite.FRANCE)
    un_parcours = ParcoursFactory(
        prescription__referent=referent,
        date_entree=entree,
        date_sortie=sortie,
        motif_sortie=MotifSortie.objects.get(code="emploi_durable") if sortie else None,
        participant__sexe=sexe,
        participant__date_naissance=naissance,
        participant__nationalite=nationalite,
        age_entree=age_au(naissance, entree) if naissance else None,
        **champs,
    )
    return un_parcours


def participation_de(un_parcours) -> Participation:
    return Participation.objects.get(parcours=un_parcours)


def comptes(t) -> dict[str, tuple[dict[str, int], int]]:
    return {indicateur.cle: (par_genre, total) for indicateur, par_genre, total in t.lignes}


def g(femme=0, homme=0, non_binaire=0):
    par_genre = {Genre.FEMME: femme, Genre.HOMME: homme, Genre.NON_BINAIRE: non_binaire}
    return {k.value: v for k, v in par_genre.items()}, femme + homme + non_binaire


@pytest.fixture
def operation_2017():
    """Seven people in the 2017 portage operation of one structure; the seventh is excluded by the animation."""
    referent = ReferentFactory()
    operation = portage(referent.structure, 2017)
    rurale, urbaine = Commune.objects.exclude(nom="Dijon")[:2]
    Commune.objects.filter(pk=rurale.pk).update(zone_rurale=True)
    Commune.objects.filter(pk=urbaine.pk).update(zone_rurale=False)
    p1 = personne(
        referent,
        J(2017, 2, 1),
        sexe=Sexe.HOMME,
        naissance=J(1998, 6, 1),  # 18
        sortie=J(2017, 6, 30),
        situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        date_inscription_france_travail=J(2015, 1, 5),
        niveau_formation=NiveauFormation.NIVEAU_3,
        rqth=True,
        nationalite=Nationalite.HORS_UE,
    )
    p2 = personne(
        referent,
        J(2017, 3, 1),
        sexe=Sexe.HOMME,
        naissance=J(1960, 1, 1),  # 57
        situation_emploi=SituationEmploi.INACTIF,
        niveau_formation=NiveauFormation.NIVEAU_1,
        commune=rurale,
    )
    p3 = personne(
        referent,
        J(2017, 3, 1),
        naissance=J(2000, 9, 1),  # 16
        situation_emploi=SituationEmploi.EN_EMPLOI,
        aah=True,
    )
    p4 = personne(
        referent,
        J(2017, 5, 2),
        naissance=None,
        situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        chomeur_longue_duree=True,
        niveau_formation=NiveauFormation.NIVEAU_6,
        nationalite=Nationalite.UE,
    )
    p5 = personne(
        referent,
        J(2017, 4, 1),
        sexe=Sexe.HOMME,
        naissance=J(1987, 1, 1),  # 30
        situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        date_inscription_france_travail=J(2016, 9, 1),  # 7 months: not long-term at 25 and over
        niveau_formation=NiveauFormation.NIVEAU_4,
        commune=urbaine,
    )
    p6 = personne(
        referent,
        J(2016, 10, 1),
        naissance=J(1977, 1, 1),
        situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        niveau_formation=NiveauFormation.NON_RECONNU,
    )
    etape(p6, J(2016, 11, 1))  # a job running when the 2017 operation begins
    p7 = personne(referent, J(2017, 2, 1), situation_emploi=SituationEmploi.INACTIF)
    synchroniser(aujourd_hui=AUJOURD_HUI)
    DonneesEntree.objects.create(
        participation=participation_de(p1),
        genre=Genre.NON_BINAIRE,
        sans_domicile=Reponse.OUI,
        origine_etrangere=Reponse.OUI,
        minorite=Reponse.REFUS,
    )
    DonneesSortie.objects.create(
        participation=participation_de(p1), date_situation=J(2017, 7, 10), emploi=True, qualification=True
    )
    animation = UserFactory(role=Role.ANIMATION)
    participation_corriger(participation=participation_de(p7), par=animation, motif="Doublon", exclue=True)
    return operation, [p1, p2, p3, p4, p5, p6, p7]


def lignes_de(operation):
    return avec_lignes(Participation.objects.filter(operation=operation))


def test_chaque_indicateur_de_l_operation_compte_exactement(operation_2017):
    operation, _ = operation_2017
    t = tableau(lignes_de(operation), debut=J(2017, 1, 1), fin=J(2017, 12, 31))
    assert (t.entrees, t.sorties) == (6, 6)
    assert comptes(t) == {
        "chomeur": g(femme=1, homme=1, non_binaire=1),
        "chomeur_longue_duree": g(femme=1, non_binaire=1),
        "inactif": g(homme=1),
        "en_emploi": g(femme=2),
        "moins_18": g(femme=1),
        "de_18_a_29": g(non_binaire=1),
        "plus_55": g(homme=1),
        "cite_0_2": g(femme=1, homme=1),
        "cite_3_4": g(homme=1, non_binaire=1),
        "cite_5_8": g(femme=1),
        "total": g(femme=3, homme=2, non_binaire=1),
        "handicap": g(femme=1, non_binaire=1),
        "pays_tiers": g(non_binaire=1),
        "origine_etrangere": g(non_binaire=1),
        "minorite": g(),
        "sans_domicile": g(non_binaire=1),
        "zone_rurale": g(homme=1),
        "sortie_recherche_emploi": g(),
        "sortie_formation": g(),
        "sortie_qualification": g(non_binaire=1),
        "sortie_emploi": g(non_binaire=1),
        "cite_inconnu": g(femme=1),
        "age_inconnu": g(femme=1),
        "zone_rurale_inconnue": g(femme=3, non_binaire=1),
        "entree_non_renseignee": g(femme=3, homme=2),
        "entree_refus": g(non_binaire=1),
        "sortie_non_renseignee": g(femme=3, homme=2),
    }
    assert [i.cle for i, _, _ in t.lignes] == [i.cle for i in (*A_L_ENTREE, *A_LA_SORTIE, *NON_RENSEIGNES)]


def test_une_periode_ne_compte_que_les_entrees_et_sorties_qu_elle_contient(operation_2017):
    operation, _ = operation_2017
    t = tableau(lignes_de(operation), debut=J(2017, 1, 1), fin=J(2017, 3, 31))
    assert (t.entrees, t.sorties) == (4, 0)
    assert comptes(t)["total"] == g(femme=2, homme=1, non_binaire=1)
    t = tableau(lignes_de(operation), debut=J(2017, 6, 30), fin=J(2017, 6, 30))
    assert (t.entrees, t.sorties) == (0, 1)
    assert comptes(t)["sortie_emploi"] == g(non_binaire=1)
    assert comptes(t)["total"] == g()


def test_l_operation_de_l_annee_suivante_reprend_la_situation_du_moment(operation_2017):
    """A job étape running on 1 January makes the new participation « en emploi »; the age is the age then."""
    _, personnes = operation_2017
    p6 = personnes[5]
    suivante = portage(p6.referent.structure, 2018)
    synchroniser(aujourd_hui=AUJOURD_HUI)
    ((participation, valeurs),) = avec_lignes(Participation.objects.filter(operation=suivante, parcours=p6))
    assert participation.date_entree == J(2018, 1, 1) and participation.age_entree == 41
    assert [cle for cle in ("chomeur", "inactif", "en_emploi") if valeurs[cle]] == ["en_emploi"]


@pytest.mark.parametrize(
    "inscription, naissance, attendu",
    [
        (J(2016, 3, 1), J(1980, 1, 1), True),  # 12 months exactly at 25 and over
        (J(2016, 3, 2), J(1980, 1, 1), False),  # a day short
        (J(2016, 9, 1), J(1995, 1, 1), True),  # 6 months under 25
        (J(2016, 9, 2), J(1995, 1, 1), False),
        (None, J(1980, 1, 1), False),  # no date, no flag
    ],
)
def test_le_chomage_de_longue_duree_se_lit_sur_la_date_d_inscription(inscription, naissance, attendu):
    le_chomage_de_longue_duree(inscription, naissance, J(2017, 3, 1), attendu)


@pytest.mark.parametrize(
    "inscription, naissance, entree, attendu",
    [
        # Twelve months from 29/02/2016 end on 28/02/2017 (that February has no 29th): long-term that day.
        (J(2016, 2, 29), J(1980, 1, 1), J(2017, 2, 28), True),
        (J(2016, 2, 29), J(1980, 1, 1), J(2017, 2, 27), False),
        (J(2016, 1, 30), J(1980, 1, 1), J(2017, 1, 30), True),
        (J(2016, 1, 30), J(1980, 1, 1), J(2017, 1, 29), False),
        # Under 25: six months from 31/08 end on the last day of February, from 31/12 on 30/06.
        (J(2016, 8, 31), J(1995, 1, 1), J(2017, 2, 28), True),
        (J(2016, 8, 31), J(1995, 1, 1), J(2017, 2, 27), False),
        (J(2016, 12, 31), J(1995, 1, 1), J(2017, 6, 30), True),
        (J(2016, 12, 31), J(1995, 1, 1), J(2017, 6, 29), False),
    ],
)
def test_le_chomage_de_longue_duree_finit_en_fin_de_mois(inscription, naissance, entree, attendu):
    le_chomage_de_longue_duree(inscription, naissance, entree, attendu)


def le_chomage_de_longue_duree(inscription, naissance, entree, attendu):
    referent = ReferentFactory()
    operation = portage(referent.structure, 2017)
    personne(
        referent,
        entree,
        naissance=naissance,
        situation_emploi=SituationEmploi.DEMANDEUR_EMPLOI,
        date_inscription_france_travail=inscription,
    )
    synchroniser(aujourd_hui=AUJOURD_HUI)
    ((_, valeurs),) = lignes_de(operation)
    assert valeurs["chomeur"] and valeurs["chomeur_longue_duree"] is attendu


def test_les_incoherences_d_une_participation_sont_nommees():
    referent = ReferentFactory()
    operation = portage(referent.structure, 2017)
    sans_naissance = personne(referent, J(2017, 3, 1), naissance=None)
    synchroniser(aujourd_hui=AUJOURD_HUI)
    ((participation, valeurs),) = lignes_de(operation)
    assert participation.parcours == sans_naissance
    assert incoherences(participation, valeurs) == ["Âge à l'entrée inconnu : la date de naissance manque."]
    # The database allows one labour-market status only; the check still guards the row's computation.
    valeurs_faussees = {**valeurs, "inactif": True, "en_emploi": True, "moins_18": True}
    participation.age_entree = 40
    assert incoherences(participation, valeurs_faussees) == [
        "3 situations sur le marché du travail au lieu d'une seule.",
        "La tranche d'âge ne correspond pas à l'âge à l'entrée (40 ans).",
    ]


def test_sans_participation_le_tableau_est_vide():
    t = tableau([], debut=J(2017, 1, 1), fin=J(2017, 12, 31))
    assert (t.entrees, t.sorties) == (0, 0)
    assert all(total == 0 for _, _, total in t.lignes)


def test_le_premier_et_le_dernier_jour_de_la_periode_sont_compris(operation_2017):
    operation, _ = operation_2017
    rows = lignes_de(operation)
    le_premier = tableau(rows, debut=J(2017, 2, 1), fin=J(2017, 2, 28))  # p1 enters on 1 February
    assert le_premier.entrees == 1
    le_dernier = tableau(rows, debut=J(2017, 1, 2), fin=J(2017, 2, 1))
    assert le_dernier.entrees == 1
    assert tableau(rows, debut=J(2017, 2, 2), fin=J(2017, 2, 28)).entrees == 0
    assert datetime.date(2017, 12, 31) in {p.date_sortie for p, _ in rows}
