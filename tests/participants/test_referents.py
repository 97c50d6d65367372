import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participants.enums import NIVEAU_VERS_ANCIEN, NIVEAU_VERS_CITE, AncienNiveau, GroupeCite, NiveauFormation
from participants.models import Referent, ReferentEtp, Remplacement
from tests.participants.factories import ReferentFactory

pytestmark = pytest.mark.django_db


def test_etp_en_poste_a_une_date_suit_l_historique():
    referent = ReferentFactory(etp=1, etp__depuis=datetime.date(2017, 1, 1))
    ReferentEtp.objects.create(referent=referent, date_debut=datetime.date(2017, 7, 1), etp=Decimal("0.8"))
    ReferentEtp.objects.create(referent=referent, date_debut=datetime.date(2018, 1, 1), etp=Decimal("0"))

    def etp(date):
        return Referent.objects.avec_etp_au(date).get(pk=referent.pk).etp

    assert etp(datetime.date(2016, 12, 31)) == 0
    assert etp(datetime.date(2017, 6, 30)) == Decimal("1")
    assert etp(datetime.date(2017, 7, 31)) == Decimal("0.8")
    assert referent.etp_au(datetime.date(2017, 7, 31)) == Decimal("0.8")
    assert not Referent.objects.en_poste_au(datetime.date(2018, 1, 31)).exists()


def test_etp_superieur_a_un_refuse():
    referent = ReferentFactory()
    ligne = ReferentEtp(referent=referent, date_debut=datetime.date(2017, 1, 1), etp=Decimal("1.2"))
    with pytest.raises(ValidationError) as exc:
        ligne.full_clean()
    assert exc.value.message_dict["etp"] == ["Assurez-vous que cette valeur est inférieure ou égale à 1."]


def test_remplacement_dates_inversees_refuse():
    remplacement = Remplacement(
        remplacant=ReferentFactory(),
        remplace=ReferentFactory(),
        date_debut=datetime.date(2017, 3, 1),
        date_fin=datetime.date(2017, 2, 1),
    )
    with pytest.raises(ValidationError) as exc:
        remplacement.full_clean()
    assert "La fin du remplacement ne peut pas précéder son début." in exc.value.messages


def test_chaque_niveau_de_formation_a_son_ancien_niveau_et_son_groupe_cite():
    assert set(NIVEAU_VERS_ANCIEN) == set(NiveauFormation)
    assert set(NIVEAU_VERS_CITE) == set(NiveauFormation)
    assert NIVEAU_VERS_ANCIEN[NiveauFormation.NIVEAU_3] == AncienNiveau.V
    assert NIVEAU_VERS_CITE[NiveauFormation.NIVEAU_3] == GroupeCite.CITE_3_4
    assert NIVEAU_VERS_CITE[NiveauFormation.NIVEAU_5] == GroupeCite.CITE_5_8


def test_total_des_etp_en_vigueur_a_une_date():
    un = ReferentFactory(etp=1, etp__depuis=datetime.date(2017, 1, 1))
    ReferentFactory(etp=0.5, etp__depuis=datetime.date(2017, 1, 1))
    ReferentEtp.objects.create(referent=un, date_debut=datetime.date(2017, 7, 1), etp=Decimal("0.8"))

    def total(date):
        return sum(ligne.etp for ligne in ReferentEtp.objects.en_vigueur_au(date))

    assert total(datetime.date(2016, 12, 31)) == 0
    assert total(datetime.date(2017, 6, 30)) == Decimal("1.5")
    assert total(datetime.date(2017, 7, 1)) == Decimal("1.3")
